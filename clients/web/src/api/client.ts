/**
 * The typed API client: openapi-fetch over the types that `npm run gen:api` generates from
 * docs/api/schema.yaml (the backend's OpenAPI schema).
 *
 * - Cookies go along (`credentials: "same-origin"`): the web client logs in the Django session.
 * - Unsafe methods carry the CSRF token from the `csrftoken` cookie (the page view sets it).
 * - The language on this device's screen goes with every request, as `Accept-Language` and as
 *   `X-Ieum-Language` (which the server honours over the account's saved preference: that one is
 *   for pushes and texts, the screen follows the device).
 * - Whether a request got an answer at all tells `offline.ts` if the network is there.
 * - Errors use the one envelope `{"code","message","extra"}`; `call()` turns them into `ApiError`.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { currentLanguage, t } from "../i18n";
import { markOffline, markOnline } from "../offline";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ErrorEnvelope = Schemas["ErrorOutput"];
/** Every code the server can answer, from the schema (each app's ErrorCode enum). */
export type ErrorCode = Schemas["ErrorCodeEnum"];
/** Codes the client makes up itself when no envelope came back. */
export type ClientErrorCode = "network" | "unexpected" | `http_${number}`;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    envelope: { code: ErrorCode | ClientErrorCode; message: string; extra?: Record<string, unknown> },
  ) {
    super(envelope.message);
    this.name = "ApiError";
    this.status = status;
    this.code = envelope.code;
    this.extra = envelope.extra ?? {};
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

const headers: Middleware = {
  onRequest({ request }) {
    const language = currentLanguage();
    request.headers.set("Accept-Language", language);
    request.headers.set("X-Ieum-Language", language);
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      // read at every request: Django rotates the token when the session logs in
      const token = readCookie("csrftoken");
      if (token) request.headers.set("X-CSRFToken", token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(headers);

function isEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorEnvelope).code === "string" &&
    typeof (value as ErrorEnvelope).message === "string"
  );
}

/**
 * Await an openapi-fetch call and return its data, or throw an ApiError: the server's envelope
 * when there is one, else a translated stand-in (network down, a proxy's HTML error page).
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    markOffline();
    throw new ApiError(0, { code: "network", message: t("error.network"), extra: {} });
  }
  const { data, error, response } = result;
  markOnline();
  if (response.ok) return data as T;
  if (isEnvelope(error)) throw new ApiError(response.status, error);
  throw new ApiError(response.status, {
    code: `http_${response.status}`,
    message: t("error.unexpected"),
    extra: {},
  });
}
