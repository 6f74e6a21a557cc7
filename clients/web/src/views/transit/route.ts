/** A route on the map: its shape and stops (the stop we came from highlighted). */
import type * as Leaflet from "leaflet";

import { api, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { routeSocketPath, watch, type LiveVehicle, type SocketStatus, type TransitEvent } from "./live";
import { legColour, modeChip, stopPath, TRIP, type RouteDetail } from "./common";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { createMap, mapBox as mapBoxOf } from "../../ui/map";

export function transitRouteView(root: HTMLElement, routeId: string): () => void {
  let disposed = false;
  let map: Leaflet.Map | null = null;
  let L: typeof Leaflet | null = null;
  let stopSocket: (() => void) | null = null;
  const vehicleMarkers = new Map<string, Leaflet.CircleMarker>();
  const liveLine = h("p", { class: "live-status", role: "status", "data-testid": "route-live" });
  let colour = "#0b5cad";

  function renderLive(status: SocketStatus, count: number | null): void {
    liveLine.className = `live-status ${status}`;
    liveLine.textContent =
      status === "open"
        ? count === null
          ? t("trip.liveVehicles")
          : t("trip.vehiclesRunning", { count })
        : status === "offline"
          ? t("inbox.offline")
          : "";
  }

  let status: SocketStatus = "connecting";
  let count: number | null = null;

  function paintVehicles(vehicles: LiveVehicle[]): void {
    count = vehicles.length;
    renderLive(status, count);
    if (!map || !L) return;
    const seen = new Set<string>();
    for (const v of vehicles) {
      seen.add(v.vehicle_id);
      const label = v.label || v.vehicle_id;
      const marker = vehicleMarkers.get(v.vehicle_id);
      if (marker) {
        marker.setLatLng([v.lat, v.lon]);
        marker.setTooltipContent(label);
      } else {
        vehicleMarkers.set(
          v.vehicle_id,
          L.circleMarker([v.lat, v.lon], {
            radius: 9,
            color: "#fff",
            weight: 3,
            fillColor: colour,
            fillOpacity: 1,
            className: "vehicle-marker",
          })
            .bindTooltip(label)
            .addTo(map),
        );
      }
    }
    for (const [id, marker] of vehicleMarkers) {
      if (!seen.has(id)) {
        marker.remove();
        vehicleMarkers.delete(id);
      }
    }
  }

  function handle(message: TransitEvent): void {
    if (message.event === "route.vehicles") paintVehicles(message.data.vehicles);
  }
  const query = new URLSearchParams(location.search);
  const fromStop = query.get("stop");
  const here = query.get("at") ?? fromStop;
  const back = fromStop ? backLink(stopPath(fromStop), t("trip.backToStop")) : backLink(TRIP, t("trip.title"));

  async function load(): Promise<void> {
    try {
      const route = await call(api.GET("/api/v1/transit/routes/{route_id}/", { params: { path: { route_id: routeId } } }));
      if (!disposed) show(route);
    } catch (e) {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    }
  }

  function show(route: RouteDetail): void {
    const mapBox = mapBoxOf({ class: "bike-map route-map", testid: "route-map" });
    const leg = {
      mode: route.mode,
      route: {
        id: route.id,
        short_name: route.short_name ?? "",
        long_name: route.long_name ?? "",
        color: route.color ?? "",
        text_color: route.text_color ?? "",
        agency: route.agency ?? "",
      },
    };
    fill(
      root,
      back,
      h(
        "section",
        { class: "card route-card", "aria-labelledby": "route-name" },
        h("div", { class: "route-title" }, modeChip(leg), h("h1", { id: "route-name", "data-testid": "route-name" }, route.long_name || route.short_name)),
        route.agency ? h("p", { class: "muted small" }, route.agency) : null,
      ),
      mapBox,
      liveLine,
      h("h2", { class: "list-title" }, t("trip.routeStops")),
      h(
        "ol",
        { class: "route-stops", "data-testid": "route-stops", style: `--leg:${legColour(leg)}` },
        route.stops.map((s) =>
          h(
            "li",
            { class: s.id === here ? "here" : "", "data-testid": s.id === here ? "route-stop-here" : "route-stop" },
            s.id ? h("a", { href: stopPath(s.id) }, s.name) : s.name,
          ),
        ),
      ),
    );
    void drawMap(mapBox, route, legColour(leg));
  }

  async function drawMap(box: HTMLElement, route: RouteDetail, lineColour: string): Promise<void> {
    colour = lineColour;
    try {
      const made = await createMap(box, { isDisposed: () => disposed });
      if (disposed) return;
      if (made) {
        L = made.L;
        map = made.map;
        const layers = L.featureGroup();
        L.geoJSON(route.geometry as GeoJSON.Geometry, { style: { color: colour, weight: 5, opacity: 0.85 } }).addTo(layers);
        for (const s of route.stops) {
          const isHere = s.id === here;
          L.circleMarker([s.lat, s.lon], {
            radius: isHere ? 8 : 5,
            color: colour,
            weight: 2,
            fillColor: isHere ? colour : "#fff",
            fillOpacity: 1,
          })
            .bindTooltip(s.name)
            .addTo(layers);
        }
        layers.addTo(map);
        const bounds = layers.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], animate: false });
      }
    } catch {
      /* the stops are listed below the map */
    }
    stopSocket = watch(routeSocketPath(routeId), handle, (next) => {
      status = next;
      renderLive(status, count);
    });
  }

  void load();
  return () => {
    disposed = true;
    stopSocket?.();
    map?.remove();
  };
}
