/**
 * Sign-up and login with a one-time SMS code: phone → code (+ consents when the number is new).
 * The state lives at module level so switching the language (which re-mounts the view) keeps what
 * was typed.
 */
import { api, ApiError, call, type Schemas } from "../api/client";
import { h } from "../dom";
import { currentLanguage, t, type Language } from "../i18n";
import { navigate, nextPath } from "../router";
import { setUser } from "../session";
import { formatPhone } from "../format";


type ConsentDocument = Schemas["ConsentDocumentOutput"];
type ConsentKind = ConsentDocument["kind"];

interface LoginState {
  step: "phone" | "code";
  phoneInput: string;
  phone: string; // E.164 from the server
  signup: boolean;
  expiresAt: number;
  code: string;
  name: string;
  agreed: Set<ConsentKind>;
  documents: ConsentDocument[];
  documentsLanguage: Language | null;
  error: { code: string; message: string; detail?: string } | null;
  busy: boolean;
}

function fresh(): LoginState {
  return {
    step: "phone",
    phoneInput: "",
    phone: "",
    signup: false,
    expiresAt: 0,
    code: "",
    name: "",
    agreed: new Set(),
    documents: [],
    documentsLanguage: null,
    error: null,
    busy: false,
  };
}

let state = fresh();

function showError(error: unknown): void {
  if (error instanceof ApiError) {
    const left = error.extra.attempts_left;
    state.error = {
      code: error.code,
      message: error.message,
      detail: typeof left === "number" ? t("login.attemptsLeft", { count: left }) : undefined,
    };
  } else {
    state.error = { code: "unexpected", message: t("error.unexpected") };
  }
}

function secondsLeft(): number {
  return Math.max(0, Math.ceil((state.expiresAt - Date.now()) / 1000));
}

function clock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

export function loginView(root: HTMLElement): () => void {
  let timer: number | undefined;
  let disposed = false;

  const render = (): void => {
    if (disposed) return;
    root.replaceChildren(state.step === "phone" ? phoneStep() : codeStep());
    const focus = root.querySelector<HTMLElement>("[data-autofocus]");
    focus?.focus();
  };

  const errorBox = () =>
    state.error
      ? h(
          "div",
          { class: "error", role: "alert", "data-testid": "error", "data-code": state.error.code },
          h("p", {}, state.error.message),
          state.error.detail ? h("p", { class: "error-detail" }, state.error.detail) : null,
        )
      : null;

  async function loadDocuments(): Promise<void> {
    const language = currentLanguage();
    if (state.documentsLanguage === language) return;
    state.documents = await call(api.GET("/api/v1/accounts/consent-documents/"));
    state.documentsLanguage = language;
  }

  async function requestCode(event?: Event): Promise<void> {
    event?.preventDefault();
    if (state.busy) return;
    state.busy = true;
    state.error = null;
    render();
    try {
      const result = await call(
        api.POST("/api/v1/accounts/otp/request/", { body: { phone: state.phoneInput } }),
      );
      state.step = "code";
      state.phone = result.phone;
      state.signup = result.signup;
      state.expiresAt = Date.now() + result.expires_in * 1000;
      state.code = "";
      if (result.signup) await loadDocuments();
    } catch (error) {
      showError(error);
    } finally {
      state.busy = false;
      render();
    }
  }

  async function verify(event: Event): Promise<void> {
    event.preventDefault();
    if (state.busy) return;
    const missing = state.documents.filter((d) => d.required && !state.agreed.has(d.kind));
    if (state.signup && missing.length) {
      state.error = { code: "accounts.consent_required", message: t("login.consentMissing") };
      render();
      return;
    }
    state.busy = true;
    state.error = null;
    render();
    try {
      const result = await call(
        api.POST("/api/v1/accounts/otp/verify/", {
          body: {
            phone: state.phone,
            code: state.code.trim(),
            consents: state.signup ? [...state.agreed] : [],
            session: true,
            preferred_language: currentLanguage(),
            ...(state.signup && state.name.trim() ? { display_name: state.name.trim() } : {}),
          },
        }),
      );
      state = fresh();
      // setUser re-renders at once, and the login route sends a logged-in user home; do not wait
      // for the rest (language sync, unread count) and navigate later, or a tap made meanwhile
      // would be undone
      void setUser(result.user);
      if (!disposed) navigate(nextPath(), { replace: true });
    } catch (error) {
      showError(error);
      state.busy = false;
      render();
    }
  }

  function phoneStep(): HTMLElement {
    return h(
      "section",
      { class: "card", "aria-labelledby": "login-title" },
      h("h1", { id: "login-title" }, t("login.title")),
      h("p", { class: "muted" }, t("login.intro")),
      h(
        "form",
        { onsubmit: (e: Event) => void requestCode(e), novalidate: true },
        h("label", { for: "phone" }, t("login.phone")),
        h("input", {
          id: "phone",
          name: "phone",
          type: "tel",
          inputmode: "tel",
          autocomplete: "tel-national",
          placeholder: t("login.phonePlaceholder"),
          value: state.phoneInput,
          required: true,
          "data-autofocus": true,
          oninput: (e: Event) => {
            state.phoneInput = (e.target as HTMLInputElement).value;
          },
        }),
        errorBox(),
        h("button", { type: "submit", class: "button", disabled: state.busy }, t("login.send")),
      ),
    );
  }

  function consentList(): HTMLElement {
    const kinds = state.documents.map((d) => d.kind);
    const allAgreed = kinds.length > 0 && kinds.every((k) => state.agreed.has(k));
    return h(
      "fieldset",
      { class: "consents" },
      h("legend", {}, t("login.consents")),
      h("p", { class: "muted" }, t("login.signupIntro")),
      h(
        "label",
        { class: "check all" },
        h("input", {
          type: "checkbox",
          name: "agree-all",
          checked: allAgreed,
          onchange: (e: Event) => {
            const checked = (e.target as HTMLInputElement).checked;
            state.agreed = checked ? new Set(kinds) : new Set();
            // update in place: re-rendering would move the focus away from the box just ticked
            for (const box of root.querySelectorAll<HTMLInputElement>("input[name=consent]")) {
              box.checked = checked;
            }
          },
        }),
        h("span", {}, t("login.agreeAll")),
      ),
      state.documents.map((doc) =>
        h(
          "div",
          { class: "consent" },
          h(
            "label",
            { class: "check" },
            h("input", {
              type: "checkbox",
              name: "consent",
              value: doc.kind,
              checked: state.agreed.has(doc.kind),
              onchange: (e: Event) => {
                if ((e.target as HTMLInputElement).checked) state.agreed.add(doc.kind);
                else state.agreed.delete(doc.kind);
                const all = root.querySelector<HTMLInputElement>("input[name=agree-all]");
                if (all) all.checked = kinds.every((k) => state.agreed.has(k));
              },
            }),
            h(
              "span",
              {},
              h(
                "span",
                { class: doc.required ? "tag required" : "tag" },
                doc.required ? t("login.required") : t("login.optional"),
              ),
              " ",
              doc.title,
            ),
          ),
          h(
            "details",
            {},
            h("summary", {}, t("login.readText")),
            h("div", { class: "consent-body" }, doc.body),
          ),
        ),
      ),
    );
  }

  function codeStep(): HTMLElement {
    const left = secondsLeft();
    return h(
      "section",
      { class: "card", "aria-labelledby": "login-title" },
      h("h1", { id: "login-title" }, t("login.title")),
      h("p", {}, t("login.sentTo", { phone: formatPhone(state.phone) })),
      h(
        "form",
        { onsubmit: (e: Event) => void verify(e), novalidate: true },
        state.signup ? consentList() : null,
        state.signup
          ? [
              h("label", { for: "name" }, t("login.name")),
              h("input", {
                id: "name",
                name: "name",
                autocomplete: "name",
                maxlength: 50,
                value: state.name,
                oninput: (e: Event) => {
                  state.name = (e.target as HTMLInputElement).value;
                },
              }),
            ]
          : null,
        h("label", { for: "code" }, t("login.code")),
        h("input", {
          id: "code",
          name: "code",
          inputmode: "numeric",
          autocomplete: "one-time-code",
          pattern: "[0-9]{6}",
          maxlength: 6,
          value: state.code,
          required: true,
          "data-autofocus": state.signup ? undefined : true,
          oninput: (e: Event) => {
            state.code = (e.target as HTMLInputElement).value.replace(/\D/g, "");
          },
        }),
        h(
          "p",
          { class: left > 0 ? "countdown" : "countdown expired", "aria-live": "polite", "data-testid": "countdown" },
          left > 0 ? t("login.expiresIn", { time: clock(left) }) : t("login.expired"),
        ),
        errorBox(),
        h(
          "button",
          { type: "submit", class: "button", disabled: state.busy || left === 0 },
          t("login.verify"),
        ),
        h(
          "div",
          { class: "row" },
          h(
            "button",
            { type: "button", class: "link", onclick: () => void requestCode() },
            t("login.resend"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                state = { ...fresh(), phoneInput: state.phoneInput };
                render();
              },
            },
            t("login.changePhone"),
          ),
        ),
      ),
    );
  }

  // the countdown: only its line changes each second, so typing is not disturbed
  timer = window.setInterval(() => {
    if (state.step !== "code") return;
    const line = root.querySelector<HTMLElement>("[data-testid=countdown]");
    const left = secondsLeft();
    if (!line) return;
    if (left > 0) {
      line.textContent = t("login.expiresIn", { time: clock(left) });
    } else if (!line.classList.contains("expired")) {
      render();
    }
  }, 1000);

  render();
  if (state.step === "code" && state.signup && state.documentsLanguage !== currentLanguage()) {
    loadDocuments().then(render, () => undefined);
  }
  return () => {
    disposed = true;
    window.clearInterval(timer);
  };
}
