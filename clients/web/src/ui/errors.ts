/** The error box every screen shows: the server's translated message (or "you are offline"). */
import { ApiError } from "../api/client";
import { h } from "../dom";
import { t } from "../i18n";
import { isOnline } from "../offline";

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, { code: "unexpected", message: t("error.unexpected"), extra: {} });
}

/** True when the request failed because there is no network (not because the server refused). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === "network";
}

/**
 * The refusal as an alert; `more` goes under the message (what to do instead, e.g. the return
 * places the server suggests). A network failure says "offline" — never "nothing found".
 */
export function errorBox(error: ApiError | null, more?: Node | null): HTMLElement | null {
  if (!error) return null;
  const offline = isNetworkError(error) || !isOnline();
  return h(
    "div",
    {
      class: offline && isNetworkError(error) ? "error offline-error" : "error",
      role: "alert",
      "data-testid": "error",
      "data-code": error.code,
    },
    h("p", {}, isNetworkError(error) ? t(offline ? "offline.cannotLoad" : "error.network") : error.message),
    more ?? null,
  );
}
