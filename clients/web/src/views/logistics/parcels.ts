/**
 * Parcels by robot and drone: my delivery address (registered with the options shown and one
 * chosen), my parcels, one parcel's live tracking (timeline, codes, ETA, and the machine's
 * position over /ws/logistics/parcels/<id>/ on a map and in words), and the public tracking page
 * the SMS link opens.
 */
import "../../i18n/logistics";
import type * as Leaflet from "leaflet";

import { api, type ApiError, ApiError as ApiErrorClass, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { clockTime, dateTime, formatPhone } from "../../format";
import { type MessageKey, t } from "../../i18n";
import { session } from "../../session";
import { openLiveSocket } from "../../socket";
import { backLink } from "../../ui/backLink";
import { freshOrKept } from "../../store";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { staleNote } from "../../ui/stale";
import { loginCard } from "../../ui/loginCard";
import { createMap, mapBox } from "../../ui/map";

type Address = Schemas["AddressOutput"];
type Check = Schemas["AddressCheckOutput"];
type ModeOption = Schemas["ModeOptionOutput"];
type Parcel = Schemas["ParcelOutput"];
type ParcelDetail = Schemas["ParcelDetailOutput"];
type ParcelEvent =
  | { event: "parcel.status"; data: { id: string; status: string; mode: string } }
  | {
      event: "parcel.position";
      data: { id: string; lat: number; lon: number; machine_kind: string; eta: string; at: string };
    };

export const PARCELS = "/services/parcels";

export function modeLabel(mode: string | undefined): string {
  return t(`parcels.mode.${mode ?? "locker"}` as MessageKey);
}

function machineLabel(kind: string): string {
  return t(`parcel.machine.${kind}` as MessageKey);
}

function roles(): string[] {
  return session.user?.roles ?? [];
}

// --- the service's home: my address and my parcels ----------------------------------------------

export function parcelsView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, h("h1", {}, t("parcels.title")), h("p", { class: "muted" }, t("parcels.intro")), loginCard(t("parcels.loginNeeded")));
    return () => undefined;
  }
  let disposed = false;
  let address: Address | null | undefined;
  let parcels: Parcel[] | null = null;
  let savedAt: number | null = null;
  let error: ApiError | null = null;

  const addressCard = (): HTMLElement =>
    h(
      "section",
      { class: "card", "aria-labelledby": "parcels-address", "data-testid": "address-card" },
      h("h2", { id: "parcels-address" }, t("parcels.address")),
      address
        ? [
            h("p", {}, h("span", { "data-server-text": "area-name" }, address.area.name)),
            h("p", { "data-testid": "address-mode" }, t("parcels.receiveBy", { mode: modeLabel(address.mode) })),
            h("a", { class: "button secondary", href: `${PARCELS}/address` }, t("parcels.changeAddress")),
          ]
        : [
            h("p", { class: "muted" }, t("parcels.noAddress")),
            h("a", { class: "button", href: `${PARCELS}/address`, "data-testid": "register-address" }, t("parcels.registerAddress")),
          ],
    );

  const item = (p: Parcel): HTMLElement =>
    h(
      "li",
      { class: "card", "data-testid": "parcel", "data-status": p.status },
      h(
        "a",
        { href: `${PARCELS}/${p.id}` },
        h("strong", { "data-server-text": "parcel-status" }, p.status_label),
      ),
      h("p", { class: "muted small" }, t("parcels.trackingCode", { code: p.tracking_code }), " · ", h("span", { "data-server-text": "hub-name" }, p.hub.name)),
      h("p", { class: "muted small" }, modeLabel(p.mode), " · ", dateTime(p.arrived_at)),
    );

  const render = (): void => {
    if (disposed) return;
    const links = [
      roles().includes("courier") ? h("a", { class: "button secondary", href: `${PARCELS}/courier`, "data-testid": "courier-link" }, t("parcels.courierLink")) : null,
      roles().includes("hub_staff") ? h("a", { class: "button secondary", href: `${PARCELS}/staff` }, t("parcels.staffLink")) : null,
    ];
    fill(
      root,
      h("h1", {}, t("parcels.title")),
      h("p", { class: "muted" }, t("parcels.intro")),
      error ? errorBox(error) : null,
      address === undefined && !error ? h("p", { class: "muted loading" }, t("loading")) : addressCard(),
      links.some(Boolean) ? h("p", {}, links) : null,
      h("h2", {}, t("parcels.mine")),
      savedAt ? staleNote(savedAt) : null,
      parcels === null
        ? null
        : parcels.length
          ? h("ul", { class: "plain-list", "data-testid": "parcels" }, parcels.map(item))
          : h("p", { class: "muted", "data-testid": "no-parcels" }, t("parcels.none")),
    );
  };

  void (async () => {
    try {
      address = await call(api.GET("/api/v1/logistics/address/"));
    } catch (e) {
      const failure = asApiError(e);
      if (failure.code === "logistics.address_not_registered") address = null;
      else if (!isNetworkError(e)) error = failure;
      else address = null;
    }
    try {
      // kept on the phone: which parcels are waiting, with no signal at the hub
      const answer = await freshOrKept("parcels.mine", () => call(api.GET("/api/v1/logistics/parcels/")), isNetworkError);
      parcels = answer.value;
      savedAt = answer.stale ? answer.savedAt : null;
    } catch (e) {
      error = asApiError(e);
    }
    render();
  })();
  render();
  return () => {
    disposed = true;
  };
}

// --- register the address: options shown, one chosen ---------------------------------------------

export function addressView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, loginCard(t("parcels.loginNeeded")));
    return () => undefined;
  }
  let disposed = false;
  let road = "";
  let detail = "";
  let chosen = "";
  let check: Check | null = null;
  let error: ApiError | null = null;
  let saved = false;
  let busy = false;

  const optionRow = (o: ModeOption): HTMLElement =>
    h(
      "li",
      { class: "card", "data-testid": "option", "data-mode": o.mode, "data-possible": String(o.possible) },
      h(
        "label",
        { class: "radio" },
        h("input", {
          type: "radio",
          name: "mode",
          value: o.mode,
          disabled: !o.possible,
          checked: chosen === o.mode,
          onchange: () => {
            chosen = o.mode;
          },
        }),
        h("span", {}, modeLabel(o.mode), o.possible ? "" : ` — ${t("address.notPossible")}`),
      ),
      h("ul", { class: "muted small" }, o.reasons.map((r) => h("li", { "data-server-text": "mode-reason" }, r))),
      o.possible && o.drop_point
        ? h("p", { class: "small" }, t("address.dropPoint", { place: "" }), h("span", { "data-server-text": "drop-point" }, o.drop_point))
        : null,
    );

  const render = (): void => {
    if (disposed) return;
    const roadInput = h("input", { id: "road", name: "road", autocomplete: "street-address", value: road, required: true, oninput: (e: Event) => (road = (e.target as HTMLInputElement).value) });
    const detailInput = h("input", { id: "detail", name: "detail", value: detail, oninput: (e: Event) => (detail = (e.target as HTMLInputElement).value) });
    const form = h(
      "form",
      { "data-testid": "address-form", onsubmit: (e: Event) => { e.preventDefault(); void runCheck(); } },
      h("label", { for: "road" }, t("address.road")),
      roadInput,
      h("p", { class: "muted small", id: "road-hint" }, t("address.roadHint"), " ", h("span", { lang: "ko" }, "김해시 상동면 상동로 123")),
      h("label", { for: "detail" }, t("address.detail")),
      detailInput,
      h("button", { class: "button secondary", type: "submit", disabled: busy, "data-testid": "check" }, t("address.check")),
    );
    roadInput.setAttribute("aria-describedby", "road-hint");
    fill(
      root,
      backLink(PARCELS, t("parcels.back")),
      h("h1", {}, t("address.title")),
      h("p", { class: "muted" }, t("address.intro", { phone: formatPhone(session.user?.phone ?? "") })),
      form,
      errorBox(error),
      saved ? h("p", { class: "notice", role: "status", "data-testid": "saved" }, t("address.saved")) : null,
      check
        ? h(
            "section",
            { "aria-labelledby": "options-title", "data-testid": "options" },
            h("h2", { id: "options-title" }, t("address.options")),
            h("p", {}, t("address.area", { area: "" }), h("span", { "data-server-text": "area-name" }, check.area.name)),
            h("fieldset", {}, h("legend", { class: "visually-hidden" }, t("address.options")), h("ul", { class: "plain-list" }, check.options.map(optionRow))),
            h("button", { class: "button", type: "button", disabled: busy, "data-testid": "save", onclick: () => void save() }, t("address.save")),
          )
        : null,
    );
  };

  const runCheck = async (): Promise<void> => {
    busy = true;
    error = null;
    saved = false;
    render();
    try {
      check = await call(api.POST("/api/v1/logistics/address/check/", { body: { road_address: road, detail } }));
      if (!check.options.some((o) => o.mode === chosen && o.possible)) chosen = "";
    } catch (e) {
      check = null;
      error = asApiError(e);
    }
    busy = false;
    render();
  };

  const save = async (): Promise<void> => {
    if (!chosen) {
      error = new ApiErrorClass(400, { code: "invalid", message: t("address.chooseOne"), extra: {} });
      render();
      return;
    }
    busy = true;
    error = null;
    render();
    try {
      const address = await call(api.PUT("/api/v1/logistics/address/", { body: { road_address: road, detail, mode: chosen as Address["mode"] } }));
      saved = true;
      chosen = address.mode;
    } catch (e) {
      error = asApiError(e);
    }
    busy = false;
    render();
  };

  void (async () => {
    try {
      const address = await call(api.GET("/api/v1/logistics/address/"));
      road = address.road_address;
      detail = address.detail;
      chosen = address.mode;
      check = { matched: "", lat: address.lat, lon: address.lon, area: address.area, hub: address.hub, options: address.options };
    } catch (e) {
      const failure = asApiError(e);
      // no address yet: the empty form stays as it is (drawing it again would drop what the
      // person has started typing)
      if (failure.code === "logistics.address_not_registered") return;
      error = failure;
    }
    render();
  })();
  render();
  return () => {
    disposed = true;
  };
}

// --- one parcel, live ----------------------------------------------------------------------------

function timeline(events: ParcelDetail["timeline"]): HTMLElement {
  return h(
    "ol",
    { class: "timeline", "data-testid": "timeline" },
    events.map((e) => h("li", { "data-kind": e.kind }, h("span", { "data-server-text": "event-label" }, e.label), " ", h("span", { class: "muted small" }, clockTime(e.at)))),
  );
}

export function parcelView(root: HTMLElement, id: string): () => void {
  if (!session.user) {
    fill(root, loginCard(t("parcels.loginNeeded")));
    return () => undefined;
  }
  let disposed = false;
  let parcel: ParcelDetail | null = null;
  let savedAt: number | null = null;
  let error: ApiError | null = null;
  let closeSocket: (() => void) | null = null;
  let map: Leaflet.Map | null = null;
  let L: typeof Leaflet | null = null;
  let marker: Leaflet.CircleMarker | null = null;
  const box = mapBox({ class: "bike-map", testid: "parcel-map" });
  const where = h("p", { "aria-live": "polite", "data-testid": "position" });
  const eta = h("p", { "data-testid": "eta" });

  const showPosition = (lat: number, lon: number, kind: string, at?: string): void => {
    where.textContent = t("parcel.machineAt", { machine: machineLabel(kind), lat: lat.toFixed(4), lon: lon.toFixed(4) });
    if (at) where.dataset.at = at;
    if (map && L) {
      if (!marker) marker = L.circleMarker([lat, lon], { radius: 9, color: "#0b5cad", fillOpacity: 0.9 }).addTo(map);
      else marker.setLatLng([lat, lon]);
      map.panTo([lat, lon]);
    }
  };

  const render = (): void => {
    if (disposed) return;
    if (error || !parcel) {
      fill(root, backLink(PARCELS, t("parcels.back")), h("h1", {}, t("parcel.title")), error ? errorBox(error) : h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const p = parcel;
    eta.textContent = p.eta ? t("parcel.eta", { time: clockTime(p.eta) }) : "";
    if (p.position) showPosition(p.position.lat, p.position.lon, p.position.machine_kind);
    else where.textContent = t("parcel.noPosition");
    fill(
      root,
      backLink(PARCELS, t("parcels.back")),
      h("h1", {}, t("parcel.title")),
      savedAt ? staleNote(savedAt) : null,
      h("p", { class: "muted" }, t("parcels.trackingCode", { code: p.tracking_code })),
      h("p", { class: "big" }, h("strong", { "data-testid": "parcel-status", "data-status": p.status, "data-server-text": "parcel-status" }, p.status_label)),
      h("p", {}, modeLabel(p.mode)),
      eta,
      p.pickup_code
        ? h("section", { class: "card", "aria-labelledby": "pickup-title" }, h("h2", { id: "pickup-title" }, t("parcel.pickupCode")), h("p", { class: "big", "data-testid": "pickup-code" }, p.pickup_code), h("p", { class: "muted small" }, t("parcel.pickupHint", { locker: p.locker_code ?? "" })), h("p", { class: "muted small", "data-server-text": "hub-name" }, p.hub.name))
        : null,
      p.handover_code
        ? h("section", { class: "card", "aria-labelledby": "handover-title" }, h("h2", { id: "handover-title" }, t("parcel.handoverCode")), h("p", { class: "big", "data-testid": "handover-code" }, p.handover_code), h("p", { class: "muted small" }, t("parcel.handoverHint")))
        : null,
      h("section", { "aria-labelledby": "live-title" }, h("h2", { id: "live-title" }, t("parcel.live")), where, box),
      h("section", { "aria-labelledby": "timeline-title" }, h("h2", { id: "timeline-title" }, t("parcel.timeline")), timeline(p.timeline)),
    );
  };

  const load = async (): Promise<void> => {
    try {
      // kept on the phone: the pick-up and hand-over codes must open with no signal at the locker
      const answer = await freshOrKept(
        `parcel.${id}`,
        () => call(api.GET("/api/v1/logistics/parcels/{parcel_id}/", { params: { path: { parcel_id: id } } })),
        isNetworkError,
      );
      parcel = answer.value;
      savedAt = answer.stale ? answer.savedAt : null;
      error = null;
    } catch (e) {
      error = asApiError(e);
    }
    render();
  };

  void (async () => {
    await load();
    const first = parcel as ParcelDetail | null;
    if (disposed || !first) return;
    const made = await createMap(box, { center: [first.hub.lat, first.hub.lon], zoom: 14, isDisposed: () => disposed });
    if (made) {
      ({ L, map } = made);
      L.circleMarker([first.hub.lat, first.hub.lon], { radius: 6, color: "#444" }).addTo(made.map);
      if (first.position) showPosition(first.position.lat, first.position.lon, first.position.machine_kind);
    }
    closeSocket = openLiveSocket<ParcelEvent>(`/ws/logistics/parcels/${id}/`, {
      onEvent: (message) => {
        if (message.event === "parcel.position") {
          showPosition(message.data.lat, message.data.lon, message.data.machine_kind, message.data.at);
          eta.textContent = t("parcel.eta", { time: clockTime(message.data.eta) });
        } else if (message.event === "parcel.status" && parcel && message.data.status !== parcel.status) {
          void load();
        }
      },
      stopOnClose: [4401, 4403, 4404],
    });
  })();
  render();
  return () => {
    disposed = true;
    closeSocket?.();
    map?.remove();
  };
}

// --- the SMS link: public tracking ---------------------------------------------------------------

export function trackView(root: HTMLElement, code: string): () => void {
  let disposed = false;
  void (async () => {
    let body: HTMLElement | null;
    try {
      const p = await call(api.GET("/api/v1/logistics/track/{tracking_code}/", { params: { path: { tracking_code: code } } }));
      body = h(
        "div",
        {},
        h("p", { class: "muted" }, t("parcels.trackingCode", { code: p.tracking_code })),
        h("p", { class: "big" }, h("strong", { "data-testid": "parcel-status", "data-server-text": "parcel-status" }, p.status_label)),
        h("p", {}, t("parcel.hub"), ": ", h("span", { "data-server-text": "hub-name" }, p.hub.name)),
        timeline(p.timeline),
        h("p", { class: "card" }, t("track.register"), " ", h("a", { href: `${PARCELS}/address` }, t("parcels.registerAddress"))),
      );
    } catch (e) {
      body = errorBox(asApiError(e));
    }
    if (!disposed) fill(root, h("h1", {}, t("track.title")), body);
  })();
  fill(root, h("h1", {}, t("track.title")), h("p", { class: "muted loading" }, t("loading")));
  return () => {
    disposed = true;
  };
}
