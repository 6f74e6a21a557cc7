/** Shared pieces of the trip-planner and live-bus screens: types, paths, time formats, the map. */
import type * as Leaflet from "leaflet";

import type { Schemas } from "../../api/client";
import { h } from "../../dom";
import { currentLanguage, t, type MessageKey } from "../../i18n";

export type Stop = Schemas["StopNearOutput"];
export type StopDetail = Schemas["StopDetailOutput"];
export type Departure = Schemas["DepartureOutput"];
export type Itinerary = Schemas["ItineraryOutput"];
export type Leg = Schemas["LegOutput"];
export type RouteRef = Schemas["RouteBriefOutput"];
export type RouteDetail = Schemas["RouteDetailOutput"];

export const TRIP = "/services/trip";
export const ITINERARY = `${TRIP}/itinerary`;
export const FAVOURITES = `${TRIP}/favourites`;
export const ALERTS = `${TRIP}/alerts`;
export const TICKETS = `${TRIP}/tickets`;
export const ticketPath = (id: string) => `${TICKETS}/${id}`;
export const stopPath = (id: string) => `${TRIP}/stops/${encodeURIComponent(id)}`;
/** A route's page; `stopId` is where "back" goes, `platformId` the stop highlighted on the route. */
export function routePath(id: string, stopId?: string, platformId?: string): string {
  const query = new URLSearchParams();
  if (stopId) query.set("stop", stopId);
  if (platformId) query.set("at", platformId);
  const search = query.toString();
  return `${TRIP}/routes/${encodeURIComponent(id)}${search ? `?${search}` : ""}`;
}

export const GIMHAE: [number, number] = [35.2366, 128.8735];
export const ZONE = "Asia/Seoul";

/** Colours by mode (a route's own colour wins where the feed has one). */
export const MODE_COLOUR: Record<string, string> = {
  walk: "#6b7280",
  bus: "#1e90ff",
  tram: "#8a2be2",
  rail: "#8a2be2",
  subway: "#8a2be2",
  ferry: "#0891b2",
  ebike: "#16a34a",
};

export function modeLabel(mode: string): string {
  const key = `trip.mode.${mode}` as MessageKey;
  const text = t(key);
  return text === key ? mode : text;
}

export function legColour(leg: { mode: string; route?: RouteRef | null }): string {
  const own = leg.route?.color;
  if (own && /^[0-9a-fA-F]{6}$/.test(own)) return `#${own}`;
  return MODE_COLOUR[leg.mode] ?? "#0b5cad";
}

/** A chip naming a leg: the route's short name on its colour, or the mode. */
export function modeChip(leg: { mode: string; route?: RouteRef | null }): HTMLElement {
  const colour = legColour(leg);
  const text = leg.route?.short_name || modeLabel(leg.mode);
  const textColour = leg.route?.text_color && /^[0-9a-fA-F]{6}$/.test(leg.route.text_color)
    ? `#${leg.route.text_color}`
    : "#fff";
  return h(
    "span",
    {
      class: `mode-chip mode-${leg.mode}`,
      "data-testid": "mode-chip",
      "data-mode": leg.mode,
      style: leg.mode === "walk" ? null : `background:${colour};color:${textColour}`,
    },
    leg.mode === "walk" ? t("trip.mode.walk") : text,
  );
}

/** 2026-11-24T08:04:54+09:00 → "08:04" in Gimhae's time. */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage() === "ko" ? "ko-KR" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: ZONE,
  }).format(new Date(iso));
}

/** 286 s → "5분"; 3900 s → "1시간 5분". */
export function duration(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 60) return t("trip.minutes", { count: minutes });
  return t("trip.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** How long until `iso` from now: "곧" (under a minute), "3분 후"; null when it has passed. */
export function minutesUntil(iso: string, now: number = Date.now()): string | null {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (seconds < -30) return null;
  const minutes = Math.floor(seconds / 60);
  return minutes < 1 ? t("trip.now") : t("trip.inMinutes", { count: minutes });
}

export function distance(metres: number): string {
  if (metres >= 1000) {
    const km = new Intl.NumberFormat(currentLanguage() === "ko" ? "ko-KR" : "en-GB").format(
      Math.round(metres / 100) / 10,
    );
    return t("trip.km", { km });
  }
  return t("trip.m", { m: Math.round(metres) });
}

export function won(amount: number): string {
  return t("trip.won", {
    amount: new Intl.NumberFormat(currentLanguage() === "ko" ? "ko-KR" : "en-GB").format(amount),
  });
}

/** Leaflet and its CSS, loaded only on the screens with a map. */
export async function loadLeaflet(): Promise<typeof Leaflet> {
  const module = await import("leaflet");
  await import("leaflet/dist/leaflet.css");
  return (module.default ?? module) as typeof Leaflet;
}

export function osmTiles(L: typeof Leaflet, map: Leaflet.Map): void {
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "© OpenStreetMap contributors",
  }).addTo(map);
}
