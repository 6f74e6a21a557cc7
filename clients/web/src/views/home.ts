import { h, svg } from "../dom";
import { formatPhone, t } from "../i18n";
import { SERVICES } from "../services";
import { session } from "../session";

export function homeView(root: HTMLElement): void {
  const user = session.user;
  const welcome = user
    ? h(
        "section",
        { class: "card welcome", "aria-labelledby": "welcome-title" },
        h(
          "h2",
          { id: "welcome-title", "data-testid": "greeting" },
          user.display_name ? t("home.greeting", { name: user.display_name }) : t("home.hello"),
        ),
        h("p", { class: "muted", "data-testid": "my-phone" }, formatPhone(user.phone)),
      )
    : h(
        "section",
        { class: "card welcome", "aria-labelledby": "welcome-title" },
        h("h2", { id: "welcome-title" }, t("home.guestTitle")),
        h("p", { class: "muted" }, t("home.guest")),
        h("a", { class: "button", href: "/login" }, t("header.login")),
      );

  const tiles = SERVICES.map((service) =>
    h(
      "li",
      {},
      h(
        "a",
        { class: "tile", href: `/services/${service.slug}`, "data-service": service.slug },
        h("span", { class: "tile-icon", style: `--tile: ${service.colour}` }, svg(service.icon)),
        h("span", { class: "tile-title" }, t(service.title)),
        h("span", { class: "tile-body" }, t(service.body)),
      ),
    ),
  );

  root.replaceChildren(
    welcome,
    h(
      "section",
      { "aria-labelledby": "services-title" },
      h("h2", { id: "services-title", class: "section-title" }, t("home.services")),
      h("ul", { class: "tiles" }, tiles),
    ),
  );
}
