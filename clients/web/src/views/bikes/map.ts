/**
 * The Tagogaya map: stations and PM niche parking spots on OpenStreetMap (Leaflet), coloured by
 * availability, with the same places as a list under the map (screen readers, small screens).
 * Names come from the REST API; counts stay live over /ws/rentals/stations/.
 */
import type * as Leaflet from "leaflet";

import { api, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { HISTORY, level, LEVEL_COLOUR, loadPlaces, ridePath, stationPath, statusLabel, type Spot, type Station } from "./common";
import { COURSES } from "./courses";
import { watchStations, type SocketStatus, type StationsEvent } from "./live";
import { freshOrKept } from "../../store";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { countMarker, createMap, GIMHAE, mapBox as mapBoxOf, setCount } from "../../ui/map";

/** Copy a socket message's fields onto a place; true when any of them changed. */
function update(place: object, fields: object): boolean {
  const current = place as Record<string, unknown>;
  const changed = Object.entries(fields).some(([name, value]) => current[name] !== value);
  Object.assign(place, fields);
  return changed;
}

export function bikesMapView(root: HTMLElement): () => void {
  let disposed = false;
  let map: Leaflet.Map | null = null;
  let L: typeof Leaflet | null = null;
  const stations = new Map<string, Station>();
  const spots = new Map<string, Spot>();
  const stationMarkers = new Map<string, Leaflet.Marker>();
  const spotMarkers = new Map<string, Leaflet.CircleMarker>();
  let socketStatus: SocketStatus = "connecting";

  const mapBox = mapBoxOf({ class: "bike-map", testid: "map" });
  const liveLine = h("p", { class: "live-status", role: "status", "data-testid": "map-live" });
  const stationList = h("ul", { class: "place-list", "data-testid": "station-list" });
  const spotList = h("ul", { class: "place-list", "data-testid": "spot-list" });
  const openBox = h("div", { "data-testid": "open-rentals" });
  const errorLine = h("div");

  const stationLevel = (s: Station) => level(s.num_bikes_available, { closed: !s.is_renting });
  const spotLevel = (s: Spot) => level(s.free);

  const stationItem = (s: Station) =>
    h(
      "li",
      { class: `place ${stationLevel(s)}`, "data-testid": "station", "data-code": s.code, "data-id": s.id },
      h("span", { class: "dot-level", "aria-hidden": "true" }),
      h(
        "a",
        { href: stationPath(s.id), class: "place-name" },
        s.name,
        s.is_demo ? h("span", { class: "tag" }, t("bikes.demo")) : null,
      ),
      h(
        "span",
        { class: "counts" },
        h("span", { "data-testid": "bikes-available" }, t("bikes.bikesAvailable", { count: s.num_bikes_available })),
        h("span", { "data-testid": "docks-available" }, t("bikes.freeDocks", { count: s.num_docks_available })),
      ),
    );

  const spotItem = (s: Spot) =>
    h(
      "li",
      { class: `place ${spotLevel(s)}`, "data-testid": "spot", "data-code": s.code, "data-id": s.id },
      h("span", { class: "dot-level square", "aria-hidden": "true" }),
      h("span", { class: "place-name" }, s.name, h("small", { "data-server-text": "district" }, ` ${s.district}`)),
      h(
        "span",
        { class: "counts" },
        h("span", { "data-testid": "occupancy" }, t("bikes.occupancy", { occupancy: s.occupancy, capacity: s.capacity ?? 0 })),
        h("span", {}, t("bikes.scootersAvailable", { count: s.num_vehicles_available })),
      ),
    );

  const stationPopup = (s: Station) =>
    h(
      "div",
      { class: "popup" },
      h("strong", {}, s.name),
      h("br"),
      t("bikes.bikesAvailable", { count: s.num_bikes_available }),
      " · ",
      t("bikes.freeDocks", { count: s.num_docks_available }),
      h("br"),
      h("a", { href: stationPath(s.id) }, t("bikes.openStation")),
    );

  const spotPopup = (s: Spot) =>
    h(
      "div",
      { class: "popup" },
      h("strong", {}, s.name),
      h("br"),
      t("bikes.occupancy", { occupancy: s.occupancy, capacity: s.capacity ?? 0 }),
    );

  function paintStation(s: Station): void {
    const item = stationList.querySelector(`[data-id="${s.id}"]`);
    item?.replaceWith(stationItem(s));
    const marker = stationMarkers.get(s.id);
    if (marker) {
      setCount(marker, String(s.num_bikes_available), LEVEL_COLOUR[stationLevel(s)]);
      marker.setPopupContent(stationPopup(s));
    }
  }

  function paintSpot(s: Spot): void {
    spotList.querySelector(`[data-id="${s.id}"]`)?.replaceWith(spotItem(s));
    const marker = spotMarkers.get(s.id);
    if (marker) {
      marker.setStyle({ fillColor: LEVEL_COLOUR[spotLevel(s)] });
      marker.setPopupContent(spotPopup(s));
    }
  }

  function renderLists(): void {
    stationList.replaceChildren(...[...stations.values()].map(stationItem));
    spotList.replaceChildren(...[...spots.values()].map(spotItem));
  }

  function renderLive(): void {
    liveLine.className = `live-status ${socketStatus}`;
    liveLine.textContent =
      socketStatus === "open" ? t("bikes.live") : socketStatus === "offline" ? t("inbox.offline") : "";
  }

  function addMarkers(): void {
    if (!map || !L) return;
    for (const s of stations.values()) {
      const marker = countMarker(L, [s.lat, s.lon], String(s.num_bikes_available), LEVEL_COLOUR[stationLevel(s)])
        .bindPopup(stationPopup(s))
        .addTo(map);
      stationMarkers.set(s.id, marker);
    }
    for (const s of spots.values()) {
      const marker = L.circleMarker([s.lat, s.lon], {
        radius: 8,
        color: "#1f2937",
        weight: 2,
        dashArray: "3 2",
        fillColor: LEVEL_COLOUR[spotLevel(s)],
        fillOpacity: 0.85,
      })
        .bindPopup(spotPopup(s))
        .addTo(map);
      spotMarkers.set(s.id, marker);
    }
  }

  // counts from the socket win over the page load; a place is repainted only when they differ
  // (the snapshot on connecting mostly repeats what the page just drew)
  function handle(message: StationsEvent): void {
    if (message.event === "stations.snapshot") {
      for (const c of message.data.stations) {
        const s = stations.get(c.id);
        if (s && update(s, c)) paintStation(s);
      }
      for (const c of message.data.spots) {
        const s = spots.get(c.id);
        if (s && update(s, c)) paintSpot(s);
      }
    } else if (message.event === "station.status") {
      const s = stations.get(message.data.id);
      if (s && update(s, message.data)) paintStation(s);
    } else if (message.event === "spot.status") {
      const s = spots.get(message.data.id);
      if (s && update(s, message.data)) paintSpot(s);
    }
  }

  async function loadOpenRentals(): Promise<void> {
    if (!session.user) return;
    try {
      const { value: open } = await freshOrKept(
        "rentals.active",
        () => call(api.GET("/api/v1/rentals/rentals/active/")),
        isNetworkError,
      );
      if (disposed) return;
      openBox.replaceChildren(
        ...open.map((r) =>
          h(
            "a",
            { class: "card open-rental", href: ridePath(r.id), "data-testid": "open-rental" },
            h("strong", {}, statusLabel(r)),
            ` · ${r.vehicle_code}`,
            h("span", { class: "chevron", "aria-hidden": "true" }, "›"),
          ),
        ),
      );
    } catch {
      /* the map works without it */
    }
  }

  let stopSocket: (() => void) | null = null;

  async function start(): Promise<void> {
    try {
      // the lists come first and stay usable when the map cannot load (offline, blocked)
      const places = await loadPlaces();
      if (disposed) return;
      for (const s of places.stations) stations.set(s.id, s);
      for (const s of places.spots) spots.set(s.id, s);
      renderLists();
      const made = await createMap(mapBox, { isDisposed: () => disposed });
      if (made) {
        ({ L, map } = made);
        // the first view is set without animation: the stations' extent (the spots are far out)
        const extent = places.stations.map((s) => [s.lat, s.lon] as [number, number]);
        if (extent.length) map.fitBounds(L.latLngBounds(extent), { padding: [24, 24], maxZoom: 15, animate: false });
        else map.setView(GIMHAE, 14);
        addMarkers();
      }
      stopSocket = watchStations(handle, (status) => {
        socketStatus = status;
        renderLive();
      });
    } catch (error) {
      if (disposed) return;
      errorLine.replaceChildren(errorBox(asApiError(error)) ?? "");
    }
  }

  fill(root, 
    h(
      "section",
      { class: "bikes", "aria-labelledby": "bikes-title" },
      h(
        "div",
        { class: "section-head" },
        h("h1", { id: "bikes-title", class: "section-title" }, t("bikes.title")),
        h(
          "span",
          { class: "head-links" },
          h("a", { class: "link", href: COURSES, "data-testid": "courses-link" }, t("courses.link")),
          session.user ? h("a", { class: "link", href: HISTORY, "data-testid": "history-link" }, t("bikes.history")) : null,
        ),
      ),
      openBox,
      mapBox,
      h(
        "ul",
        { class: "legend", "aria-label": t("bikes.legend") },
        h("li", {}, h("span", { class: "dot-level good" }), t("bikes.legendGood")),
        h("li", {}, h("span", { class: "dot-level low" }), t("bikes.legendLow")),
        h("li", {}, h("span", { class: "dot-level none" }), t("bikes.legendNone")),
        h("li", {}, h("span", { class: "dot-level square" }), t("bikes.legendSpot")),
      ),
      liveLine,
      errorLine,
      h("h2", { class: "list-title" }, t("bikes.stations")),
      stationList,
      h("h2", { class: "list-title" }, t("bikes.spots")),
      spotList,
    ),
  );
  renderLive();
  void start();
  void loadOpenRentals();

  return () => {
    disposed = true;
    stopSocket?.();
    map?.remove();
  };
}
