/**
 * One itinerary: its legs on the map (GeoJSON per leg, coloured by mode or by the route's own
 * colour, walking dashed), the leg list with the intermediate stops folded away, and its fare.
 * The plan is asked again from the query string, so this page can be reloaded or shared.
 */
import type * as Leaflet from "leaflet";

import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { legColour, modeChip, modeLabel, stopPath, TRIP, type Itinerary, type Leg } from "./common";
import { fareOf, fareSection, fareText, money } from "./fare";
import { buySection, newIdempotencyKey, type PurchaseSummary } from "./tickets";
import { ebikeHead, resolveStationLinks } from "./ebike";
import { parkRideFacts, parkRideHead, pmSpotsSection } from "./parkride";
import { fetchPlan, itinerarySummary } from "./plan";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { clockTime, distance, duration } from "../../format";
import { createMap, mapBox as mapBoxOf } from "../../ui/map";


export function tripItineraryView(root: HTMLElement): () => void {
  let disposed = false;
  let map: Leaflet.Map | null = null;
  const params = new URLSearchParams(location.search);
  const index = Number(params.get("i") ?? "0");
  const listParams = new URLSearchParams(params);
  listParams.delete("i");
  const back = backLink(`${TRIP}?${listParams.toString()}`, t("trip.backToList"));
  // one key for every purchase attempt made from this view: a double tap or a retry buys once
  const idempotencyKey = newIdempotencyKey();

  async function load(): Promise<void> {
    fill(root, back, h("p", { class: "muted loading" }, t("loading")));
    try {
      const plan = await fetchPlan(listParams);
      if (disposed) return;
      const itinerary = plan.itineraries[index];
      if (!itinerary) {
        fill(root, back, h("p", { class: "empty", "data-testid": "itinerary-gone" }, t("trip.itineraryGone")));
        return;
      }
      show(itinerary);
    } catch (e) {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    }
  }

  function show(itinerary: Itinerary): void {
    const mapBox = mapBoxOf({ class: "bike-map itinerary-map", testid: "itinerary-map" });
    const fromName = params.get("from_name") ?? itinerary.legs[0]?.from.name ?? "";
    const toName = params.get("to_name") ?? itinerary.legs.at(-1)?.to.name ?? "";
    fill(
      root,
      back,
      h(
        "section",
        { class: "itinerary-detail", "aria-labelledby": "itinerary-title", "data-testid": "itinerary-detail" },
        h("h1", { id: "itinerary-title", class: "section-title" }, `${fromName} → ${toName}`),
        h("div", { class: "card itinerary-head" }, itinerarySummary(itinerary, fareText(itinerary))),
        mapBox,
        h("h2", { class: "list-title" }, t("trip.legs")),
        h("ol", { class: "legs", "data-testid": "legs" }, itinerary.legs.map(legItem)),
        pmSpotsSection(itinerary),
        fareSection(
          itinerary,
          buySection(fareOf(itinerary)?.purchase_token, idempotencyKey, purchaseSummary(itinerary, fromName, toName)),
        ),
      ),
    );
    void resolveStationLinks(root);
    void drawMap(mapBox, itinerary);
  }

  async function drawMap(box: HTMLElement, itinerary: Itinerary): Promise<void> {
    try {
      const made = await createMap(box, { isDisposed: () => disposed });
      if (!made) return;
      const { L } = made;
      map = made.map;
      const layers = L.featureGroup();
      for (const leg of itinerary.legs) {
        L.geoJSON(
          { type: "Feature", properties: { mode: leg.mode }, geometry: leg.geometry } as GeoJSON.Feature,
          {
            style: {
              color: legColour(leg),
              weight: leg.mode === "walk" ? 4 : 6,
              opacity: 0.9,
              dashArray: leg.mode === "walk" ? "2 8" : undefined,
              className: `leg-line leg-${leg.mode}`,
            },
          },
        )
          .bindTooltip(leg.route?.short_name || modeLabel(leg.mode))
          .addTo(layers);
      }
      const first = itinerary.legs[0]?.from;
      const last = itinerary.legs.at(-1)?.to;
      if (first) L.circleMarker([first.lat, first.lon], { radius: 8, color: "#fff", weight: 3, fillColor: "#16a34a", fillOpacity: 1 }).addTo(layers);
      if (last) L.circleMarker([last.lat, last.lon], { radius: 8, color: "#fff", weight: 3, fillColor: "#dc2626", fillOpacity: 1 }).addTo(layers);
      layers.addTo(map);
      const bounds = layers.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false });
    } catch {
      /* the legs are listed below the map */
    }
  }

  void load();
  return () => {
    disposed = true;
    map?.remove();
  };
}

/** What the confirmation before paying shows: the amount, the trip, and each ride it covers. */
function purchaseSummary(itinerary: Itinerary, fromName: string, toName: string): PurchaseSummary {
  const fare = fareOf(itinerary);
  const amounts = new Map(
    (fare?.legs ?? []).filter((leg) => leg.kind !== "on_exit").map((leg) => [leg.leg_index, money(fare!, leg.amount_minor, leg.amount)]),
  );
  return {
    amount: fareText(itinerary) ?? "",
    trip: `${fromName} → ${toName}`,
    when: `${clockTime(itinerary.departure)} → ${clockTime(itinerary.arrival)}`,
    legs: itinerary.legs.flatMap((leg, index) =>
      leg.mode === "walk"
        ? []
        : [
            `${leg.route?.short_name || modeLabel(leg.mode)}: ${leg.from.name} → ${leg.to.name}` +
              (amounts.has(index) ? ` · ${amounts.get(index)}` : ""),
          ],
    ),
  };
}

function placeName(place: Leg["from"]): HTMLElement | string {
  return place.id ? h("a", { href: stopPath(place.id) }, place.name) : place.name;
}

function legItem(leg: Leg): HTMLElement {
  const stops = leg.intermediate_stops;
  const walking = leg.mode === "walk";
  return h(
    "li",
    { class: `leg leg-${leg.mode}`, "data-testid": "leg", "data-mode": leg.mode, style: `--leg:${legColour(leg)}` },
    h(
      "div",
      { class: "leg-head" },
      modeChip(leg),
      leg.mode === "ebike"
        ? ebikeHead(leg)
        : leg.mode === "park_and_ride"
        ? parkRideHead(leg)
        : walking
        ? h("span", {}, t("trip.walkFor", { distance: distance(leg.distance_m), duration: duration(leg.duration_s) }))
        : h(
            "span",
            { "data-testid": "leg-route" },
            leg.route?.long_name || modeLabel(leg.mode),
            leg.headsign ? h("span", { class: "muted", "data-testid": "leg-headsign" }, ` · ${t("trip.towards", { headsign: leg.headsign })}`) : null,
          ),
    ),
    h(
      "div",
      { class: "leg-stop" },
      h("time", { datetime: leg.departure }, clockTime(leg.departure)),
      h("span", { "data-testid": "leg-from" }, placeName(leg.from)),
    ),
    leg.mode === "park_and_ride" ? parkRideFacts(leg) : null,
    stops.length
      ? h(
          "details",
          { class: "leg-stops", "data-testid": "intermediate" },
          h("summary", {}, t("trip.stopsBetween", { count: stops.length, duration: duration(leg.duration_s) })),
          h(
            "ol",
            {},
            stops.map((s) => h("li", {}, h("time", { datetime: s.arrival }, clockTime(s.arrival)), " ", placeName(s))),
          ),
        )
      : !walking
        ? h("p", { class: "muted small leg-ride" }, duration(leg.duration_s))
        : null,
    h(
      "div",
      { class: "leg-stop" },
      h("time", { datetime: leg.arrival }, clockTime(leg.arrival)),
      h("span", { "data-testid": "leg-to" }, placeName(leg.to)),
    ),
  );
}
