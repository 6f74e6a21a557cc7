/**
 * Service alerts (active now, in the language on screen): a banner on the planner and stop pages
 * for the alerts that concern them, and a screen listing them all.
 */
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { ALERTS, TRIP } from "./common";
import { dateTime } from "../../format";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";

export type Alert = Schemas["AlertOutput"];

export async function fetchAlerts(): Promise<Alert[]> {
  return call(api.GET("/api/v1/transit/alerts/"));
}

/** An alert about the whole network (no entity, or only empty ones). */
export function isNetworkWide(alert: Alert): boolean {
  return alert.informed_entities.every((e) => !e.route_id && !e.stop_id && !e.trip_id);
}

/** Does the alert concern a stop (any of its ids: the station and its platforms) or a route
 * serving it? */
export function affectsStop(alert: Alert, stopIds: Set<string>, routeIds: Set<string>): boolean {
  if (isNetworkWide(alert)) return true;
  return alert.informed_entities.some((e) => {
    if (e.stop_id) return stopIds.has(e.stop_id) && (!e.route_id || routeIds.has(e.route_id));
    return !!e.route_id && routeIds.has(e.route_id);
  });
}

/**
 * A banner that fills itself once the alerts are in: those `concerns` keeps (all by default),
 * each header with a link to the list. Empty (and hidden) when none apply or the call fails.
 */
export function alertsBanner(concerns: (alert: Alert) => boolean = () => true): HTMLElement {
  const banner = h("aside", {
    class: "alert-banner",
    role: "status",
    "data-testid": "alerts-banner",
    hidden: true,
  });
  void fetchAlerts()
    .then((alerts) => {
      const mine = alerts.filter(concerns);
      if (!mine.length) return;
      fill(
        banner,
        h("strong", { class: "alert-banner-title" }, `⚠ ${t("alerts.banner", { count: mine.length })}`),
        h(
          "ul",
          {},
          mine.slice(0, 3).map((a) =>
            h("li", { "data-testid": "alert-banner-item", "data-alert": a.id }, a.header),
          ),
        ),
        h("a", { href: ALERTS, "data-testid": "alerts-link" }, t("alerts.seeAll")),
      );
      banner.hidden = false;
    })
    .catch(() => undefined);
  return banner;
}

function periodText(alert: Alert): string | null {
  const period = alert.active_periods.find((p) => p.start || p.end);
  if (!period) return null;
  if (period.start && period.end) {
    return t("alerts.between", { start: dateTime(period.start), end: dateTime(period.end) });
  }
  if (period.end) return t("alerts.until", { end: dateTime(period.end) });
  return t("alerts.since", { start: dateTime(period.start!) });
}

function scopeText(alert: Alert): string {
  if (isNetworkWide(alert)) return t("alerts.network");
  const parts = alert.informed_entities
    .map((e) => [e.route_id && t("alerts.routeId", { id: e.route_id }), e.stop_id && t("alerts.stopId", { id: e.stop_id })].filter(Boolean).join(" · "))
    .filter(Boolean);
  return [...new Set(parts)].join(", ");
}

/** Every alert active now. */
export function alertsView(root: HTMLElement): () => void {
  let disposed = false;
  const back = backLink(TRIP, t("trip.title"));
  fill(root, back, h("p", { class: "muted loading" }, t("loading")));
  fetchAlerts()
    .then((alerts) => {
      if (disposed) return;
      fill(
        root,
        back,
        h("h1", { class: "section-title" }, t("alerts.title")),
        alerts.length
          ? h(
              "ul",
              { class: "alert-list", "data-testid": "alerts" },
              alerts.map((a) =>
                h(
                  "li",
                  { class: "card alert-item", "data-testid": "alert", "data-alert": a.id },
                  h("h2", {}, a.header),
                  h("p", { class: "muted small" }, [a.effect_label, a.cause_label].filter(Boolean).join(" · ")),
                  h("p", { class: "small", "data-testid": "alert-scope" }, scopeText(a)),
                  periodText(a) ? h("p", { class: "small" }, periodText(a)) : null,
                  a.description ? h("p", { class: "alert-description" }, a.description) : null,
                  a.url
                    ? h("a", { href: a.url, target: "_blank", rel: "noopener" }, t("alerts.more"))
                    : null,
                ),
              ),
            )
          : h("p", { class: "empty", "data-testid": "no-alerts" }, t("alerts.none")),
      );
    })
    .catch((e) => {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    });
  return () => {
    disposed = true;
  };
}
