/**
 * Home: who is here, one search box over stops (transit), places (tourism) and what every service
 * finds (GET /api/v1/search/: Tagogaya stations, parking lots, …), and the service tiles — live
 * ones link to their screens, the rest say plainly that they are not there yet.
 */
import { api, call, type Schemas } from "../api/client";
import { h, svg } from "../dom";
import { formatPhone } from "../format";
import { t } from "../i18n";
import { serviceIsLive } from "../routes";
import { SERVICES } from "../services";
import { session } from "../session";
import { asApiError, isNetworkError } from "../ui/errors";
import { stopPath, TRIP } from "./transit/common";
import { searchEndpoints } from "./transit/places";

interface Hit {
  /** "stop" and "place" from the planner; a service's own kinds ("station", "lot", …) */
  kind: string;
  name: string;
  detail: string;
  href: string;
}

type ServiceHit = Schemas["SearchHitOutput"];

/** Every service's own search (stations, lots, hubs, …): GET /api/v1/search/. */
function servicesSearch(q: string): Promise<ServiceHit[]> {
  return call(api.GET("/api/v1/search/", { params: { query: { q, limit: 12 } } }));
}

/** Stops and places (the planner's search) first, then what every service found. */
async function searchAll(q: string): Promise<Hit[]> {
  const [endpoints, found] = await Promise.all([searchEndpoints(q), servicesSearch(q)]);
  const hits: Hit[] = endpoints.map((c) =>
    c.endpoint.kind === "stop"
      ? { kind: "stop", name: c.endpoint.name, detail: c.detail, href: stopPath(c.endpoint.id) }
      : {
          kind: "place",
          name: c.endpoint.name,
          detail: t("home.searchPlace"),
          href: `${TRIP}?to=${c.endpoint.lat.toFixed(6)},${c.endpoint.lon.toFixed(6)}&to_name=${encodeURIComponent(c.endpoint.name)}`,
        },
  );
  for (const hit of found) {
    hits.push({ kind: hit.kind, name: hit.title, detail: hit.subtitle, href: hit.path });
  }
  return hits;
}

function searchBox(): HTMLElement {
  const results = h("ul", { class: "home-results", id: "home-results", "data-testid": "home-results", "aria-live": "polite" });
  let timer: number | undefined;
  let asked = 0;
  const input = h("input", {
    id: "home-search",
    type: "search",
    autocomplete: "off",
    "aria-controls": "home-results",
    placeholder: t("home.searchPlaceholder"),
    "data-testid": "home-search",
    oninput: () => {
      window.clearTimeout(timer);
      const q = input.value.trim();
      if (!q) {
        results.replaceChildren();
        return;
      }
      timer = window.setTimeout(async () => {
        const mine = ++asked;
        try {
          const hits = await searchAll(q);
          if (mine !== asked) return;
          results.replaceChildren(
            ...hits.map((hit) =>
              h(
                "li",
                {},
                h(
                  "a",
                  { href: hit.href, "data-testid": "home-hit", "data-kind": hit.kind },
                  h("strong", {}, hit.name),
                  h("span", { class: `tag ${hit.kind}` }, hit.detail),
                ),
              ),
            ),
          );
          if (!hits.length) results.replaceChildren(h("li", { class: "muted small", "data-testid": "home-no-hits" }, t("trip.noMatches")));
        } catch (e) {
          if (mine !== asked) return;
          results.replaceChildren(
            h(
              "li",
              { class: "muted small", "data-testid": "search-failed" },
              isNetworkError(e) ? t("offline.searchOffline") : asApiError(e).message,
            ),
          );
        }
      }, 200);
    },
  });
  return h(
    "section",
    { class: "card home-search", role: "search", "aria-label": t("home.search") },
    h("label", { for: "home-search" }, t("home.search")),
    input,
    results,
  );
}

export function homeView(root: HTMLElement): void {
  const user = session.user;
  const welcome = user
    ? h(
        "section",
        { class: "card welcome", "aria-labelledby": "welcome-title" },
        h(
          "h1",
          { id: "welcome-title", "data-testid": "greeting" },
          user.display_name ? t("home.greeting", { name: user.display_name }) : t("home.hello"),
        ),
        h("p", { class: "muted", "data-testid": "my-phone" }, formatPhone(user.phone)),
      )
    : h(
        "section",
        { class: "card welcome", "aria-labelledby": "welcome-title" },
        h("h1", { id: "welcome-title" }, t("home.guestTitle")),
        h("p", { class: "muted" }, t("home.guest")),
        h("a", { class: "button", href: "/login" }, t("header.login")),
      );

  const tiles = SERVICES.map((service) => {
    const live = serviceIsLive(service.slug);
    return h(
      "li",
      {},
      h(
        "a",
        {
          class: live ? "tile" : "tile soon",
          href: `/services/${service.slug}`,
          "data-service": service.slug,
          "data-live": live ? "true" : "false",
        },
        h("span", { class: "tile-icon", style: `--tile: ${service.colour}` }, svg(service.icon)),
        h("span", { class: "tile-title" }, t(service.title)),
        live ? null : h("span", { class: "soon-badge", "data-testid": "soon-badge" }, t("home.soon")),
        h("span", { class: "tile-body" }, t(service.body)),
      ),
    );
  });

  root.replaceChildren(
    welcome,
    searchBox(),
    h(
      "section",
      { "aria-labelledby": "services-title" },
      h("h2", { id: "services-title", class: "section-title" }, t("home.services")),
      h("ul", { class: "tiles" }, tiles),
    ),
  );
}
