/**
 * The trip planner: from/to by search (stops and places), "my location" or a tap on the map;
 * leave at / arrive by; options; the itineraries. The form lives in the query string
 * (`history.replaceState`), so the back button from an itinerary comes back to the same list.
 */
import "../../i18n/parking";
import type * as Leaflet from "leaflet";

import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { alertsBanner } from "./alerts";
import { ALERTS, FAVOURITES, TICKETS, type Itinerary } from "./common";
import { readEndpoint, searchEndpoints, writeEndpoint, type Candidate, type End, type Endpoint } from "./places";
import { fareText } from "./fare";
import { fetchPlan, isComplete, itineraryHref, itinerarySummary, localNow } from "./plan";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { createMap, GIMHAE, mapBox as mapBoxOf } from "../../ui/map";


const TRANSFER_CHOICES = ["", "0", "1", "2", "3"];
const WALK_CHOICES = ["", "0", "300", "500", "1000"];
const RIDER_CATEGORIES = ["adult", "youth", "child", "senior"] as const;

export function tripPlannerView(root: HTMLElement): () => void {
  let disposed = false;
  const params = new URLSearchParams(location.search);
  const ends: Record<End, Endpoint | null> = {
    from: readEndpoint(params, "from"),
    to: readEndpoint(params, "to"),
  };
  let picking: End | null = null;
  let map: Leaflet.Map | null = null;
  let L: typeof Leaflet | null = null;
  const markers: Partial<Record<End, Leaflet.Marker | Leaflet.CircleMarker>> = {};

  const results = h("section", { class: "itineraries", "aria-live": "polite", "data-testid": "itineraries" });
  const mapBox = mapBoxOf({ class: "bike-map planner-map", testid: "planner-map" });
  const mapHint = h("p", { class: "muted small map-hint", "data-testid": "map-hint" });
  const formError = h("div");

  // --- the two ends -------------------------------------------------------------------------------
  const inputs: Record<End, HTMLInputElement> = {
    from: endInput("from"),
    to: endInput("to"),
  };
  const lists: Record<End, HTMLUListElement> = {
    // plain lists of buttons (not a listbox: each choice is a button, reached by Tab)
    from: h("ul", { class: "search-results", id: "from-results", "aria-label": t("trip.fromResults"), "data-testid": "from-results" }),
    to: h("ul", { class: "search-results", id: "to-results", "aria-label": t("trip.toResults"), "data-testid": "to-results" }),
  };

  function endInput(end: End): HTMLInputElement {
    let timer: number | undefined;
    let asked = 0;
    const input = h("input", {
      id: `${end}-input`,
      name: end,
      type: "search",
      autocomplete: "off",
      "aria-controls": `${end}-results`,
      placeholder: t(end === "from" ? "trip.fromPlaceholder" : "trip.toPlaceholder"),
      value: ends[end]?.name ?? "",
      "data-testid": `${end}-input`,
      oninput: () => {
        ends[end] = null;
        drawMarkers();
        window.clearTimeout(timer);
        const text = input.value;
        timer = window.setTimeout(async () => {
          const mine = ++asked;
          let found: Candidate[] = [];
          let failed: unknown = null;
          try {
            found = await searchEndpoints(text);
          } catch (e) {
            failed = e;
          }
          if (disposed || mine !== asked) return;
          if (failed) {
            // offline (or the server refused): say so, never "no matches"
            lists[end].replaceChildren(
              h(
                "li",
                { class: "muted small", "data-testid": "search-failed" },
                isNetworkError(failed) ? t("offline.searchOffline") : asApiError(failed).message,
              ),
            );
            return;
          }
          showCandidates(end, found, text.trim() !== "");
        }, 200);
      },
    });
    return input;
  }

  function showCandidates(end: End, found: Candidate[], searched: boolean): void {
    const list = lists[end];
    list.replaceChildren(
      ...found.map((c) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "candidate",
              "data-testid": "candidate",
              "data-source": c.source,
              "data-kind": c.kind,
              onclick: () => choose(end, c.endpoint),
            },
            h("strong", {}, c.endpoint.name),
            h("span", { class: `tag ${c.source}` }, c.detail),
          ),
        ),
      ),
    );
    if (searched && !found.length) list.replaceChildren(h("li", { class: "muted small" }, t("trip.noMatches")));
  }

  function choose(end: End, endpoint: Endpoint): void {
    ends[end] = endpoint;
    inputs[end].value = endpoint.name;
    lists[end].replaceChildren();
    drawMarkers();
    if (ends.from && ends.to) void submit();
  }

  function myLocation(end: End): void {
    if (!("geolocation" in navigator)) {
      formError.replaceChildren(h("p", { class: "error", role: "alert" }, t("trip.noLocation")));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (disposed) return;
        formError.replaceChildren();
        choose(end, {
          kind: "point",
          lat: position.coords.latitude,
          lon: position.coords.longitude,
          name: t("trip.myLocation"),
        });
      },
      () => {
        if (disposed) return;
        formError.replaceChildren(h("p", { class: "error", role: "alert" }, t("trip.noLocation")));
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }

  function pickOnMap(end: End): void {
    picking = picking === end ? null : end;
    renderHint();
    if (picking) mapBox.scrollIntoView({ block: "nearest" });
  }

  function renderHint(): void {
    mapHint.textContent = picking
      ? t(picking === "from" ? "trip.tapForFrom" : "trip.tapForTo")
      : t("trip.mapHint");
    mapHint.classList.toggle("active", picking !== null);
    for (const end of ["from", "to"] as End[]) {
      root.querySelector(`[data-testid=${end}-pick-map]`)?.setAttribute("aria-pressed", String(picking === end));
    }
  }

  const endField = (end: End) =>
    h(
      "div",
      { class: "end-field" },
      h("label", { for: `${end}-input` }, t(end === "from" ? "trip.from" : "trip.to")),
      inputs[end],
      h(
        "div",
        { class: "end-actions" },
        h(
          "button",
          { type: "button", class: "link", "data-testid": `${end}-my-location`, onclick: () => myLocation(end) },
          t("trip.myLocation"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "link",
            "aria-pressed": "false",
            "data-testid": `${end}-pick-map`,
            onclick: () => pickOnMap(end),
          },
          t("trip.pickOnMap"),
        ),
      ),
      lists[end],
    );

  // --- time and options ---------------------------------------------------------------------------
  const when = h(
    "select",
    { id: "when", name: "when", "data-testid": "when" },
    h("option", { value: "depart", selected: params.get("when") !== "arrive" }, t("trip.departAt")),
    h("option", { value: "arrive", selected: params.get("when") === "arrive" }, t("trip.arriveBy")),
  );
  const at = h("input", {
    id: "at",
    name: "at",
    type: "datetime-local",
    value: params.get("at") ?? localNow(),
    "data-testid": "at",
  });
  const transfers = h(
    "select",
    { id: "max-transfers", name: "max_transfers", "data-testid": "max-transfers" },
    TRANSFER_CHOICES.map((v) =>
      h(
        "option",
        { value: v, selected: (params.get("max_transfers") ?? "") === v },
        v === "" ? t("trip.any") : t("trip.transfersAtMost", { count: Number(v) }),
      ),
    ),
  );
  const walk = h(
    "select",
    { id: "max-walk", name: "max_walk_m", "data-testid": "max-walk" },
    WALK_CHOICES.map((v) =>
      h(
        "option",
        { value: v, selected: (params.get("max_walk_m") ?? "") === v },
        v === "" ? t("trip.any") : v === "0" ? t("trip.noWalking") : t("trip.walkAtMost", { m: v }),
      ),
    ),
  );

  const rider = h(
    "select",
    { id: "rider-category", name: "rider_category", "data-testid": "rider-category" },
    RIDER_CATEGORIES.map((v) =>
      h("option", { value: v, selected: (params.get("rider_category") ?? "adult") === v }, t(`trip.rider.${v}`)),
    ),
  );

  // park and ride: drive to a car park by a light-rail station (asked for, never by default)
  const parkUntil = h("input", {
    id: "park-until",
    name: "park_until",
    type: "datetime-local",
    value: params.get("park_until") ?? "",
    "data-testid": "park-until",
  });
  const parkUntilField = h(
    "div",
    { class: "park-until", hidden: params.get("park_and_ride") !== "1" },
    h("label", { for: "park-until" }, t("trip.parkUntil")),
    parkUntil,
  );
  const parkRide = h("input", {
    id: "park-and-ride",
    name: "park_and_ride",
    type: "checkbox",
    checked: params.get("park_and_ride") === "1",
    "aria-describedby": "park-and-ride-hint",
    "data-testid": "park-and-ride",
    onchange: () => {
      parkUntilField.hidden = !parkRide.checked;
    },
  });

  function swap(): void {
    [ends.from, ends.to] = [ends.to, ends.from];
    inputs.from.value = ends.from?.name ?? "";
    inputs.to.value = ends.to?.name ?? "";
    drawMarkers();
    if (ends.from && ends.to) void submit();
  }

  function currentParams(): URLSearchParams {
    const next = new URLSearchParams();
    writeEndpoint(next, "from", ends.from);
    writeEndpoint(next, "to", ends.to);
    next.set("when", when.value);
    if (at.value) next.set("at", at.value.slice(0, 16));
    if (transfers.value) next.set("max_transfers", transfers.value);
    if (walk.value) next.set("max_walk_m", walk.value);
    if (rider.value && rider.value !== "adult") next.set("rider_category", rider.value);
    if (parkRide.checked) {
      next.set("park_and_ride", "1");
      if (parkUntil.value) next.set("park_until", parkUntil.value.slice(0, 16));
    }
    return next;
  }

  // --- results ------------------------------------------------------------------------------------
  let asked = 0;

  async function submit(event?: Event): Promise<void> {
    event?.preventDefault();
    formError.replaceChildren();
    if (!ends.from || !ends.to) {
      formError.replaceChildren(h("p", { class: "error", role: "alert", "data-testid": "form-error" }, t("trip.chooseBoth")));
      return;
    }
    const query = currentParams();
    history.replaceState(null, "", `${location.pathname}?${query.toString()}`);
    const mine = ++asked;
    fill(results, h("p", { class: "muted loading" }, t("trip.searching")));
    try {
      const plan = await fetchPlan(query);
      if (disposed || mine !== asked) return;
      showItineraries(plan.itineraries, query);
    } catch (e) {
      if (disposed || mine !== asked) return;
      fill(results, errorBox(asApiError(e)));
    }
  }

  function showItineraries(itineraries: Itinerary[], query: URLSearchParams): void {
    if (!itineraries.length) {
      fill(results, h("p", { class: "empty", "data-testid": "no-itineraries" }, t("trip.noItineraries")));
      return;
    }
    fill(
      results,
      h("h2", { class: "list-title" }, t("trip.itineraries", { count: itineraries.length })),
      h(
        "ul",
        { class: "itinerary-list" },
        itineraries.map((itinerary, index) => {
          return h(
            "li",
            {},
            h(
              "a",
              { class: "itinerary card", href: itineraryHref(query, index), "data-testid": "itinerary", "data-index": index },
              itinerarySummary(itinerary, fareText(itinerary)),
              h("span", { class: "chevron", "aria-hidden": "true" }, "›"),
            ),
          );
        }),
      ),
    );
  }

  // --- the map ------------------------------------------------------------------------------------
  function drawMarkers(): void {
    if (!map || !L) return;
    for (const end of ["from", "to"] as End[]) {
      markers[end]?.remove();
      delete markers[end];
      const e = ends[end];
      if (!e || e.lat === undefined || e.lon === undefined) continue;
      markers[end] = L.circleMarker([e.lat, e.lon], {
        radius: 9,
        color: "#fff",
        weight: 3,
        fillColor: end === "from" ? "#16a34a" : "#dc2626",
        fillOpacity: 1,
      })
        .bindTooltip(t(end === "from" ? "trip.from" : "trip.to"))
        .addTo(map);
    }
  }

  async function startMap(): Promise<void> {
    try {
      const made = await createMap(mapBox, { center: GIMHAE, zoom: 12, isDisposed: () => disposed });
      if (!made) return;
      L = made.L;
      map = made.map;
      map.on("click", (event: Leaflet.LeafletMouseEvent) => {
        const end: End | null = picking ?? (!ends.from ? "from" : !ends.to ? "to" : null);
        if (!end) return;
        picking = null;
        renderHint();
        const { lat, lng } = event.latlng;
        choose(end, { kind: "point", lat, lon: lng, name: t("trip.pointOnMap", { lat: lat.toFixed(4), lon: lng.toFixed(4) }) });
      });
      drawMarkers();
    } catch {
      /* the form works without the map */
    }
  }

  fill(
    root,
    h(
      "section",
      { class: "trip", "aria-labelledby": "trip-title" },
      h(
        "div",
        { class: "section-head" },
        h("h1", { id: "trip-title", class: "section-title" }, t("trip.title")),
      ),
      h(
        "nav",
        { class: "chips trip-links", "aria-label": t("trip.shortcuts") },
        h("a", { class: "chip", href: FAVOURITES, "data-testid": "favourites-link" }, `★ ${t("fav.title")}`),
        h("a", { class: "chip", href: TICKETS, "data-testid": "tickets-link" }, t("ticket.mine")),
        h("a", { class: "chip", href: ALERTS, "data-testid": "all-alerts-link" }, t("alerts.title")),
      ),
      alertsBanner(),
      h(
        "form",
        { class: "card plan-form", novalidate: true, "data-testid": "plan-form", onsubmit: (e: Event) => void submit(e) },
        endField("from"),
        h(
          "button",
          { type: "button", class: "link swap", "data-testid": "swap", onclick: swap, "aria-label": t("trip.swap") },
          `⇅ ${t("trip.swap")}`,
        ),
        endField("to"),
        h(
          "div",
          { class: "when-row" },
          h("label", { class: "visually-hidden", for: "when" }, t("trip.when")),
          when,
          h("label", { class: "visually-hidden", for: "at" }, t("trip.time")),
          at,
        ),
        h(
          "div",
          { class: "park-ride" },
          h("label", { class: "check", for: "park-and-ride" }, parkRide, h("span", {}, t("trip.parkRide"))),
          h("p", { id: "park-and-ride-hint", class: "muted small" }, t("trip.parkRideHint")),
          parkUntilField,
        ),
        h(
          "details",
          { class: "options" },
          h("summary", {}, t("trip.options")),
          h("label", { for: "max-transfers" }, t("trip.maxTransfers")),
          transfers,
          h("label", { for: "max-walk" }, t("trip.maxWalk")),
          walk,
          h("label", { for: "rider-category" }, t("trip.riderCategory")),
          rider,
        ),
        formError,
        h("button", { type: "submit", class: "button", "data-testid": "plan-submit" }, t("trip.search")),
      ),
      mapBox,
      mapHint,
      results,
    ),
  );
  renderHint();
  void startMap();
  if (isComplete(params)) void submit();

  return () => {
    disposed = true;
    map?.remove();
  };
}
