/**
 * Tagogaya e-bike legs in an itinerary: "🚲 타고가야 전기자전거: 수로왕비릉 → 박물관역, 3분", each
 * station linking to its Tagogaya page (the map until the station's id is known).
 */
import { api, call } from "../../api/client";
import { h } from "../../dom";
import { currentLanguage, t } from "../../i18n";
import { BIKES, stationPath } from "../bikes/common";
import type { Leg } from "./common";

interface BikeStation {
  code: string;
  name_ko: string;
  name_en: string;
}

const BIKE_ICON = "🚲";

function stationOf(value: unknown): BikeStation | null {
  if (typeof value !== "object" || value === null) return null;
  const s = value as Partial<BikeStation>;
  return typeof s.code === "string" ? { code: s.code, name_ko: s.name_ko ?? s.code, name_en: s.name_en ?? s.name_ko ?? s.code } : null;
}

function stationName(station: BikeStation): string {
  return (currentLanguage() === "en" ? station.name_en : station.name_ko) || station.code;
}

function stationLink(station: BikeStation | null, fallback: string): HTMLElement | string {
  if (!station) return fallback;
  return h(
    "a",
    { href: BIKES, "data-station-code": station.code, "data-testid": "ebike-station" },
    stationName(station),
  );
}

/** The head of an e-bike leg: icon, operator, stations (linked) and ride minutes. */
export function ebikeHead(leg: Leg): HTMLElement {
  const details = leg.details ?? {};
  const from = stationOf(details.from_station);
  const to = stationOf(details.to_station);
  const minutes = typeof details.ride_minutes === "number" ? details.ride_minutes : Math.round(leg.duration_s / 60);
  const [before, middle, after] = t("trip.ebikeLeg", { minutes }).split(/\{from\}|\{to\}/);
  return h(
    "span",
    { "data-testid": "leg-route", class: "ebike-leg" },
    h("span", { class: "bike-icon", "aria-hidden": "true" }, `${BIKE_ICON} `),
    before ?? "",
    stationLink(from, leg.from.name),
    middle ?? " → ",
    stationLink(to, leg.to.name),
    after ?? "",
  );
}

let stationIds: Promise<Map<string, string>> | null = null;

/** Point the station links in `root` at the stations' own pages, once their ids are known. */
export async function resolveStationLinks(root: HTMLElement): Promise<void> {
  const links = [...root.querySelectorAll<HTMLAnchorElement>("a[data-station-code]")];
  if (!links.length) return;
  stationIds ??= call(api.GET("/api/v1/rentals/stations/"))
    .then((stations) => new Map(stations.map((s) => [s.code, s.id])))
    .catch(() => {
      stationIds = null;
      return new Map<string, string>();
    });
  const ids = await stationIds;
  for (const link of links) {
    const id = ids.get(link.dataset.stationCode ?? "");
    if (id) link.href = stationPath(id);
  }
}
