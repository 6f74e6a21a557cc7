/**
 * The campus bus: where from (my location or a hub) and where to (a campus or a main hub); "Can I
 * call a bus?" answers with the rider class, the hubs, the pickup ETA — or the server's translated
 * reason — and only then offers the call button. The map shows hubs and live buses; the lists
 * below it show the same (the map may be unavailable).
 */
import "../../i18n/drt";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { session } from "../../session";
import { clockTime, distance } from "../../format";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { createMap, mapBox } from "../../ui/map";
import { classLabel, currentPosition, DRT } from "./common";

type Hub = Schemas["HubOutput"];
type Campus = Schemas["CampusOutput"];
type Bus = Schemas["VehicleLiveOutput"];
type Check = Schemas["RideCheckOutput"];
type Booking = Schemas["BookingOutput"];

const HERE = "here";

export function drtCallView(root: HTMLElement): () => void {
  let disposed = false;
  let hubs: Hub[] = [];
  let campuses: Campus[] = [];
  let buses: Bus[] = [];
  let open: Booking | null = null;
  let loadError: ApiError | null = null;
  let error: ApiError | null = null;
  let check: Check | null = null;
  let busy = false;
  let from = HERE;
  let to = "";
  let notice = "";
  let cleanupMap: (() => void) | null = null;
  const box = mapBox({ testid: "drt-map" });

  const destinations = (): { value: string; label: string; lat: number; lon: number }[] => [
    ...campuses.map((c) => ({ value: `campus:${c.code}`, label: c.name, lat: c.lat, lon: c.lon })),
    ...hubs.filter((hub) => hub.is_main).map((hub) => ({ value: `hub:${hub.code}`, label: hub.name, lat: hub.lat, lon: hub.lon })),
  ];

  const place = (value: string): { lat: number; lon: number } | null => {
    const hit = destinations().find((d) => d.value === value);
    if (hit) return hit;
    const hub = hubs.find((x) => `hub:${x.code}` === value);
    return hub ? { lat: hub.lat, lon: hub.lon } : null;
  };

  async function ask(book: boolean): Promise<void> {
    if (busy) return;
    busy = true;
    error = null;
    notice = "";
    render();
    try {
      const origin = from === HERE ? await currentPosition() : place(from);
      const destination = place(to);
      if (!origin) {
        notice = t("drt.noLocation");
        return;
      }
      if (!destination) return;
      const body = {
        origin_lat: origin.lat,
        origin_lon: origin.lon,
        destination_lat: destination.lat,
        destination_lon: destination.lon,
        passengers: 1,
      };
      if (book) {
        const booking = await call(api.POST("/api/v1/drt/bookings/", { body }));
        navigate(`${DRT}/bookings/${booking.id}`);
        return;
      }
      check = await call(api.POST("/api/v1/drt/check/", { body }));
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      render();
    }
  }

  const select = (id: string, label: string, value: string, options: { value: string; label: string }[], onChange: (v: string) => void): HTMLElement[] => {
    const el = h("select", { id, name: id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
      options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)));
    return [h("label", { for: id }, label), el];
  };

  const answer = (): HTMLElement | null => {
    if (!check) return null;
    const c = check;
    if (!c.eligible) {
      return h("section", { class: "card", "data-testid": "drt-check", "data-eligible": "false" },
        h("h2", {}, t("drt.notEligible")),
        h("p", { "data-server-text": "reason", "data-testid": "drt-reason" }, c.reason));
    }
    return h("section", { class: "card", "data-testid": "drt-check", "data-eligible": "true" },
      h("p", { "data-testid": "drt-class" }, t("drt.riderClass", { class: classLabel(c.rider_class) })),
      c.pickup_hub
        ? h("p", { "data-testid": "drt-pickup" }, `${t("drt.board")} `, h("strong", { "data-server-text": "hub" }, c.pickup_hub.name), ` ${t("drt.walk", { walk: distance(c.walk_to_pickup_m) })}`)
        : null,
      c.dropoff_hub ? h("p", {}, `${t("drt.alight")} `, h("strong", { "data-server-text": "hub" }, c.dropoff_hub.name)) : null,
      c.pickup_eta ? h("p", { class: "big", "data-testid": "drt-eta" }, t("drt.pickupEta", { time: clockTime(c.pickup_eta) })) : null,
      h("button", { class: "button", type: "button", "data-testid": "drt-call", disabled: busy, onclick: () => void ask(true) }, t("drt.call")),
    );
  };

  function render(): void {
    if (disposed) return;
    const title = h("h1", {}, t("drt.title"));
    if (!session.user) {
      fill(root, title, h("p", { class: "muted" }, t("drt.intro")), loginCard(t("drt.loginNeeded")));
      return;
    }
    if (loadError) {
      fill(root, title, errorBox(loadError) ?? "");
      return;
    }
    const froms = [{ value: HERE, label: t("drt.here") }, ...hubs.map((x) => ({ value: `hub:${x.code}`, label: x.name }))];
    const tos = destinations();
    if (!to && tos.length) to = tos[0].value;
    const isDriver = session.user.roles?.includes("driver");
    fill(
      root,
      title,
      h("p", { class: "muted" }, t("drt.intro")),
      open ? h("p", {}, h("a", { class: "button secondary", href: `${DRT}/bookings/${open.id}`, "data-testid": "drt-open" }, t("drt.openBooking"))) : null,
      h("form", { class: "card", "data-testid": "drt-form", onsubmit: (e: Event) => { e.preventDefault(); void ask(false); } },
        ...select("drt-from", t("drt.from"), from, froms, (v) => { from = v; check = null; void loadBuses(); }),
        ...select("drt-to", t("drt.to"), to, tos, (v) => { to = v; check = null; }),
        h("button", { class: "button", type: "submit", disabled: busy, "data-testid": "drt-check-button" }, busy ? t("drt.checking") : t("drt.check")),
      ),
      notice ? h("p", { role: "status", class: "error" }, notice) : null,
      errorBox(error),
      answer(),
      box,
      h("h2", {}, t("drt.buses")),
      buses.length
        ? h("ul", { class: "plain-list", "data-testid": "drt-buses" }, buses.map((b) =>
            h("li", { class: "card", "data-testid": "drt-bus" },
              h("p", {}, h("strong", {}, b.code)),
              h("p", { class: "muted small" }, b.can_take_call ? t("drt.canTake") : t("drt.cannotTake")),
              b.eta_s != null ? h("p", { class: "small", "data-testid": "drt-bus-eta" }, t("drt.busEta", { minutes: Math.max(1, Math.round(b.eta_s / 60)) })) : null)))
        : h("p", { class: "muted" }, t("drt.noBuses")),
      h("h2", {}, t("drt.hubs")),
      h("ul", { class: "plain-list", "data-testid": "drt-hubs" }, hubs.map((x) => h("li", {}, h("span", { "data-server-text": "hub" }, x.name)))),
      h("p", { class: "muted small" }, t("drt.demoNote")),
      h("p", {}, h("a", { href: `${DRT}/survey` }, t("drt.survey"))),
      isDriver ? h("p", {}, h("a", { href: `${DRT}/driver`, "data-testid": "drt-driver-link" }, t("drt.driver"))) : null,
    );
  }

  /** The buses again, with each one's ETA to the chosen start hub. */
  async function loadBuses(): Promise<void> {
    const start = from === HERE ? null : place(from);
    try {
      buses = await call(
        api.GET("/api/v1/drt/vehicles/", { params: { query: start ? { near: `${start.lat},${start.lon}` } : {} } }),
      );
    } catch (e) {
      error = asApiError(e);
    }
    render();
  }

  async function drawMap(): Promise<void> {
    const made = await createMap(box, { center: [35.2475, 128.8950], zoom: 12, isDisposed: () => disposed });
    if (!made) return;
    const { L, map } = made;
    for (const x of hubs) L.circleMarker([x.lat, x.lon], { radius: 6, color: "#1b5e20" }).bindTooltip(x.name).addTo(map);
    for (const b of buses) if (b.lat != null && b.lon != null) L.marker([b.lat, b.lon], { title: b.code }).addTo(map);
    cleanupMap = () => map.remove();
  }

  void (async () => {
    try {
      [hubs, campuses, buses] = await Promise.all([
        call(api.GET("/api/v1/drt/hubs/")),
        call(api.GET("/api/v1/drt/campuses/")),
        call(api.GET("/api/v1/drt/vehicles/")),
      ]);
      if (session.user) {
        const mine = await call(api.GET("/api/v1/drt/bookings/"));
        open = mine.find((b) => ["offered", "accepted", "assigned", "arriving", "on_board"].includes(b.status)) ?? null;
      }
    } catch (e) {
      loadError = asApiError(e);
    }
    render();
    if (!disposed && !loadError && session.user) void drawMap();
  })();
  render();
  return () => {
    disposed = true;
    cleanupMap?.();
  };
}
