/**
 * One booking: its status, hubs and ETAs; accept the offer or cancel; the assigned bus's position
 * and ETA live over /ws/drt/bookings/<id>/ (a snapshot on connect, then `booking.status` and
 * `booking.position`), on a small map and in text.
 */
import "../../i18n/drt";
import type * as Leaflet from "leaflet";

import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { openLiveSocket } from "../../socket";
import { clockTime, won } from "../../format";
import { backLink } from "../../ui/backLink";
import { confirmDialog } from "../../ui/confirm";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { createMap, mapBox } from "../../ui/map";
import { classLabel, DRT, statusLabel } from "./common";

type Booking = Schemas["BookingOutput"];
type Snapshot = {
  id: string;
  status: Booking["status"];
  pickup_eta: string | null;
  dropoff_eta: string | null;
  vehicle: { code: string; plate: string; lat: number | null; lon: number | null } | null;
};
type BookingEvent = { event: "booking.status" | "booking.position"; data: Snapshot };

const CANCELLABLE = ["offered", "accepted", "assigned", "arriving"];

export function drtBookingView(root: HTMLElement, id: string): () => void {
  let disposed = false;
  let booking: Booking | null = null;
  let error: ApiError | null = null;
  let loadError: ApiError | null = null;
  let busy = false;
  let closeSocket: (() => void) | null = null;
  let map: { L: typeof Leaflet; map: Leaflet.Map } | null = null;
  let marker: Leaflet.Marker | null = null;
  const box = mapBox({ testid: "drt-booking-map" });

  async function rate(form: HTMLFormElement): Promise<void> {
    if (busy) return;
    busy = true;
    error = null;
    try {
      const rating = Number(new FormData(form).get("rating"));
      booking = await call(
        api.POST("/api/v1/drt/bookings/{booking_id}/rate/", { params: { path: { booking_id: id } }, body: { rating } }),
      );
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      render();
    }
  }

  const rating = (b: Booking): HTMLElement | null => {
    if (b.status !== "completed") return null;
    if (b.rating) return h("p", { role: "status", "data-testid": "drt-rated" }, t("drt.rated", { rating: b.rating }));
    return h("form", { class: "card", "data-testid": "drt-rate", onsubmit: (e: Event) => { e.preventDefault(); void rate(e.target as HTMLFormElement); } },
      h("label", { for: "drt-rating" }, t("drt.rate")),
      h("select", { id: "drt-rating", name: "rating" }, [5, 4, 3, 2, 1].map((n) => h("option", { value: n }, String(n)))),
      h("button", { class: "button", type: "submit", disabled: busy }, t("drt.rateSend")));
  };

  async function act(kind: "accept" | "cancel"): Promise<void> {
    if (busy || !booking) return;
    if (kind === "cancel") {
      const ok = await confirmDialog({ title: t("drt.cancelAsk"), body: [h("p", {}, t("drt.cancelBody"))], confirm: t("drt.cancel") });
      if (!ok) return;
    }
    busy = true;
    error = null;
    render();
    try {
      const path = kind === "accept" ? "/api/v1/drt/bookings/{booking_id}/accept/" : "/api/v1/drt/bookings/{booking_id}/cancel/";
      booking = await call(api.POST(path, { params: { path: { booking_id: id } } }));
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      render();
    }
  }

  const moveMarker = (): void => {
    const v = booking?.vehicle;
    if (!map || !v || v.lat == null || v.lon == null) return;
    if (!marker) marker = map.L.marker([v.lat, v.lon], { title: v.plate }).addTo(map.map);
    else marker.setLatLng([v.lat, v.lon]);
  };

  function render(): void {
    if (disposed) return;
    const back = backLink(DRT, t("drt.back"));
    if (!session.user) {
      fill(root, back, h("h1", {}, t("drt.booking")), loginCard(t("drt.loginNeeded")));
      return;
    }
    if (loadError || !booking) {
      fill(root, back, h("h1", {}, t("drt.booking")), loadError ? errorBox(loadError) ?? "" : h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const b = booking;
    const v = b.vehicle;
    fill(
      root,
      back,
      h("h1", {}, t("drt.booking")),
      h("p", { class: "badge-soon", "data-testid": "drt-status", "data-status": b.status, "aria-live": "polite" }, statusLabel(b.status)),
      b.reason ? h("p", { class: "error", "data-server-text": "reason", "data-testid": "drt-reason" }, b.reason) : null,
      h("section", { class: "card" },
        h("p", {}, classLabel(b.rider_class)),
        h("p", {}, `${t("drt.board")} `, h("strong", { "data-server-text": "hub" }, b.pickup_hub.name)),
        h("p", {}, `${t("drt.alight")} `, h("strong", { "data-server-text": "hub" }, b.dropoff_hub.name)),
        b.pickup_eta && ["offered", "accepted", "assigned", "arriving"].includes(b.status)
          ? h("p", { class: "big", "data-testid": "drt-eta", "aria-live": "polite" }, t("drt.pickupEta", { time: clockTime(b.pickup_eta) }))
          : null,
        b.dropoff_eta && b.status === "on_board" ? h("p", { class: "big", "aria-live": "polite" }, t("drt.dropoffEta", { time: clockTime(b.dropoff_eta) })) : null,
        v ? h("p", { "data-testid": "drt-vehicle" }, h("span", { "data-server-text": "plate" }, t("drt.vehicle", { plate: v.plate }))) : null,
        v && v.lat != null && v.lon != null
          ? h("p", { class: "muted small", "data-testid": "drt-bus-position" }, t("drt.busAt", { lat: v.lat.toFixed(4), lon: v.lon.toFixed(4) }))
          : null,
        b.fare_krw ? h("p", {}, won(b.fare_krw)) : null,
      ),
      errorBox(error),
      rating(b),
      b.status === "offered"
        ? h("button", { class: "button", type: "button", disabled: busy, "data-testid": "drt-accept", onclick: () => void act("accept") }, t("drt.accept"))
        : null,
      CANCELLABLE.includes(b.status)
        ? h("button", { class: "button secondary", type: "button", disabled: busy, "data-testid": "drt-cancel", onclick: () => void act("cancel") }, t("drt.cancel"))
        : null,
      box,
    );
    moveMarker();
  }

  const apply = (snapshot: Snapshot): void => {
    if (!booking) return;
    booking = {
      ...booking,
      status: snapshot.status,
      pickup_eta: snapshot.pickup_eta,
      dropoff_eta: snapshot.dropoff_eta,
      vehicle: snapshot.vehicle
        ? { ...(booking.vehicle ?? { position_at: null }), ...snapshot.vehicle }
        : booking.vehicle,
    };
    render();
  };

  void (async () => {
    if (!session.user) return render();
    try {
      booking = await call(api.GET("/api/v1/drt/bookings/{booking_id}/", { params: { path: { booking_id: id } } }));
    } catch (e) {
      loadError = asApiError(e);
    }
    render();
    if (disposed || !booking) return;
    closeSocket = openLiveSocket<BookingEvent>(`/ws/drt/bookings/${id}/`, {
      onEvent: (message) => apply(message.data),
      stopOnClose: [4401, 4403, 4404],
    });
    map = await createMap(box, { center: [booking.pickup_hub.lat, booking.pickup_hub.lon], zoom: 14, isDisposed: () => disposed });
    if (map) {
      map.L.circleMarker([booking.pickup_hub.lat, booking.pickup_hub.lon], { radius: 7 }).addTo(map.map);
      moveMarker();
    }
  })();
  render();
  return () => {
    disposed = true;
    closeSocket?.();
    map?.map.remove();
  };
}
