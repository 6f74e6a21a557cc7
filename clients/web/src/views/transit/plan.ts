/** The plan request as the page's query string, and the itinerary summary both screens show. */
import { api, call } from "../../api/client";
import { h } from "../../dom";
import { t } from "../../i18n";
import { ITINERARY, modeChip, type Itinerary } from "./common";
import { readEndpoint } from "./places";
import { clockTime, distance, duration } from "../../format";


export type When = "depart" | "arrive";

/** Now in Gimhae as the value of a datetime-local input ("2026-11-24T08:05"). */
export function localNow(): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Seoul",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

export function isComplete(params: URLSearchParams): boolean {
  return readEndpoint(params, "from") !== null && readEndpoint(params, "to") !== null;
}

type PlanQuery = {
  from?: string;
  to?: string;
  from_stop?: string;
  to_stop?: string;
  depart_at?: string;
  arrive_by?: string;
  max_transfers?: number;
  max_walk_m?: number;
  rider_category?: string;
  park_and_ride?: boolean;
  park_until?: string;
};

/** The API's query from the page's: ISO times with Gimhae's offset (KST has no DST). */
export function planQuery(params: URLSearchParams): PlanQuery {
  const query: PlanQuery = {};
  for (const key of ["from", "to", "from_stop", "to_stop"] as const) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const at = params.get("at");
  if (at && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at)) {
    query[params.get("when") === "arrive" ? "arrive_by" : "depart_at"] = `${at}:00+09:00`;
  }
  const transfers = params.get("max_transfers");
  if (transfers !== null && transfers !== "") query.max_transfers = Number(transfers);
  const walk = params.get("max_walk_m");
  if (walk !== null && walk !== "") query.max_walk_m = Number(walk);
  const rider = params.get("rider_category");
  if (rider) query.rider_category = rider;
  if (params.get("park_and_ride") === "1") {
    query.park_and_ride = true;
    const until = params.get("park_until");
    if (until && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(until)) query.park_until = `${until}:00+09:00`;
  }
  return query;
}

export function fetchPlan(params: URLSearchParams) {
  return call(api.GET("/api/v1/transit/plan/", { params: { query: planQuery(params) } }));
}

export function itineraryHref(params: URLSearchParams, index: number): string {
  const next = new URLSearchParams(params);
  next.set("i", String(index));
  return `${ITINERARY}?${next.toString()}`;
}

/** Departure → arrival, duration, transfers, walking, the modes as chips. */
export function itinerarySummary(itinerary: Itinerary, total: string | null): HTMLElement[] {
  const rides = itinerary.legs.filter((leg) => leg.mode !== "walk");
  return [
    h(
      "div",
      { class: "itinerary-times" },
      h(
        "strong",
        { "data-testid": "itinerary-times" },
        `${clockTime(itinerary.departure)} → ${clockTime(itinerary.arrival)}`,
      ),
      h("span", { class: "itinerary-duration", "data-testid": "itinerary-duration" }, duration(itinerary.duration_s)),
    ),
    h(
      "div",
      { class: "chips" },
      (rides.length ? rides : itinerary.legs).map((leg, index) => [
        index ? h("span", { class: "chip-sep", "aria-hidden": "true" }, "›") : null,
        modeChip(leg),
      ]),
    ),
    h(
      "div",
      { class: "counts" },
      h(
        "span",
        { "data-testid": "itinerary-transfers" },
        itinerary.transfers ? t("trip.transfers", { count: itinerary.transfers }) : t("trip.direct"),
      ),
      h("span", {}, t("trip.walk", { distance: distance(itinerary.walk_m) })),
      total !== null ? h("span", { class: "fare-total", "data-testid": "itinerary-fare" }, total) : null,
    ),
  ];
}
