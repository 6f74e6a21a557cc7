import { h, svg } from "../dom";
import { t } from "../i18n";
import { serviceBySlug } from "../services";


export function comingSoonView(root: HTMLElement, slug: string): void {
  const service = serviceBySlug(slug);
  const name = service ? t(service.title) : slug;
  root.replaceChildren(
    h(
      "section",
      { class: "card coming-soon", "aria-labelledby": "coming-soon-title" },
      service
        ? h("span", { class: "tile-icon large", style: `--tile: ${service.colour}` }, svg(service.icon))
        : null,
      h("h1", { id: "coming-soon-title" }, name),
      h("p", { class: "badge-soon" }, t("comingSoon.title")),
      h("p", { class: "muted" }, t("comingSoon.body", { service: name })),
      h("a", { class: "button", href: "/" }, t("comingSoon.back")),
    ),
  );
}
