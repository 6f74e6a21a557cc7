/**
 * Virtual (time-window) parking: pick a date and a time, see the shared places open and free for
 * the whole of it (nearest the city centre first), choose your car (or add it) and book — after a
 * confirm dialog with the amount, the place, the time and the refund rule. One Idempotency-Key per
 * choice (place, car, time), reused on every retry, so a double tap or a lost answer never books or
 * charges twice.
 */
import "../../i18n/parking";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { dateTime, distance, won } from "../../format";
import { loginHref, navigate } from "../../router";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { confirmDialog } from "../../ui/confirm";
import { asApiError, errorBox } from "../../ui/errors";
import { GIMHAE } from "../../ui/map";
import { newIdempotencyKey } from "../transit/tickets";

type Place = Schemas["SharedPlaceSearchOutput"];
type Vehicle = Schemas["ParkingVehicleOutput"];

const SEARCH_RADIUS_M = 8000;

/** Today's date and the next whole hour, in Gimhae's time. */
function defaults(): { date: string; from: string; until: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Seoul",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  const hour = (Number(get("hour")) + 1) % 24;
  const pad = (n: number) => String(n).padStart(2, "0");
  return { date: `${get("year")}-${get("month")}-${get("day")}`, from: `${pad(hour)}:00`, until: `${pad((hour + 2) % 24)}:00` };
}

/** The chosen local date and times as ISO instants (+09:00); an end at or before the start is the
 * next day. */
export function timeRange(date: string, from: string, until: string): { start: string; end: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(from) || !/^\d{2}:\d{2}$/.test(until)) return null;
  const start = new Date(`${date}T${from}:00+09:00`);
  let end = new Date(`${date}T${until}:00+09:00`);
  if (end <= start) end = new Date(end.getTime() + 24 * 3600 * 1000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  return { start: start.toISOString(), end: end.toISOString() };
}

/** "월 화 수 목 금 22:00–07:00 (다음 날)" — the weekly windows, days grouped by their hours. */
export function hoursText(windows: Place["windows"]): string[] {
  const byHours = new Map<string, number[]>();
  for (const w of windows) {
    const key = `${w.start}|${w.end}`;
    byHours.set(key, [...(byHours.get(key) ?? []), w.weekday]);
  }
  return [...byHours.entries()].map(([key, days]) => {
    const [start, end] = key.split("|");
    const names = days
      .sort((a, b) => a - b)
      .map((d) => t(`share.day.${d}` as MessageKey))
      .join(" ");
    if (start === end) return `${names} ${t("share.allDay")}`;
    return `${names} ${start}–${end}${end <= start ? ` ${t("share.overnight")}` : ""}`;
  });
}

function refundText(place: Place): string[] {
  const steps = [...place.refund_rule].sort((a, b) => b.minutes_before_start - a.minutes_before_start);
  return steps.map((step, i) =>
    i === 0 || step.minutes_before_start > 0
      ? t("share.refundRule", { minutes: step.minutes_before_start, percent: step.percent })
      : t("share.refundAfter", { percent: step.percent }),
  );
}

export function parkingShareView(root: HTMLElement): () => void {
  let disposed = false;
  const initial = defaults();
  const dateInput = h("input", { type: "date", id: "share-date", value: initial.date, "data-testid": "share-date" });
  const fromInput = h("input", { type: "time", id: "share-from", value: initial.from, step: "600", "data-testid": "share-from" });
  const untilInput = h("input", { type: "time", id: "share-until", value: initial.until, step: "600", "data-testid": "share-until" });
  const results = h("div", { "aria-live": "polite" });
  const keys = new Map<string, string>();
  let vehicles: Vehicle[] | null = null;

  async function loadVehicles(): Promise<Vehicle[]> {
    if (!vehicles) vehicles = await call(api.GET("/api/v1/parking/vehicles/"));
    return vehicles;
  }

  function carPicker(onChange: () => void): { element: HTMLElement; selected: () => string | null } {
    const select = h("select", { "data-testid": "car-select", id: `car-${Math.random().toString(36).slice(2)}` });
    const plate = h("input", { type: "text", maxlength: "20", autocomplete: "off", "data-testid": "plate-input" });
    const status = h("div", { role: "status" });
    const fillSelect = (list: Vehicle[]) => {
      select.replaceChildren(...list.map((v) => h("option", { value: v.id }, v.plate)));
      select.hidden = !list.length;
      onChange();
    };
    const add = h(
      "button",
      {
        type: "button",
        class: "button secondary",
        "data-testid": "add-car",
        onclick: async () => {
          status.replaceChildren();
          try {
            const created = await call(api.POST("/api/v1/parking/vehicles/", { body: { plate: plate.value } }));
            vehicles = [...(vehicles ?? []), created];
            fillSelect(vehicles);
            select.value = created.id;
            plate.value = "";
            onChange();
          } catch (e) {
            fill(status, errorBox(asApiError(e)) ?? "");
          }
        },
      },
      t("share.addCar"),
    );
    const element = h(
      "div",
      { class: "car-picker" },
      h("label", { for: select.id }, t("share.car")),
      select,
      h("label", { class: "small" }, t("share.plate"), plate),
      add,
      status,
    );
    select.addEventListener("change", onChange);
    void loadVehicles()
      .then(fillSelect)
      .catch((e) => fill(status, errorBox(asApiError(e)) ?? ""));
    return { element, selected: () => (select.hidden ? null : select.value || null) };
  }

  function reserveBox(place: Place, range: { start: string; end: string }): HTMLElement {
    const box = h("div", { class: "reserve", "data-testid": "reserve" });
    if (!session.user) {
      fill(
        box,
        h("p", { class: "muted small" }, t("share.loginToReserve")),
        h("a", { class: "button", href: loginHref(location.pathname), "data-testid": "reserve-login" }, t("header.login")),
      );
      return box;
    }
    const status = h("div", { role: "status" });
    let busy = false;
    const button = h("button", { type: "button", class: "button", "data-testid": "reserve-button" }, t("share.reserve"));
    const picker = carPicker(() => {
      button.disabled = !picker?.selected();
    });
    button.disabled = true;
    button.addEventListener("click", () => void reserve());

    async function reserve(): Promise<void> {
      const vehicleId = picker.selected();
      if (busy || !vehicleId) return;
      busy = true;
      const plate = vehicles?.find((v) => v.id === vehicleId)?.plate ?? "";
      const yes = await confirmDialog({
        title: t("share.confirmTitle"),
        body: [
          h("p", { class: "confirm-amount", "data-testid": "confirm-amount" }, won(place.price_krw)),
          h(
            "p",
            {},
            h("strong", { "data-server-text": "place-name" }, place.name),
            h("br"),
            `${dateTime(range.start)} – ${dateTime(range.end)}`,
            h("br"),
            plate,
          ),
          h("ul", { class: "plain small" }, refundText(place).map((line) => h("li", {}, line))),
        ],
        confirm: t("share.confirmPay", { amount: won(place.price_krw) }),
      });
      if (!yes) {
        busy = false;
        return;
      }
      const choice = `${place.id}|${vehicleId}|${range.start}|${range.end}`;
      if (!keys.has(choice)) keys.set(choice, newIdempotencyKey());
      button.disabled = true;
      button.textContent = t("share.reserving");
      status.replaceChildren();
      try {
        await call(
          api.POST("/api/v1/parking/reservations/", {
            params: { header: { "Idempotency-Key": keys.get(choice)! } },
            body: { place_id: place.id, vehicle_id: vehicleId, start_at: range.start, end_at: range.end },
          }),
        );
        navigate("/services/parking/bookings");
      } catch (e) {
        fill(status, errorBox(asApiError(e)) ?? "");
        button.textContent = t("share.retry");
        button.disabled = false;
        busy = false;
      }
    }

    fill(box, picker.element, button, status);
    return box;
  }

  function card(place: Place, range: { start: string; end: string }): HTMLElement {
    const bookable = place.free_slots > 0;
    return h(
      "li",
      { class: "card", "data-testid": "place", "data-place-id": place.id },
      h("h2", {}, h("span", { "data-server-text": "place-name" }, place.name)),
      h("p", { class: "muted small" }, t("share.distance", { distance: distance(place.distance_m) })),
      h(
        "p",
        { class: "small" },
        `${t("share.hours")}: `,
        hoursText(place.windows).join(" · "),
      ),
      h(
        "p",
        { class: "counts", "data-testid": "place-free" },
        h("strong", {}, bookable ? t("share.free", { count: place.free_slots }) : t("share.closedOrFull")),
      ),
      h(
        "p",
        { class: "small", "data-testid": "place-price" },
        t("share.price", { amount: won(place.price_krw), unit: place.unit_minutes ?? 30, unitPrice: won(place.unit_krw) }),
      ),
      place.is_demo ? h("p", { class: "muted small" }, t("share.demoNote")) : null,
      bookable ? reserveBox(place, range) : null,
    );
  }

  async function search(): Promise<void> {
    const range = timeRange(dateInput.value, fromInput.value, untilInput.value);
    if (!range) {
      fill(results, h("p", { class: "error", role: "alert" }, t("share.badTime")));
      return;
    }
    fill(results, h("p", { class: "muted loading" }, t("share.searching")));
    try {
      const places = await call(
        api.GET("/api/v1/parking/places/search/", {
          params: {
            query: { near: `${GIMHAE[0]},${GIMHAE[1]}`, radius: SEARCH_RADIUS_M, start: range.start, end: range.end },
          },
        }),
      );
      if (disposed) return;
      fill(
        results,
        places.length
          ? h("ul", { class: "plain-list", "data-testid": "places" }, places.map((p) => card(p, range)))
          : h("p", { class: "muted" }, t("share.none")),
      );
    } catch (e) {
      if (!disposed) fill(results, errorBox(asApiError(e)) ?? "");
    }
  }

  const form = h(
    "form",
    {
      class: "share-form",
      "data-testid": "share-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void search();
      },
    },
    h("label", { for: "share-date" }, t("share.date")),
    dateInput,
    h(
      "div",
      { class: "row gap" },
      h("div", {}, h("label", { for: "share-from" }, t("share.from")), fromInput),
      h("div", {}, h("label", { for: "share-until" }, t("share.until")), untilInput),
    ),
    h("p", { class: "muted small" }, t("share.nextDay")),
    h("button", { type: "submit", class: "button", "data-testid": "share-search" }, t("share.search")),
  );

  fill(
    root,
    backLink("/services/parking", t("parking.title")),
    h("h1", {}, t("share.title")),
    h("p", { class: "muted" }, t("share.intro")),
    form,
    results,
  );
  void search();

  return () => {
    disposed = true;
  };
}
