/**
 * Trip tickets: buying a whole itinerary with one payment, the ticket with its QR code and refund,
 * and my tickets. A purchase carries an Idempotency-Key made once per itinerary view and reused
 * on every retry, so a double tap or a retry after a lost answer never charges twice.
 */
import QRCode from "qrcode";

import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { formatDateTime, t, type MessageKey } from "../../i18n";
import { loginHref, navigate } from "../../router";
import { session } from "../../session";
import { asApiError, backLink, errorBox } from "../bikes/common";
import { clockTime, modeChip, ticketPath, TICKETS, TRIP, won } from "./common";

export type Ticket = Schemas["TicketOutput"];
export type TicketDetail = Schemas["TicketDetailOutput"];

/** A random UUID (v4); crypto.randomUUID is missing outside secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "Buy this trip": a login link when logged out; else one purchase, whatever the taps. */
export function buySection(purchaseToken: string | null | undefined, idempotencyKey: string): HTMLElement | null {
  if (!purchaseToken) return null;
  const box = h("div", { class: "buy", "data-testid": "buy" });
  if (!session.user) {
    fill(
      box,
      h("p", { class: "muted small" }, t("ticket.loginToBuy")),
      h(
        "a",
        { class: "button", href: loginHref(location.pathname + location.search), "data-testid": "buy-login" },
        t("header.login"),
      ),
    );
    return box;
  }
  const status = h("div", { role: "status" });
  let busy = false;
  const button = h(
    "button",
    {
      type: "button",
      class: "button",
      "data-testid": "buy-button",
      onclick: () => void buy(),
    },
    t("ticket.buy"),
  );

  async function buy(): Promise<void> {
    if (busy) return;
    busy = true;
    button.disabled = true;
    button.textContent = t("ticket.buying");
    status.replaceChildren();
    try {
      const ticket = await call(
        api.POST("/api/v1/transit/tickets/", {
          params: { header: { "Idempotency-Key": idempotencyKey } },
          body: { purchase_token: purchaseToken! },
        }),
      );
      navigate(ticketPath(ticket.id));
    } catch (e) {
      fill(status, errorBox(asApiError(e)));
      button.textContent = t("ticket.retry");
      button.disabled = false;
      busy = false;
    }
  }

  fill(box, button, status);
  return box;
}

function statusLabel(status: string): string {
  const key = `ticket.status.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}

function statusChip(status: string): HTMLElement {
  return h("span", { class: `ticket-status ${status}`, "data-testid": "ticket-status", "data-status": status }, statusLabel(status));
}

function refundable(ticket: Ticket): boolean {
  return ticket.status === "active" && Date.parse(ticket.departure_at) > Date.now();
}

function loginNeeded(root: HTMLElement, back: HTMLElement, message: string): void {
  fill(
    root,
    back,
    h(
      "section",
      { class: "card login-needed", "data-testid": "login-needed" },
      h("p", {}, message),
      h("a", { class: "button", href: loginHref() }, t("header.login")),
    ),
  );
}

/** One ticket: legs, total, status, the QR code to show when boarding, and refund. */
export function ticketView(root: HTMLElement, ticketId: string): () => void {
  let disposed = false;
  const back = backLink(TICKETS, t("ticket.mine"));
  if (!session.user) {
    loginNeeded(root, back, t("ticket.loginToSee"));
    return () => undefined;
  }
  const refundBox = h("div", { class: "refund", "data-testid": "refund-box" });

  function show(ticket: TicketDetail): void {
    const qr = h("div", { class: "ticket-qr", "data-testid": "ticket-qr-box" });
    fill(
      root,
      back,
      h(
        "section",
        { class: "card ticket", "aria-labelledby": "ticket-title", "data-testid": "ticket", "data-ticket": ticket.id },
        h(
          "div",
          { class: "section-head" },
          h(
            "h2",
            { id: "ticket-title" },
            `${ticket.legs[0]?.from_name ?? ""} → ${ticket.legs.at(-1)?.to_name ?? ""}`,
          ),
          statusChip(ticket.status),
        ),
        h(
          "p",
          { class: "muted small" },
          t("ticket.when", { date: formatDateTime(ticket.departure_at), arrival: clockTime(ticket.arrival_at) }),
        ),
        ticket.status === "active" || ticket.status === "pending" ? qr : null,
        h(
          "ol",
          { class: "ticket-legs", "data-testid": "ticket-legs" },
          ticket.legs.map((leg) =>
            h(
              "li",
              { "data-testid": "ticket-leg", "data-mode": leg.mode },
              h(
                "div",
                { class: "row" },
                h("span", {}, modeChip({ mode: leg.mode }), " ", leg.route || ""),
                h("span", { class: "fare-amount" }, leg.mode === "walk" ? "" : won(leg.amount_krw)),
              ),
              h(
                "p",
                { class: "small" },
                `${clockTime(leg.departure)} ${leg.from_name} → ${clockTime(leg.arrival)} ${leg.to_name}`,
              ),
              leg.explanation ? h("p", { class: "muted small" }, leg.explanation) : null,
            ),
          ),
        ),
        h(
          "div",
          { class: "row fare-sum" },
          h("strong", {}, t("trip.fareTotal")),
          h("strong", { "data-testid": "ticket-total" }, won(ticket.total_krw)),
        ),
        h("p", { class: "muted small" }, t("ticket.validUntil", { time: formatDateTime(ticket.valid_until) })),
        ticket.refunded_at
          ? h("p", { class: "small", "data-testid": "ticket-refunded" }, t("ticket.refundedAt", { time: formatDateTime(ticket.refunded_at) }))
          : null,
        refundBox,
      ),
    );
    renderRefund(ticket);
    if (qr.isConnected) {
      QRCode.toDataURL(ticket.qr_payload, { errorCorrectionLevel: "M", margin: 2, width: 264 })
        .then((url) => {
          if (disposed) return;
          fill(qr, h("img", { src: url, alt: t("ticket.qrAlt"), width: 264, height: 264, "data-testid": "ticket-qr" }));
        })
        .catch(() => fill(qr, h("p", { class: "muted small" }, t("ticket.qrFailed"))));
      fill(qr, h("p", { class: "muted small" }, t("loading")));
    }
  }

  function renderRefund(ticket: TicketDetail, error?: HTMLElement | null): void {
    if (!refundable(ticket)) {
      fill(refundBox, error ?? null);
      return;
    }
    const button = h(
      "button",
      {
        type: "button",
        class: "button secondary",
        "data-testid": "refund-button",
        onclick: async () => {
          if (!window.confirm(t("ticket.refundConfirm", { amount: won(ticket.total_krw) }))) return;
          button.disabled = true;
          try {
            const done = await call(
              api.POST("/api/v1/transit/tickets/{ticket_id}/refund/", { params: { path: { ticket_id: ticket.id } } }),
            );
            if (!disposed) show(done);
          } catch (e) {
            if (!disposed) renderRefund(ticket, errorBox(asApiError(e)));
          }
        },
      },
      t("ticket.refund"),
    );
    fill(refundBox, h("p", { class: "muted small" }, t("ticket.refundHint")), button, error ?? null);
  }

  fill(root, back, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/transit/tickets/{ticket_id}/", { params: { path: { ticket_id: ticketId } } }))
    .then((ticket) => {
      if (!disposed) show(ticket);
    })
    .catch((e) => {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    });
  return () => {
    disposed = true;
  };
}

/** My tickets, newest first, a page at a time. */
export function ticketsView(root: HTMLElement): () => void {
  let disposed = false;
  const back = backLink(TRIP, t("trip.title"));
  const title = h("h2", { class: "section-title" }, t("ticket.mine"));
  if (!session.user) {
    loginNeeded(root, back, t("ticket.loginToSee"));
    return () => undefined;
  }
  const list = h("ul", { class: "ticket-list", "data-testid": "tickets" });
  const more = h("div");

  const item = (ticket: Ticket) =>
    h(
      "li",
      {},
      h(
        "a",
        { class: "card ticket-item", href: ticketPath(ticket.id), "data-testid": "ticket-item", "data-ticket": ticket.id },
        h(
          "span",
          { class: "departure-main" },
          h("strong", {}, `${ticket.legs[0]?.from_name ?? ""} → ${ticket.legs.at(-1)?.to_name ?? ""}`),
          h("span", { class: "muted small" }, `${formatDateTime(ticket.departure_at)} · ${won(ticket.total_krw)}`),
        ),
        statusChip(ticket.status),
      ),
    );

  async function load(cursor?: string): Promise<void> {
    try {
      const page = await call(api.GET("/api/v1/transit/tickets/", { params: { query: cursor ? { cursor } : {} } }));
      if (disposed) return;
      if (!cursor) {
        fill(root, back, title, list, more);
        if (!page.results.length) fill(list, h("li", { class: "empty", "data-testid": "no-tickets" }, t("ticket.none")));
      }
      list.append(...page.results.map(item));
      const next = page.next ? new URL(page.next, location.origin).searchParams.get("cursor") : null;
      fill(
        more,
        next
          ? h("button", { type: "button", class: "button secondary", onclick: () => void load(next) }, t("ticket.more"))
          : null,
      );
    } catch (e) {
      if (disposed) return;
      if (cursor) fill(more, errorBox(asApiError(e)));
      else fill(root, back, title, errorBox(asApiError(e)));
    }
  }

  fill(root, back, title, h("p", { class: "muted loading" }, t("loading")));
  void load();
  return () => {
    disposed = true;
  };
}
