/** After the ride: the receipt (time, price breakdown, payment and its order id, return place). */
import { api, type ApiError, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { BIKES, HISTORY, loginCard, ridePath, statusLabel, type Rental } from "./common";
import type { MessageKey } from "../../i18n";
import { dateTime, won } from "../../format";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";

interface Breakdown {
  minutes?: number;
  base_krw?: number;
  time_krw?: number;
  cap_reduction_krw?: number;
  rider_discount_krw?: number;
  coupon_krw?: number;
  free_day?: string;
  total_krw?: number;
}

export function bikesReceiptView(root: HTMLElement, rentalId: string): () => void {
  let disposed = false;

  const show = (rental: Rental | null, error: ApiError | null): void => {
    if (disposed) return;
    if (error || !rental) {
      fill(root, backLink(HISTORY, t("bikes.history")), errorBox(error) ?? "");
      return;
    }
    if (rental.status === "reserved" || rental.status === "active") {
      fill(root, 
        backLink(BIKES, t("bikes.title")),
        h("section", { class: "card" }, h("p", {}, statusLabel(rental)), h("a", { class: "button", href: ridePath(rental.id) }, t("bikes.continueRide"))),
      );
      return;
    }
    const b = (rental.price_breakdown ?? {}) as Breakdown;
    const place = rental.end_station ?? rental.end_spot;
    const line = (key: MessageKey, amount: number | undefined, { minus = false } = {}) =>
      amount ? [h("dt", {}, t(key)), h("dd", {}, `${minus ? "−" : ""}${won(amount)}`)] : null;
    fill(root, 
      backLink(BIKES, t("bikes.title")),
      h(
        "section",
        { class: "card receipt", "aria-labelledby": "receipt-title", "data-testid": "receipt" },
        h("h1", { id: "receipt-title" }, rental.status === "ended" ? t("bikes.receipt") : statusLabel(rental)),
        h("p", { class: "total", "data-testid": "receipt-total" }, won(rental.amount_krw)),
        h(
          "dl",
          { class: "breakdown", "data-testid": "breakdown" },
          h("dt", {}, t("bikes.vehicleCode")),
          h("dd", {}, rental.vehicle_code),
          rental.started_at ? [h("dt", {}, t("bikes.startedAt")), h("dd", {}, dateTime(rental.started_at))] : null,
          rental.ended_at ? [h("dt", {}, t("bikes.endedAt")), h("dd", {}, dateTime(rental.ended_at))] : null,
          rental.minutes != null
            ? [h("dt", {}, t("bikes.rideTime")), h("dd", { "data-testid": "receipt-minutes" }, t("bikes.minutes", { count: rental.minutes }))]
            : null,
          place ? [h("dt", {}, t("bikes.returnedAt")), h("dd", { "data-testid": "receipt-place" }, place.name)] : null,
          rental.status === "ended"
            ? [
                h("dt", {}, t("bikes.baseFare")),
                h("dd", {}, won(b.base_krw ?? 0)),
                line("bikes.timeFare", b.time_krw),
                line("bikes.capReduction", b.cap_reduction_krw, { minus: true }),
                line("bikes.riderDiscount", b.rider_discount_krw, { minus: true }),
                line("bikes.couponDiscount", b.coupon_krw, { minus: true }),
                b.free_day ? [h("dt", {}, t("bikes.freeDay")), h("dd", {}, b.free_day)] : null,
                h("dt", { class: "sum" }, t("bikes.total")),
                h("dd", { class: "sum" }, won(rental.amount_krw)),
                h("dt", {}, t("bikes.payment")),
                h("dd", { "data-testid": "payment-status", "data-status": rental.payment_status ?? "" }, t(`bikes.payment.${rental.payment_status ?? "not_due"}` as MessageKey)),
                rental.order_id
                  ? [h("dt", {}, t("bikes.orderId")), h("dd", { class: "mono", "data-testid": "order-id" }, rental.order_id)]
                  : null,
                rental.has_return_photo
                  ? [h("dt", {}, t("bikes.photoReview")), h("dd", {}, t(`bikes.review.${rental.photo_review ?? "pending"}` as MessageKey))]
                  : null,
              ]
            : null,
        ),
        h("p", { class: "muted small" }, t("bikes.receiptInbox")),
        h("div", { class: "row gap" }, h("a", { class: "button secondary", href: HISTORY, "data-testid": "history-link" }, t("bikes.history")), h("a", { class: "button", href: BIKES }, t("bikes.backToMap"))),
      ),
    );
  };

  if (!session.user) {
    fill(root, loginCard(t("bikes.loginNeeded")));
    return () => undefined;
  }
  fill(root, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/rentals/rentals/{rental_id}/", { params: { path: { rental_id: rentalId } } })).then(
    (rental) => show(rental, null),
    (e) => show(null, asApiError(e)),
  );
  return () => {
    disposed = true;
  };
}
