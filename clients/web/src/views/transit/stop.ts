/**
 * A stop: its name, the routes serving it and the next departures, each marked as a live
 * prediction or as the timetable ("3분 후 · 실시간" / "· 시간표"). The minutes count down on their own; a departure opens its route on the map.
 */
import { api, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { affectsStop, alertsBanner } from "./alerts";
import { favouriteControl } from "./favourites";
import { modeChip, routePath, TRIP, type Departure, type RouteRef, type StopDetail } from "./common";
import { stopSocketPath, watch, type SocketStatus, type TransitEvent } from "./live";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { clockTime, minutesUntil } from "../../format";


const REFRESH_MS = 30_000;

export function transitStopView(root: HTMLElement, stopId: string): () => void {
  let disposed = false;
  let stop: StopDetail | null = null;
  let stopSocket: (() => void) | null = null;
  // ?at=2026-11-24T08:00 shows the departures from then (Gimhae time) instead of from now
  const atParam = new URLSearchParams(location.search).get("at") ?? "";
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(atParam) ? `${atParam}:00+09:00` : null;
  const departures = h("ol", { class: "departures", "data-testid": "departures" });
  const routes = h("div", { class: "chips", "data-testid": "stop-routes" });
  const extras = h("div", { class: "stop-extras" });
  const liveLine = h("p", { class: "live-status", role: "status", "data-testid": "stop-live" });
  let socketStatus: SocketStatus = "connecting";

  function renderLive(): void {
    liveLine.className = `live-status ${socketStatus}`;
    liveLine.textContent =
      socketStatus === "open" ? t("trip.live") : socketStatus === "offline" ? t("inbox.offline") : "";
  }

  /** Pushed predictions: a trip's own prediction applies at once; arrivals that name only the
   * route (TAGO) are matched by the server, so the list is fetched again. */
  function handle(message: TransitEvent): void {
    if (message.event !== "stop.arrivals" || !stop) return;
    const byTrip = new Map(message.data.arrivals.filter((a) => a.trip_id).map((a) => [a.trip_id, a]));
    for (const d of stop.departures) {
      const live = byTrip.get(d.trip_id);
      if (live) d.predicted = live.arrival;
    }
    renderDepartures();
    if (message.data.arrivals.some((a) => !a.trip_id)) void load();
  }

  const departureItem = (d: Departure) => {
    const best = d.predicted ?? d.scheduled;
    const late = d.predicted ? Math.round((Date.parse(d.predicted) - Date.parse(d.scheduled)) / 60_000) : 0;
    const until = minutesUntil(best);
    return h(
      "li",
      {},
      h(
        "a",
        {
          class: "departure",
          href: routePath(d.route.id, stopId, d.stop_id),
          "data-testid": "departure",
          "data-trip": d.trip_id,
          "data-route": d.route.id,
        },
        modeChip({ mode: d.mode, route: d.route }),
        h(
          "span",
          { class: "departure-main" },
          h("strong", {}, d.headsign ? t("trip.towards", { headsign: d.headsign }) : d.route.long_name),
          h(
            "span",
            { class: "muted small" },
            h("span", { "data-testid": "scheduled" }, t("trip.scheduledAt", { time: clockTime(d.scheduled) })),
            d.predicted
              ? h(
                  "span",
                  { class: `predicted ${late > 0 ? "late" : ""}`, "data-testid": "predicted" },
                  ` · ${t("trip.predictedAt", { time: clockTime(d.predicted) })}`,
                  late > 0 ? ` (${t("trip.lateBy", { count: late })})` : "",
                )
              : null,
          ),
        ),
        h(
          "span",
          { class: "departure-side" },
          h(
            "span",
            { class: `departure-until ${d.predicted ? "live" : ""}`, "data-testid": "until" },
            until ?? t("trip.departed"),
          ),
          // the API's `predicted` is set only for a live prediction: say which kind each time is
          h(
            "span",
            {
              class: `source-badge ${d.predicted ? "live" : "scheduled"}`,
              "data-testid": "time-source",
              "data-source": d.predicted ? "live" : "scheduled",
            },
            t(d.predicted ? "trip.sourceLive" : "trip.sourceScheduled"),
          ),
        ),
      ),
    );
  };

  function renderDepartures(): void {
    if (!stop) return;
    departures.replaceChildren(...stop.departures.map(departureItem));
    if (!stop.departures.length) {
      departures.replaceChildren(h("li", { class: "empty", "data-testid": "no-departures" }, t("trip.noDepartures")));
    }
    const seen = new Map<string, RouteRef & { mode: string }>();
    for (const d of stop.departures) if (!seen.has(d.route.id)) seen.set(d.route.id, { ...d.route, mode: d.mode });
    routes.replaceChildren(
      ...[...seen.values()].map((r) =>
        h("a", { href: routePath(r.id, stopId), class: "route-link", "data-route": r.id }, modeChip({ mode: r.mode, route: r })),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      const fresh = await call(
        api.GET("/api/v1/transit/stops/{stop_id}/", {
          params: { path: { stop_id: stopId }, query: { limit: 12, ...(at ? { at } : {}) } },
        }),
      );
      if (disposed) return;
      const first = stop === null;
      stop = fresh;
      if (first) {
        show();
        renderLive();
        stopSocket = watch(stopSocketPath(stopId), handle, (status) => {
          socketStatus = status;
          renderLive();
        });
      } else renderDepartures();
    } catch (e) {
      if (!disposed && stop === null) fill(root, backLink(TRIP, t("trip.title")), errorBox(asApiError(e)));
    }
  }

  function show(): void {
    if (!stop) return;
    const stopIds = new Set([stop.id, ...stop.departures.map((d) => d.stop_id)]);
    if (stop.parent_station) stopIds.add(stop.parent_station);
    const routeIds = new Set(stop.departures.map((d) => d.route.id));
    extras.replaceChildren(favouriteControl(stopId));
    fill(
      root,
      backLink(TRIP, t("trip.title")),
      alertsBanner((alert) => affectsStop(alert, stopIds, routeIds)),
      h(
        "section",
        { class: "card stop-card", "aria-labelledby": "stop-name" },
        h(
          "div",
          { class: "section-head" },
          h("h1", { id: "stop-name", "data-testid": "stop-name" }, stop.name),
          extras,
        ),
        stop.code ? h("p", { class: "muted small" }, t("trip.stopCode", { code: stop.code })) : null,
        routes,
      ),
      h(
        "section",
        { "aria-labelledby": "departures-title" },
        h("h2", { id: "departures-title", class: "list-title" }, t("trip.nextDepartures")),
        liveLine,
        departures,
      ),
    );
    renderDepartures();
  }

  fill(root, backLink(TRIP, t("trip.title")), h("p", { class: "muted loading" }, t("loading")));
  void load();
  // "3분 후" counts down; the list is fetched again now and then for the next departures
  const tick = window.setInterval(renderDepartures, 15_000);
  const refresh = window.setInterval(() => void load(), REFRESH_MS);
  return () => {
    disposed = true;
    stopSocket?.();
    window.clearInterval(tick);
    window.clearInterval(refresh);
  };
}
