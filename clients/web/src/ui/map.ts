/**
 * Maps: Leaflet (loaded only on screens with a map), OpenStreetMap tiles, Gimhae as the default
 * view, and an honest "map unavailable" state. When Leaflet's code cannot load (offline on a first
 * visit) the box says so and the screen's lists keep working; when tiles fail (offline, blocked)
 * the markers still draw on a blank map and a note says the background is missing.
 */
import type * as Leaflet from "leaflet";

import { h } from "../dom";
import { t } from "../i18n";

export const GIMHAE: [number, number] = [35.2366, 128.8735];
const TILE_HOST = "https://tile.openstreetmap.org";
export const OSM_TILES = `${TILE_HOST}/{z}/{x}/{y}.png`;

/** Leaflet and its CSS; the tile server's connection is opened meanwhile. */
export async function loadLeaflet(): Promise<typeof Leaflet> {
  preconnect(TILE_HOST);
  const module = await import("leaflet");
  await import("leaflet/dist/leaflet.css");
  return (module.default ?? module) as typeof Leaflet;
}

/** Open the connection to a host the screen will fetch from (only on screens with a map). */
function preconnect(origin: string): void {
  if (document.head.querySelector(`link[rel=preconnect][href="${origin}"]`)) return;
  document.head.append(h("link", { rel: "preconnect", href: origin }));
}

/**
 * A round marker with a short label inside (bikes at a station, a stop's number, free spaces).
 * It is an HTML icon of a fixed size, so drawing or relabelling it never measures the page
 * (Leaflet's permanent tooltips measure every label: one layout of the whole page per marker).
 * Not focusable: every place on a map is also in the list beside it.
 */
export function countMarker(
  L: typeof Leaflet,
  at: [number, number],
  label: string,
  fill: string,
  size = 24,
): Leaflet.Marker {
  const dot = h("span", {});
  const marker = L.marker(at, {
    icon: L.divIcon({ className: "marker-count", html: dot, iconSize: [size, size], popupAnchor: [0, -size / 2] }),
    keyboard: false,
  });
  setCount(marker, label, fill);
  return marker;
}

/** A new label or colour for a `countMarker` (the page is touched only for what changed). */
export function setCount(marker: Leaflet.Marker, label: string, fill: string): void {
  const dot = (marker.options.icon as Leaflet.DivIcon).options.html as HTMLElement;
  if (dot.textContent !== label) dot.textContent = label;
  if (dot.dataset.fill !== fill) {
    dot.dataset.fill = fill;
    dot.style.background = fill;
  }
}

export interface Point {
  lat: number;
  lon: number;
}

/**
 * A map in `box` to choose a point on (a civil request's place, a host's new parking place): a
 * tap hands the point to `onPick`; `show` draws the chosen point as a ring and brings it into
 * view. The map is drawn on `start()`, for a box that is not yet visible (a closed form).
 */
export function pointPicker(
  box: HTMLElement,
  options: { onPick: (point: Point) => void; isDisposed: () => boolean },
): { start(): void; show(point: Point | null): void; remove(): void } {
  let made: { L: typeof Leaflet; map: Leaflet.Map } | null = null;
  let started = false;
  let shown: Point | null = null;
  let ring: Leaflet.CircleMarker | null = null;
  const draw = (): void => {
    if (!made) return;
    if (!shown) {
      ring?.remove();
      ring = null;
      return;
    }
    const at: [number, number] = [shown.lat, shown.lon];
    // a drawn circle: Leaflet's default pin is an image the bundle does not carry
    if (ring) ring.setLatLng(at);
    else ring = made.L.circleMarker(at, { radius: 10, color: "#0b5cad", weight: 3, fillOpacity: 0.35 }).addTo(made.map);
    made.map.setView(at, Math.max(made.map.getZoom(), 16));
  };
  return {
    start() {
      if (started) return;
      started = true;
      void createMap(box, { center: GIMHAE, zoom: 13, isDisposed: options.isDisposed }).then((map) => {
        if (!map) return;
        made = map;
        map.map.on("click", (e: Leaflet.LeafletMouseEvent) => options.onPick({ lat: e.latlng.lat, lon: e.latlng.lng }));
        draw();
      });
    },
    show(point) {
      shown = point;
      draw();
    },
    remove() {
      made?.map.remove();
    },
  };
}

/** The map's box: a presentation region (every place on it is also in a list beside it). */
export function mapBox(attrs: { class?: string; testid: string }): HTMLElement {
  return h("div", {
    class: `map ${attrs.class ?? ""}`.trim(),
    "data-testid": attrs.testid,
    role: "presentation",
  });
}

function unavailable(box: HTMLElement, key: "map.unavailable" | "map.tilesUnavailable"): void {
  if (box.querySelector(".map-unavailable")) return;
  box.append(h("p", { class: "map-unavailable", role: "status", "data-testid": "map-unavailable" }, t(key)));
}

/**
 * A Leaflet map in `box` with OSM tiles, or null when Leaflet cannot load (the box then says the
 * map is unavailable). Call `map.remove()` when the screen goes away.
 */
export async function createMap(
  box: HTMLElement,
  options: { center?: [number, number]; zoom?: number; isDisposed: () => boolean },
): Promise<{ L: typeof Leaflet; map: Leaflet.Map } | null> {
  let L: typeof Leaflet;
  try {
    L = await loadLeaflet();
  } catch {
    if (!options.isDisposed()) {
      box.classList.add("map-failed");
      unavailable(box, "map.unavailable");
    }
    return null;
  }
  // Leaflet's own start-up, the map, the screen's markers and view, and the tiles each run as a
  // task of their own, so none of them keeps a tap waiting for long; the map starts after a
  // paint, so the screen around it is already laid out when Leaflet measures its box
  await afterPaint();
  if (options.isDisposed()) return null;
  const map = L.map(box, { zoomControl: true, attributionControl: true });
  if (options.center) map.setView(options.center, options.zoom ?? 12);
  let loaded = 0;
  let failed = 0;
  const tiles = L.tileLayer(OSM_TILES, { maxZoom: 19, attribution: "© OpenStreetMap contributors" })
    .on("tileload", () => {
      loaded += 1;
      box.querySelector(".map-unavailable")?.remove();
    })
    .on("tileerror", () => {
      failed += 1;
      if (!loaded && failed >= 2) unavailable(box, "map.tilesUnavailable");
    });
  // after the screen has set the view it wants: tiles are fetched once, for that view
  void nextTask().then(() => nextTask()).then(() => {
    if (!options.isDisposed()) tiles.addTo(map);
  });
  await nextTask(); // the screen's markers and view: a task of their own
  if (!options.isDisposed()) return { L, map };
  map.remove();
  return null;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
