/** Shared pieces of the Tagogaya screens: types, paths, availability levels, return suggestions. */
import { api, ApiError, call, type Schemas } from "../../api/client";
import { h } from "../../dom";
import { distance } from "../../format";
import { t, type MessageKey } from "../../i18n";
import { loginCard as sharedLoginCard } from "../../ui/loginCard";


export type Station = Schemas["StationOutput"];
export type Spot = Schemas["SpotOutput"];
export type Vehicle = Schemas["VehicleOutput"];
export type Rental = Schemas["RentalOutput"];
export type Quote = Schemas["RentalQuoteOutput"];

export const BIKES = "/services/bikes";
export const stationPath = (id: string) => `${BIKES}/stations/${id}`;
export const ridePath = (id: string) => `${BIKES}/ride/${id}`;
export const receiptPath = (id: string) => `${BIKES}/rentals/${id}`;
export const HISTORY = `${BIKES}/history`;

/** A place the server suggests instead, in a refused return's `extra.suggestions`. */
export interface Suggestion {
  kind: "station" | "spot";
  id: string;
  name: string;
  lat: number;
  lon: number;
  free: number;
  distance_m: number;
}

export type Level = "good" | "low" | "none" | "closed";

/** Marker colour: plenty, a few, none (or a station not renting). */
export function level(count: number, { closed = false } = {}): Level {
  if (closed) return "closed";
  return count >= 3 ? "good" : count > 0 ? "low" : "none";
}

/** Marker and legend colours; white labels on them keep 4.5:1 contrast. */
export const LEVEL_COLOUR: Record<Level, string> = {
  good: "#15803d",
  low: "#b45309",
  none: "#b91c1c",
  closed: "#4b5563",
};

export function suggestionsOf(error: unknown): Suggestion[] {
  if (!(error instanceof ApiError)) return [];
  const raw = error.extra.suggestions;
  return Array.isArray(raw) ? (raw as Suggestion[]) : [];
}

/** Where the server suggests returning instead (a refused return's `extra.suggestions`), each
 * one choosable; null when it suggests nothing. Goes under the refusal in `errorBox`. */
export function suggestionList(
  error: ApiError | null,
  onChoose?: (suggestion: Suggestion) => void,
): HTMLElement | null {
  const suggestions = suggestionsOf(error);
  if (!suggestions.length) return null;
  return h(
    "div",
    { class: "suggestions" },
    h("p", { class: "error-detail" }, t("bikes.suggestions")),
    h(
      "ul",
      { "data-testid": "suggestions" },
      suggestions.map((s) =>
        h(
          "li",
          { "data-id": s.id, "data-kind": s.kind },
          h(
            "span",
            {},
            h("strong", {}, s.name),
            " · ",
            t(s.kind === "station" ? "bikes.freeDocks" : "bikes.freeSpaces", { count: s.free }),
            " · ",
            distance(s.distance_m),
          ),
          onChoose
            ? h(
                "button",
                { type: "button", class: "link", onclick: () => onChoose(s) },
                t("bikes.chooseThis"),
              )
            : null,
        ),
      ),
    ),
  );
}

/** The login card of the Tagogaya screens ("log in to ride"). */
export function loginCard(message: string): HTMLElement {
  return sharedLoginCard(message, t("bikes.loginToRide"));
}

export async function loadPlaces(): Promise<{ stations: Station[]; spots: Spot[] }> {
  const [stations, spots] = await Promise.all([
    call(api.GET("/api/v1/rentals/stations/")),
    call(api.GET("/api/v1/rentals/spots/")),
  ]);
  return { stations, spots };
}

/** The chosen (or chosen-to-be) return place as "station:<id>" / "spot:<id>" / "". */
export function placeValue(rental: Rental): string {
  if (rental.return_station) return `station:${rental.return_station.id}`;
  if (rental.return_spot) return `spot:${rental.return_spot.id}`;
  return "";
}

export function placeBody(value: string): { station_id: string | null; spot_id: string | null } {
  const [kind, id] = value.split(":");
  return {
    station_id: kind === "station" ? id : null,
    spot_id: kind === "spot" ? id : null,
  };
}

/** A <select> of return places: stations with free docks, then niche spots with free space. */
export function placeSelect(
  places: { stations: Station[]; spots: Spot[] },
  selected: string,
  attrs: Record<string, string> = {},
): HTMLSelectElement {
  return h(
    "select",
    attrs,
    h("option", { value: "", selected: selected === "" }, t("bikes.returnNone")),
    h(
      "optgroup",
      { label: t("bikes.stations") },
      places.stations
        .filter((s) => s.is_returning)
        .map((s) =>
          h(
            "option",
            { value: `station:${s.id}`, selected: selected === `station:${s.id}` },
            `${s.name} (${t("bikes.freeDocks", { count: s.num_docks_available })})`,
          ),
        ),
    ),
    h(
      "optgroup",
      { label: t("bikes.spots") },
      places.spots.map((s) =>
        h(
          "option",
          { value: `spot:${s.id}`, selected: selected === `spot:${s.id}` },
          `${s.name} (${t("bikes.freeSpaces", { count: s.free })})`,
        ),
      ),
    ),
  );
}

export function statusLabel(rental: Rental): string {
  return t(`bikes.status.${rental.status}` as MessageKey);
}
