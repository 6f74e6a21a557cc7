/** "Log in to …": a card with the reason and a link to the login page that comes back here. */
import { h } from "../dom";
import { t } from "../i18n";
import { loginHref } from "../router";

export function loginCard(message: string, action: string = t("header.login")): HTMLElement {
  return h(
    "section",
    { class: "card login-needed", "data-testid": "login-needed" },
    h("p", {}, message),
    h("a", { class: "button", href: loginHref() }, action),
  );
}
