/**
 * The hosts' screen (role parking_host): my places with their weekly windows and exceptions, a
 * form to close a place on a date, a form to list a new place (./hostPlace.ts), the bookings at my places (times and state, never the driver)
 * and my payout ledger per month. Offline, the server's "no connection" error is shown as is:
 * nothing here is kept, a host edits with the server.
 */
import "../../i18n/parking";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { dateTime, won } from "../../format";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { newPlaceSection } from "./hostPlace";
import { hoursText } from "./share";

type HostPlace = Schemas["HostPlaceOutput"];
type HostBooking = Schemas["HostReservationOutput"];
type LedgerMonth = Schemas["HostLedgerMonthOutput"];

function localToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
}

function exceptionText(e: HostPlace["exceptions"][number]): string {
  const hours = e.start && e.end ? ` ${e.start}–${e.end}` : "";
  const what = e.closed ? t("host.closed") : t("host.openExtra");
  return `${e.date}${hours} · ${what}${e.note ? ` · ${e.note}` : ""}`;
}

export function parkingHostView(root: HTMLElement): () => void {
  let disposed = false;
  const back = backLink("/services/parking", t("parking.title"));
  const title = h("h1", { class: "section-title" }, t("host.title"));
  if (!session.user) {
    fill(root, back, title, loginCard(t("host.login")));
    return () => undefined;
  }
  if (!session.user.roles.includes("parking_host")) {
    fill(root, back, title, h("p", { class: "error", role: "alert", "data-testid": "host-role-needed" }, t("host.roleNeeded")));
    return () => undefined;
  }
  const places = h("section", { "aria-labelledby": "host-places", "data-testid": "host-places" });
  const bookings = h("section", { "aria-labelledby": "host-bookings", "data-testid": "host-bookings" });
  const ledger = h("section", { "aria-labelledby": "host-ledger", "data-testid": "host-ledger" });
  const newPlace = newPlaceSection(
    () => {
      newPlace.element.removeAttribute("open");
      void load();
    },
    () => disposed,
  );

  function placeCard(place: HostPlace): HTMLElement {
    const li = h("li", { class: "card", "data-testid": "host-place", "data-place-id": place.id });
    const draw = (p: HostPlace): void => {
      const day = h("input", { id: `closed-${p.id}`, type: "date", min: localToday(), required: true, "data-testid": "closed-date" });
      const note = h("input", { id: `note-${p.id}`, type: "text", maxlength: 200, "data-testid": "closed-note" });
      const status = h("div", { role: "status" });
      const submit = async (event: Event): Promise<void> => {
        event.preventDefault();
        if (!day.value) {
          fill(status, h("p", { class: "error", role: "alert" }, t("host.chooseDate")));
          return;
        }
        try {
          const updated = await call(
            api.POST("/api/v1/parking/host/places/{place_id}/exceptions/", {
              params: { path: { place_id: p.id } },
              body: { date: day.value, closed: true, note: note.value },
            }),
          );
          if (!disposed) draw(updated);
        } catch (e) {
          if (!disposed) fill(status, errorBox(asApiError(e)) ?? "");
        }
      };
      fill(
        li,
        h("h3", { "data-server-text": "place-name" }, p.name),
        h("p", { class: "muted small" }, t("host.capacity", { count: p.capacity })),
        h("p", { "data-testid": "host-windows" }, `${t("share.hours")}: ${hoursText(p.windows).join(", ")}`),
        p.exceptions.length
          ? h(
              "ul",
              { class: "small", "data-testid": "host-exceptions" },
              p.exceptions.map((e) => h("li", { "data-testid": "host-exception" }, exceptionText(e))),
            )
          : h("p", { class: "muted small" }, t("host.noExceptions")),
        h(
          "form",
          { class: "host-closed-form", onsubmit: (e: Event) => void submit(e), novalidate: true },
          h("label", { for: `closed-${p.id}` }, t("host.closeOn")),
          day,
          h("label", { for: `note-${p.id}` }, t("host.note")),
          note,
          h("button", { type: "submit", class: "button", "data-testid": "closed-submit" }, t("host.addClosed")),
          status,
        ),
      );
    };
    draw(place);
    return li;
  }

  function statusText(status: string): string {
    const key = `bookings.status.${status}` as MessageKey;
    const text = t(key);
    return text === key ? status : text;
  }

  function bookingItem(b: HostBooking): HTMLElement {
    return h(
      "li",
      { class: "card", "data-testid": "host-booking" },
      h("strong", { "data-server-text": "place-name" }, b.place.name),
      h("p", {}, `${dateTime(b.start_at)} – ${dateTime(b.end_at)}`),
      h("p", { class: "small" }, `${statusText(b.status)} · ${won(b.price_krw)}`),
    );
  }

  function ledgerTable(months: LedgerMonth[]): HTMLElement {
    return h(
      "div",
      { class: "table-scroll", style: "overflow-x:auto" },
      h(
        "table",
        { class: "ledger", "data-testid": "ledger-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("host.month")),
            h("th", { scope: "col" }, t("host.bookingsCount")),
            h("th", { scope: "col" }, t("host.paid")),
            h("th", { scope: "col" }, t("host.refunded")),
            h("th", { scope: "col" }, t("host.commission")),
            h("th", { scope: "col" }, t("host.payable")),
          ),
        ),
        h(
          "tbody",
          {},
          months.map((m) =>
            h(
              "tr",
              { "data-testid": "ledger-month", "data-month": m.month },
              h("th", { scope: "row" }, m.month),
              h("td", {}, String(m.bookings)),
              h("td", {}, won(m.paid_krw)),
              h("td", {}, won(m.refunded_krw)),
              h("td", {}, won(m.commission_krw)),
              h("td", {}, h("strong", {}, won(m.payable_krw))),
            ),
          ),
        ),
      ),
    );
  }

  async function load(): Promise<void> {
    fill(root, back, title, h("p", { class: "muted loading" }, t("loading")));
    try {
      const [mine, booked, months] = await Promise.all([
        call(api.GET("/api/v1/parking/host/places/")),
        call(api.GET("/api/v1/parking/host/reservations/")),
        call(api.GET("/api/v1/parking/host/ledger/")),
      ]);
      if (disposed) return;
      fill(
        places,
        h("h2", { id: "host-places", class: "list-title" }, t("host.places")),
        mine.length ? h("ul", { class: "place-list" }, mine.map(placeCard)) : h("p", { class: "empty" }, t("host.noPlaces")),
      );
      fill(
        bookings,
        h("h2", { id: "host-bookings", class: "list-title" }, t("host.bookings")),
        booked.length ? h("ul", { class: "place-list" }, booked.map(bookingItem)) : h("p", { class: "empty" }, t("host.noBookings")),
      );
      fill(ledger, h("h2", { id: "host-ledger", class: "list-title" }, t("host.ledger")), ledgerTable(months));
      fill(root, back, title, places, newPlace.element, bookings, ledger);
    } catch (e) {
      if (!disposed) fill(root, back, title, errorBox(asApiError(e)));
    }
  }

  void load();
  return () => {
    disposed = true;
    newPlace.dispose();
  };
}
