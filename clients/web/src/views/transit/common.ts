/** Shared pieces of the trip-planner and live-bus screens: types, paths, mode colours and chips. */
import type { Schemas } from "../../api/client";
import { h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { readableOn } from "../../ui/colour";

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


/** Colours by mode (a route's own colour wins where the feed has one). */
export const MODE_COLOUR: Record<string, string> = {
  walk: "#6b7280",
  bus: "#1668c7",
  tram: "#8a2be2",
  rail: "#8a2be2",
  subway: "#8a2be2",
  ferry: "#0e7490",
  ebike: "#15803d",
  park_and_ride: "#9a3412",
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
  const own = leg.route?.text_color && /^[0-9a-fA-F]{6}$/.test(leg.route.text_color) ? `#${leg.route.text_color}` : "#ffffff";
  const textColour = readableOn(colour, own);
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
