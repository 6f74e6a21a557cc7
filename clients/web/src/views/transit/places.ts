/**
 * Where a trip starts or ends: a stop (GTFS stop_id) or a point (lat,lon: a place, my location, a
 * tap on the map). Kept in the page's query string so a plan survives reloads, the back button and
 * the detour through the login page.
 */
import { api, call, type Schemas } from "../../api/client";
import { t } from "../../i18n";

export type Endpoint =
  | { kind: "stop"; id: string; name: string; lat?: number; lon?: number }
  | { kind: "point"; lat: number; lon: number; name: string };

export type End = "from" | "to";

type Place = Schemas["PlaceNearOutput"];

export interface Candidate {
  endpoint: Endpoint;
  /** "stop" or "place", shown as a tag in the list */
  source: "stop" | "place";
  /** "station", "stop" or the place's category */
  kind: string;
  detail: string;
}

export function readEndpoint(params: URLSearchParams, end: End): Endpoint | null {
  const name = params.get(`${end}_name`) ?? "";
  const stop = params.get(`${end}_stop`);
  if (stop) return { kind: "stop", id: stop, name: name || stop };
  const point = params.get(end);
  if (point) {
    const [lat, lon] = point.split(",").map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      return { kind: "point", lat, lon, name: name || pointName(lat, lon) };
    }
  }
  return null;
}

export function writeEndpoint(params: URLSearchParams, end: End, endpoint: Endpoint | null): void {
  params.delete(end);
  params.delete(`${end}_stop`);
  params.delete(`${end}_name`);
  if (!endpoint) return;
  if (endpoint.kind === "stop") params.set(`${end}_stop`, endpoint.id);
  else params.set(end, `${endpoint.lat.toFixed(6)},${endpoint.lon.toFixed(6)}`);
  params.set(`${end}_name`, endpoint.name);
}

export function pointName(lat: number, lon: number): string {
  return t("trip.pointOnMap", { lat: lat.toFixed(4), lon: lon.toFixed(4) });
}

let placesCache: Promise<Place[]> | null = null;

/** Gimhae's places (tourist sites, light-rail stations): a short list, fetched once. */
function loadPlaces(): Promise<Place[]> {
  placesCache ??= call(api.GET("/api/v1/tourism/places/"))
    // a plain list today; a page ({results}) if the tourism portal adds paging
    .then((page: unknown) =>
      Array.isArray(page) ? (page as Place[]) : ((page as { results?: Place[] } | null)?.results ?? []),
    )
    .catch(() => {
      placesCache = null;
      return [];
    });
  return placesCache;
}

const normalise = (text: string) => text.replace(/\s+/g, "").toLowerCase();

/** Stops by name (stations rather than their platforms) and places whose name matches. */
export async function searchEndpoints(text: string): Promise<Candidate[]> {
  const q = text.trim();
  if (!q) return [];
  const [stops, places] = await Promise.all([
    call(api.GET("/api/v1/transit/stops/", { params: { query: { q, limit: 30 } } })),
    loadPlaces(),
  ]);
  const found: Candidate[] = [];
  // One entry per place: a station stands for its platforms, a name met twice (the same stop on
  // both sides of the road, a tourist site that is also a station) is listed once, and so is a
  // tourist place within a few metres of one already listed (the same site entered twice).
  const names = new Set<string>();
  const near = (lat?: number | null, lon?: number | null) =>
    lat != null &&
    lon != null &&
    found.some(
      (c) =>
        c.source === "place" &&
        c.endpoint.lat !== undefined &&
        c.endpoint.lon !== undefined &&
        Math.abs(c.endpoint.lat - lat) < 0.0003 &&
        Math.abs(c.endpoint.lon - lon) < 0.0003,
    );
  const stations = [...stops].sort((a, b) => (b.location_type === 1 ? 1 : 0) - (a.location_type === 1 ? 1 : 0));
  for (const stop of stations) {
    if (stop.parent_station) continue; // the station stands for its platforms
    if (stop.location_type !== 0 && stop.location_type !== 1) continue;
    const name = stop.name || stop.id;
    if (names.has(normalise(name))) continue;
    names.add(normalise(name));
    found.push({
      endpoint: { kind: "stop", id: stop.id, name, lat: stop.lat ?? undefined, lon: stop.lon ?? undefined },
      source: "stop",
      kind: stop.location_type === 1 ? "station" : "stop",
      detail: t(stop.location_type === 1 ? "trip.station" : "trip.busStop"),
    });
  }
  const needle = normalise(q);
  for (const place of places) {
    const name = normalise(place.name);
    if (!name.includes(needle) || names.has(name) || near(place.lat, place.lon)) continue;
    names.add(name);
    found.push({
      endpoint: { kind: "point", lat: place.lat, lon: place.lon, name: place.name },
      source: "place",
      kind: place.category,
      detail: place.address || t("trip.place"),
    });
  }
  return found.slice(0, 12);
}
