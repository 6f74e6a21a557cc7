/**
 * Trip tickets: buying a whole itinerary with one payment, the ticket with its QR code and refund,
 * and my tickets. A purchase carries an Idempotency-Key made once per itinerary view and reused
 * on every retry, so a double tap or a retry after a lost answer never charges twice.
 */
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { loginHref, navigate } from "../../router";
import { session } from "../../session";
import { modeChip, ticketPath, TICKETS, TRIP } from "./common";
import { clockTime, dateTime, won } from "../../format";
import { keep, kept, freshOrKept } from "../../store";
import { confirmDialog } from "../../ui/confirm";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { preloadQr, qrDataUrl } from "../../ui/qr";
import { pagedList } from "../../ui/pagedList";
import { staleNote } from "../../ui/stale";
import { backLink } from "../../ui/backLink";
import { loginCard } from "../../ui/loginCard";

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

/** What a purchase is asked to confirm: the amount and what it covers. */
export interface PurchaseSummary {
  amount: string;
  /** e.g. "봉황역 → 인제대역" */
  trip: string;
  /** departure and arrival times */
  when: string;
  /** one line per leg the ticket covers */
  legs: string[];
}

/** "Buy this trip": a login link when logged out; else — after the person confirms the amount and
 * what it covers — one purchase, whatever the taps. */
export function buySection(
  purchaseToken: string | null | undefined,
  idempotencyKey: string,
  summary: PurchaseSummary,
): HTMLElement | null {
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
    const yes = await confirmDialog({
      title: t("ticket.confirmTitle"),
      body: [
        h("p", { class: "confirm-amount", "data-testid": "confirm-amount" }, summary.amount),
        h("p", {}, h("strong", {}, summary.trip), h("br"), summary.when),
        h("p", { class: "muted small" }, t("ticket.confirmCovers")),
        h("ul", { class: "plain small", "data-testid": "confirm-legs" }, summary.legs.map((line) => h("li", {}, line))),
        h("p", { class: "muted small" }, t("ticket.refundHint")),
      ],
      confirm: t("ticket.confirmPay", { amount: summary.amount }),
    });
    if (!yes) {
      busy = false;
      return;
    }
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
  fill(root, back, loginCard(message));
}

/** One ticket: legs, total, status, the QR code to show when boarding, and refund. */
export function ticketView(root: HTMLElement, ticketId: string): () => void {
  void preloadQr().catch(() => undefined); // alongside the ticket, not after it
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
            "h1",
            { id: "ticket-title", "data-server-text": "ticket" },
            `${ticket.legs[0]?.from_name ?? ""} → ${ticket.legs.at(-1)?.to_name ?? ""}`,
          ),
          statusChip(ticket.status),
        ),
        h(
          "p",
          { class: "muted small" },
          t("ticket.when", { date: dateTime(ticket.departure_at), arrival: clockTime(ticket.arrival_at) }),
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
                h("span", {}, modeChip({ mode: leg.mode }), " ", h("span", { "data-server-text": "ticket" }, leg.route || "")),
                h("span", { class: "fare-amount" }, leg.mode === "walk" ? "" : won(leg.amount_krw)),
              ),
              h(
                "p",
                { class: "small", "data-server-text": "ticket" },
                `${clockTime(leg.departure)} ${leg.from_name} → ${clockTime(leg.arrival)} ${leg.to_name}`,
              ),
              leg.explanation ? h("p", { class: "muted small", "data-server-text": "fare" }, leg.explanation) : null,
            ),
          ),
        ),
        h(
          "div",
          { class: "row fare-sum" },
          h("strong", {}, t("trip.fareTotal")),
          h("strong", { "data-testid": "ticket-total" }, won(ticket.total_krw)),
        ),
        h("p", { class: "muted small" }, t("ticket.validUntil", { time: dateTime(ticket.valid_until) })),
        ticket.refunded_at
          ? h("p", { class: "small", "data-testid": "ticket-refunded" }, t("ticket.refundedAt", { time: dateTime(ticket.refunded_at) }))
          : null,
        refundBox,
      ),
    );
    renderRefund(ticket);
    if (qr.isConnected) {
      qrDataUrl(ticket.qr_payload, 264)
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
          const yes = await confirmDialog({
            title: t("ticket.refundConfirm", { amount: won(ticket.total_krw) }),
            body: [h("p", {}, t("ticket.refundHint"))],
            confirm: t("ticket.refund"),
            tone: "danger",
          });
          if (!yes) return;
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
  // kept on the phone: the QR code must open at the gate with no signal
  freshOrKept(
    `ticket.${ticketId}`,
    () => call(api.GET("/api/v1/transit/tickets/{ticket_id}/", { params: { path: { ticket_id: ticketId } } })),
    isNetworkError,
  )
    .then((answer) => {
      if (disposed) return;
      show(answer.value);
      if (answer.stale) {
        root.querySelector("[data-testid=ticket]")?.prepend(staleNote(answer.savedAt));
        fill(refundBox); // refunds need the network
      }
    })
    .catch((e) => {
      if (!disposed) fill(root, back, errorBox(asApiError(e)));
    });
  return () => {
    disposed = true;
  };
}

/** Keep the details (with the QR payload) of the valid tickets on the first page, so each opens
 * offline later even if it was never opened online. A few at most; failures are ignored. */
function keepValidTickets(tickets: Ticket[]): void {
  for (const ticket of tickets.filter((x) => x.status === "active").slice(0, 5)) {
    if (kept(`ticket.${ticket.id}`)) continue;
    call(api.GET("/api/v1/transit/tickets/{ticket_id}/", { params: { path: { ticket_id: ticket.id } } }))
      .then((detail) => keep(`ticket.${ticket.id}`, detail))
      .catch(() => undefined);
  }
}

/** My tickets, newest first, a page at a time (the first page kept for offline). */
export function ticketsView(root: HTMLElement): () => void {
  const back = backLink(TRIP, t("trip.title"));
  const title = h("h1", { class: "section-title" }, t("ticket.mine"));
  if (!session.user) {
    loginNeeded(root, back, t("ticket.loginToSee"));
    return () => undefined;
  }
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
          h("strong", { "data-server-text": "ticket" }, `${ticket.legs[0]?.from_name ?? ""} → ${ticket.legs.at(-1)?.to_name ?? ""}`),
          h("span", { class: "muted small" }, `${dateTime(ticket.departure_at)} · ${won(ticket.total_krw)}`),
        ),
        statusChip(ticket.status),
      ),
    );
  const list = pagedList<Ticket>({
    load: async (cursor) => {
      const page = await call(api.GET("/api/v1/transit/tickets/", { params: { query: cursor ? { cursor } : {} } }));
      if (!cursor) {
        keep("tickets", page.results);
        keepValidTickets(page.results);
      }
      return page;
    },
    item,
    empty: t("ticket.none"),
    testid: "tickets",
    className: "ticket-list",
    fallback: (error) => {
      const copy = isNetworkError(error) ? kept<Ticket[]>("tickets") : null;
      if (!copy) return null;
      return h("li", {}, staleNote(copy.savedAt), h("ul", { class: "ticket-list" }, copy.value.map(item)));
    },
  });
  fill(root, back, title, list.element);
  return list.dispose;
}
