/**
 * My payments: every order of every service (trip tickets, Tagogaya rides, …) newest first, with
 * refunds, and each paid order's receipt (the server writes it in the request's language).
 */
import { api, call, type Schemas } from "../api/client";
import { fill, h } from "../dom";
import { dateTime, won } from "../format";
import { t, type MessageKey } from "../i18n";
import { session } from "../session";
import { backLink } from "../ui/backLink";
import { loginCard } from "../ui/loginCard";
import { asApiError, errorBox } from "../ui/errors";
import { pagedList } from "../ui/pagedList";

type Order = Schemas["OrderOutput"];
type OrderDetail = Schemas["OrderDetailOutput"];
type Receipt = Schemas["ReceiptOutput"];

export const PAYMENTS = "/payments";
export const paymentPath = (id: string) => `${PAYMENTS}/${id}`;

/** The service an order is for, from its purpose ("transit.trip", "rentals.ride", …). */
function serviceLabel(purpose: string): string {
  const key = `payments.purpose.${purpose.split(".")[0]}` as MessageKey;
  const text = t(key);
  return text === key ? t("payments.purpose.other") : text;
}

function statusChip(status: string): HTMLElement {
  const key = `payments.status.${status}` as MessageKey;
  const text = t(key);
  return h(
    "span",
    { class: `order-status ${status}`, "data-testid": "order-status", "data-status": status },
    text === key ? status : text,
  );
}

function orderItem(order: Order): HTMLElement {
  const refunded = order.refunded_krw ?? 0;
  return h(
    "li",
    {},
    h(
      "a",
      { class: "card order-item", href: paymentPath(order.id), "data-testid": "order", "data-order": order.id },
      h(
        "span",
        { class: "departure-main" },
        h("strong", {}, order.description || serviceLabel(order.purpose)),
        h(
          "span",
          { class: "muted small" },
          `${serviceLabel(order.purpose)} · ${dateTime(order.paid_at ?? order.created_at)}`,
        ),
        refunded
          ? h("span", { class: "small refunded", "data-testid": "order-refunded" }, t("payments.refunded", { amount: won(refunded) }))
          : null,
      ),
      h("span", { class: "order-side" }, h("strong", { "data-testid": "order-total" }, won(order.total_krw)), statusChip(order.status ?? "")),
    ),
  );
}

export function paymentsView(root: HTMLElement): () => void {
  const back = backLink("/settings", t("settings.title"));
  const title = h("h1", { class: "section-title" }, t("payments.title"));
  if (!session.user) {
    fill(root, back, title, loginCard(t("payments.loginNeeded")));
    return () => undefined;
  }
  const list = pagedList<Order>({
    load: (cursor) => call(api.GET("/api/v1/payments/orders/", { params: { query: cursor ? { cursor } : {} } })),
    item: orderItem,
    empty: t("payments.none"),
    testid: "orders",
    className: "ticket-list",
  });
  fill(root, back, title, h("p", { class: "muted small" }, t("payments.intro")), list.element);
  return list.dispose;
}

export function paymentView(root: HTMLElement, orderId: string): () => void {
  let disposed = false;
  const back = backLink(PAYMENTS, t("payments.title"));
  if (!session.user) {
    fill(root, back, loginCard(t("payments.loginNeeded")));
    return () => undefined;
  }
  const path = { params: { path: { order_id: orderId } } };

  function show(order: OrderDetail, receipt: Receipt | null): void {
    const refunds = order.refunds ?? [];
    fill(
      root,
      back,
      h(
        "section",
        { class: "card receipt", "aria-labelledby": "order-title", "data-testid": "payment" },
        h("div", { class: "section-head" }, h("h1", { id: "order-title" }, order.description || serviceLabel(order.purpose)), statusChip(order.status ?? "")),
        h("p", { class: "total", "data-testid": "payment-total" }, won(order.total_krw)),
        h(
          "dl",
          { class: "breakdown" },
          h("dt", {}, t("payments.service")),
          h("dd", {}, serviceLabel(order.purpose)),
          order.paid_at ? [h("dt", {}, t("payments.paidAt")), h("dd", {}, dateTime(order.paid_at))] : null,
          h("dt", {}, t("payments.receiptNumber")),
          h("dd", { class: "mono" }, order.receipt_number),
          receipt ? [h("dt", {}, t("payments.method")), h("dd", {}, receipt.method)] : null,
          (receipt?.lines ?? order.lines.map((l) => ({ label: l.label, quantity: l.quantity ?? 1, amount_krw: l.total_krw })))
            .map((line) => [h("dt", {}, line.quantity > 1 ? `${line.label} × ${line.quantity}` : line.label), h("dd", {}, won(line.amount_krw))]),
          receipt ? [h("dt", {}, t("payments.vat")), h("dd", {}, won(receipt.vat_krw))] : null,
        ),
        refunds.length
          ? h(
              "section",
              { "aria-labelledby": "refunds-title", "data-testid": "refunds" },
              h("h2", { id: "refunds-title", class: "list-title" }, t("payments.refunds")),
              h(
                "ul",
                { class: "plain" },
                refunds.map((r) =>
                  h(
                    "li",
                    { "data-testid": "refund", "data-status": r.status ?? "" },
                    `${dateTime(r.created_at)} · −${won(r.amount_krw)}`,
                    r.reason ? h("span", { class: "muted small" }, ` · ${r.reason}`) : null,
                    r.status === "failed" ? h("span", { class: "small" }, ` · ${t("payments.refundFailed")}`) : null,
                  ),
                ),
              ),
            )
          : null,
        receipt ? h("p", { class: "muted small" }, receipt.vat_note) : null,
      ),
    );
  }

  fill(root, back, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/payments/orders/{order_id}/", path))
    .then(async (order) => {
      // a receipt exists once the order was paid; a pending or failed one has none
      const receipt = order.paid_at
        ? await call(api.GET("/api/v1/payments/orders/{order_id}/receipt/", path)).catch(() => null)
        : null;
      if (!disposed) show(order, receipt);
    })
    .catch((e) => {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    });
  return () => {
    disposed = true;
  };
}
