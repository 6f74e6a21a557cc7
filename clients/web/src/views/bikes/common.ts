/** Shared pieces of the Tagogaya screens: types, number formats, the error box with suggestions. */
import { api, ApiError, call, type Schemas } from "../../api/client";
import { h } from "../../dom";
import { currentLanguage, t, type MessageKey } from "../../i18n";
import { loginHref } from "../../router";

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

function numberFormat(): Intl.NumberFormat {
  return new Intl.NumberFormat(currentLanguage() === "ko" ? "ko-KR" : "en-GB");
}

export function won(amount: number | null | undefined): string {
  return t("bikes.won", { amount: numberFormat().format(amount ?? 0) });
}

export function km(metres: number): string {
  return t("bikes.km", { km: numberFormat().format(Math.round(metres / 100) / 10) });
}

export function metres(distance: number): string {
  return distance >= 1000 ? km(distance) : t("bikes.m", { m: Math.round(distance) });
}

/** 754 s → "12:34"; an hour or more → "1:02:03". */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

export type Level = "good" | "low" | "none" | "closed";

/** Marker colour: plenty, a few, none (or a station not renting). */
export function level(count: number, { closed = false } = {}): Level {
  if (closed) return "closed";
  return count >= 3 ? "good" : count > 0 ? "low" : "none";
}

export const LEVEL_COLOUR: Record<Level, string> = {
  good: "#16a34a",
  low: "#f59e0b",
  none: "#dc2626",
  closed: "#6b7280",
};

export function suggestionsOf(error: unknown): Suggestion[] {
  if (!(error instanceof ApiError)) return [];
  const raw = error.extra.suggestions;
  return Array.isArray(raw) ? (raw as Suggestion[]) : [];
}

/** The server's translated refusal, and where it suggests going instead (each one choosable). */
export function errorBox(
  error: ApiError | null,
  onChoose?: (suggestion: Suggestion) => void,
): HTMLElement | null {
  if (!error) return null;
  const suggestions = suggestionsOf(error);
  return h(
    "div",
    { class: "error", role: "alert", "data-testid": "error", "data-code": error.code },
    h("p", {}, error.message),
    suggestions.length
      ? h(
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
                  metres(s.distance_m),
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
        )
      : null,
  );
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, { code: "unexpected", message: t("error.unexpected"), extra: {} });
}

export function loginCard(message: string): HTMLElement {
  return h(
    "section",
    { class: "card login-needed", "data-testid": "login-needed" },
    h("p", {}, message),
    h("a", { class: "button", href: loginHref() }, t("bikes.loginToRide")),
  );
}

export function backLink(href: string, label: string): HTMLElement {
  return h("a", { class: "back", href }, `‹ ${label}`);
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
