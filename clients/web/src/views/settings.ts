/**
 * Settings of this device and of the account, kept apart on purpose:
 * - the screen language (this device only; the header switch does the same),
 * - large-text simple mode (this device only),
 * - the language of messages sent to the person — pushes, texts — which is the account's
 *   `preferred_language` and changes only here.
 */
import { fill, h } from "../dom";
import { currentLanguage, t, type Language } from "../i18n";
import { largeText, setLargeText } from "../prefs";
import { loginHref, navigate } from "../router";
import { logout, saveMessageLanguage, session, switchLanguage } from "../session";
import { asApiError, errorBox } from "../ui/errors";

const LANGUAGES: { value: Language; label: string }[] = [
  { value: "ko", label: "한국어" },
  { value: "en", label: "English" },
];

function radioGroup(
  name: string,
  legend: string,
  hint: string,
  value: string,
  options: { value: string; label: string; lang?: string }[],
  onChange: (value: string) => void,
): HTMLElement {
  return h(
    "fieldset",
    { class: "card settings-group", "data-testid": `${name}-setting` },
    h("legend", {}, legend),
    h("p", { class: "muted small" }, hint),
    options.map((option) =>
      h(
        "label",
        { class: "radio" },
        h("input", {
          type: "radio",
          name,
          value: option.value,
          checked: option.value === value,
          "data-testid": `${name}-${option.value}`,
          onchange: () => onChange(option.value),
        }),
        h("span", { lang: option.lang ?? null }, option.label),
      ),
    ),
  );
}

export function settingsView(root: HTMLElement): void {
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "settings-status" });
  const user = session.user;

  const messageLanguage = user
    ? radioGroup(
        "message-language",
        t("settings.messageLanguage"),
        t("settings.messageLanguageHint"),
        user.preferred_language,
        LANGUAGES.map((l) => ({ ...l, lang: l.value })),
        (value) => {
          fill(status);
          saveMessageLanguage(value as Language).then(
            () => fill(status, h("p", { class: "notice" }, t("settings.saved"))),
            (e) => fill(status, errorBox(asApiError(e))),
          );
        },
      )
    : h(
        "section",
        { class: "card settings-group" },
        h("h2", {}, t("settings.messageLanguage")),
        h("p", { class: "muted small" }, t("settings.loginForMessages")),
        h("a", { class: "button secondary", href: loginHref() }, t("header.login")),
      );

  const large = h("input", {
    type: "checkbox",
    id: "large-text",
    checked: largeText(),
    "data-testid": "large-text",
    onchange: () => setLargeText(large.checked),
  });

  fill(
    root,
    h("h1", { class: "section-title" }, t("settings.title")),
    radioGroup(
      "screen-language",
      t("settings.screenLanguage"),
      t("settings.screenLanguageHint"),
      currentLanguage(),
      LANGUAGES.map((l) => ({ ...l, lang: l.value })),
      (value) => switchLanguage(value as Language),
    ),
    h(
      "section",
      { class: "card settings-group", "aria-labelledby": "large-text-title" },
      h("h2", { id: "large-text-title" }, t("settings.largeText")),
      h("label", { class: "switch", for: "large-text" }, large, h("span", {}, t("settings.largeTextLabel"))),
      h("p", { class: "muted small" }, t("settings.largeTextHint")),
    ),
    messageLanguage,
    status,
    user
      ? h(
          "section",
          { class: "card settings-group", "aria-labelledby": "account-title" },
          h("h2", { id: "account-title" }, t("settings.account")),
          h("a", { class: "button secondary", href: "/payments", "data-testid": "payments-link" }, t("payments.title")),
          h(
            "button",
            {
              type: "button",
              class: "button secondary",
              "data-testid": "settings-logout",
              onclick: async () => {
                await logout().catch(() => undefined);
                navigate("/");
              },
            },
            t("header.logout"),
          ),
        )
      : null,
  );
}
