/** What the civil-request screens share: paths, the status badge, the login card that keeps
 * the form's prefill (?category=&text=) through the login detour. */
import "../../i18n/civic";
import type { Schemas } from "../../api/client";
import { h } from "../../dom";
import { t } from "../../i18n";
import { loginHref } from "../../router";
import "./civic.css";

export type CivilRequest = Schemas["CivilRequestOutput"];
export type CivilRequestDetail = Schemas["CivilRequestDetailOutput"];
export type Category = Schemas["CivilCategoryOutput"];

export const REQUESTS = "/services/chat/requests";
export const NEW_REQUEST = `${REQUESTS}/new`;
export const requestPath = (id: string): string => `${REQUESTS}/${id}`;

export function statusBadge(r: { status_label: string; open311_status: string }): HTMLElement {
  return h(
    "span",
    { class: "civic-status", "data-open": r.open311_status, "data-testid": "request-status", "data-server-text": "status" },
    r.status_label,
  );
}

export function civicLoginCard(): HTMLElement {
  return h(
    "section",
    { class: "card login-needed", "data-testid": "login-needed" },
    h("p", {}, t("civic.loginNeeded")),
    h("a", { class: "button", href: loginHref(location.pathname + location.search) }, t("header.login")),
  );
}
