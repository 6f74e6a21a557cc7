/**
 * My shared-parking bookings: place, time, car, status and money; cancel before the start (the
 * dialog says how much comes back under the place's refund rule), extend by 30 minutes while it
 * runs or before it starts (the extra time is charged after a confirm), and pay a booking still
 * waiting for payment. Offline, the last copy of the list is shown under "saved at …".
 */
import "../../i18n/parking";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { dateTime, won } from "../../format";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { confirmDialog } from "../../ui/confirm";
import { keep, kept } from "../../store";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { pagedList } from "../../ui/pagedList";
import { staleNote } from "../../ui/stale";
import { newIdempotencyKey } from "../transit/tickets";

type Booking = Schemas["ParkingReservationOutput"];

function statusChip(status: string): HTMLElement {
  const key = `bookings.status.${status}` as MessageKey;
  const text = t(key);
  return h("span", { class: "chip", "data-testid": "booking-status", "data-status": status }, text === key ? status : text);
}

export function parkingBookingsView(root: HTMLElement): () => void {
  const back = backLink("/services/parking", t("parking.title"));
  const title = h("h1", {}, t("bookings.title"));
  if (!session.user) {
    fill(root, back, title, loginCard(t("bookings.login")));
    return () => undefined;
  }
  const extendKeys = new Map<string, string>();

  function item(booking: Booking): HTMLElement {
    const li = h("li", { class: "card", "data-testid": "booking", "data-booking-id": booking.id });
    const draw = (b: Booking): void => {
      const status = h("div", { role: "status" });
      const started = Date.parse(b.start_at) <= Date.now();
      const ended = Date.parse(b.end_at) <= Date.now();
      const active = b.status === "confirmed" || b.status === "pending";
      const pending = b.charges.find((c) => c.status === "pending" && c.order_id);

      const cancel = async (): Promise<void> => {
        const refund = b.refund_if_cancelled_krw;
        const yes = await confirmDialog({
          title: t("bookings.cancelTitle"),
          body: [
            h("p", {}, h("strong", { "data-server-text": "place-name" }, b.place.name)),
            h("p", {}, `${dateTime(b.start_at)} – ${dateTime(b.end_at)}`),
            h(
              "p",
              { class: "confirm-amount", "data-testid": "confirm-refund" },
              refund > 0 ? t("bookings.cancelRefund", { amount: won(refund) }) : t("bookings.cancelNoRefund"),
            ),
          ],
          confirm: t("bookings.cancelConfirm"),
          tone: "danger",
        });
        if (!yes) return;
        try {
          draw(
            await call(
              api.POST("/api/v1/parking/reservations/{reservation_id}/cancel/", {
                params: { path: { reservation_id: b.id } },
              }),
            ),
          );
        } catch (e) {
          fill(status, errorBox(asApiError(e)) ?? "");
        }
      };

      const extend = async (): Promise<void> => {
        const until = new Date(Date.parse(b.end_at) + 30 * 60 * 1000).toISOString();
        const yes = await confirmDialog({
          title: t("bookings.extendTitle"),
          body: [
            h("p", {}, h("strong", { "data-server-text": "place-name" }, b.place.name)),
            h("p", {}, t("bookings.extendBody", { until: dateTime(until) })),
          ],
          confirm: t("bookings.extendConfirm"),
        });
        if (!yes) return;
        const choice = `${b.id}|${until}`;
        if (!extendKeys.has(choice)) extendKeys.set(choice, newIdempotencyKey());
        try {
          draw(
            await call(
              api.POST("/api/v1/parking/reservations/{reservation_id}/extend/", {
                params: { path: { reservation_id: b.id }, header: { "Idempotency-Key": extendKeys.get(choice)! } },
                body: { end_at: until },
              }),
            ),
          );
        } catch (e) {
          fill(status, errorBox(asApiError(e)) ?? "");
        }
      };

      fill(
        li,
        h("h2", {}, h("span", { "data-server-text": "place-name" }, b.place.name)),
        h("p", { "data-testid": "booking-time" }, `${dateTime(b.start_at)} – ${dateTime(b.end_at)}`),
        h("p", { class: "row gap wrap" }, statusChip(b.status), h("span", { class: "mono" }, b.plate ?? "")),
        h(
          "p",
          { class: "small", "data-testid": "booking-money" },
          t("bookings.paid", { amount: won(b.price_krw) }),
          b.refunded_krw ? ` · ${t("bookings.refunded", { amount: won(b.refunded_krw) })}` : "",
        ),
        h(
          "p",
          { class: "row gap wrap" },
          pending
            ? h("a", { class: "button", href: `/payments/${pending.order_id}`, "data-testid": "booking-pay" }, t("bookings.pay"))
            : null,
          b.status === "confirmed" && !ended
            ? h("button", { type: "button", class: "button secondary", "data-testid": "booking-extend", onclick: () => void extend() }, t("bookings.extend"))
            : null,
          active && !started
            ? h("button", { type: "button", class: "button secondary", "data-testid": "booking-cancel", onclick: () => void cancel() }, t("bookings.cancel"))
            : null,
        ),
        status,
      );
    };
    draw(booking);
    return li;
  }

  const list = pagedList<Booking>({
    load: async (cursor) => {
      const page = await call(api.GET("/api/v1/parking/reservations/", { params: { query: cursor ? { cursor } : {} } }));
      if (!cursor) keep("parking.bookings", page.results);
      return page;
    },
    item,
    empty: t("bookings.empty"),
    testid: "bookings",
    className: "plain-list",
    // offline: the last copy, marked as saved then (the buttons answer "offline" if pressed)
    fallback: (error) => {
      const copy = isNetworkError(error) ? kept<Booking[]>("parking.bookings") : null;
      if (!copy) return null;
      return h("li", {}, staleNote(copy.savedAt), h("ul", { class: "plain-list" }, copy.value.map(item)));
    },
  });
  fill(root, back, title, list.element);
  return () => list.dispose();
}
