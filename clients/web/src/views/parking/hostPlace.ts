/**
 * A host lists a new place (POST /api/v1/parking/host/places/): its names, where it is (a tap on
 * the map or the phone's location), how many cars, the price per 30 minutes and the hours it is
 * lent on the chosen weekdays (an end at or before the start runs to the next morning). Different
 * hours on different days: list the common ones here, then add closed days per date.
 */
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { mapBox, pointPicker, type Point } from "../../ui/map";
import "./host.css";

type HostPlace = Schemas["HostPlaceOutput"];

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];
const WORKDAYS = new Set([0, 1, 2, 3, 4]);

export function newPlaceSection(
  onCreated: (place: HostPlace) => void,
  isDisposed: () => boolean,
): { element: HTMLElement; dispose: () => void } {
  let point: Point | null = null;
  let busy = false;

  const field = (id: string, attrs: Record<string, string | number | boolean>) =>
    h("input", { id, name: id, ...attrs, "data-testid": id });
  const nameKo = field("place-name-ko", { type: "text", maxlength: 100, required: true, autocomplete: "off" });
  const nameEn = field("place-name-en", { type: "text", maxlength: 100, autocomplete: "off", lang: "en" });
  const address = field("place-address", { type: "text", maxlength: 200, autocomplete: "street-address" });
  const capacity = field("place-capacity", { type: "number", min: 1, max: 500, value: 1, required: true, inputmode: "numeric" });
  const price = field("place-price", { type: "number", min: 0, max: 100000, step: 100, value: 500, required: true, inputmode: "numeric" });
  const start = field("place-start", { type: "time", value: "09:00", required: true });
  const end = field("place-end", { type: "time", value: "18:00", required: true });
  const days = WEEKDAYS.map((d) =>
    h("input", { type: "checkbox", id: `place-day-${d}`, value: d, checked: WORKDAYS.has(d), "data-testid": "place-day" }),
  );
  const where = h("p", { class: "muted small", role: "status", "data-testid": "place-point" });
  const box = mapBox({ class: "new-place-map", testid: "place-map" });
  const errorSlot = h("div", {});
  const submit = h("button", { type: "submit", class: "button", "data-testid": "place-submit" }, t("host.newSubmit"));

  const showPoint = (): void => {
    if (point) fill(errorSlot); // what was missing is chosen now
    where.textContent = point
      ? t("host.newPointSet", { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })
      : t("host.newPointHint");
    picker.show(point);
  };
  const picker = pointPicker(box, {
    onPick: (picked) => {
      point = picked;
      showPoint();
    },
    isDisposed,
  });

  const locate = (): void => {
    if (!navigator.geolocation) {
      where.textContent = t("host.newNoLocation");
      return;
    }
    where.textContent = t("loading");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        point = { lat: position.coords.latitude, lon: position.coords.longitude };
        showPoint();
      },
      () => {
        where.textContent = t("host.newNoLocation");
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  /** What the form still lacks, in the form's order; the server checks the rest. */
  const missing = (): MessageKey | null => {
    if (!nameKo.value.trim()) return "host.newNeedName";
    if (!point) return "host.newNeedPoint";
    if (!days.some((d) => d.checked)) return "host.newNeedDay";
    if (!start.value || !end.value) return "host.newNeedHours";
    return null;
  };

  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const lack = missing();
    if (lack) {
      fill(errorSlot, h("p", { class: "error", role: "alert", "data-testid": "place-error" }, t(lack)));
      return;
    }
    busy = true;
    submit.setAttribute("disabled", "");
    fill(errorSlot);
    try {
      const place = await call(
        api.POST("/api/v1/parking/host/places/", {
          body: {
            name_ko: nameKo.value.trim(),
            name_en: nameEn.value.trim(),
            address: address.value.trim(),
            lat: point!.lat,
            lon: point!.lon,
            capacity: Number(capacity.value),
            unit_minutes: 30,
            unit_krw: Number(price.value),
            windows: days.filter((d) => d.checked).map((d) => ({ weekday: Number(d.value), start: start.value, end: end.value })),
          },
        }),
      );
      if (isDisposed()) return;
      (event.target as HTMLFormElement).reset();
      point = null;
      showPoint();
      onCreated(place);
    } catch (e) {
      if (!isDisposed()) fill(errorSlot, errorBox(asApiError(e)) ?? "");
    } finally {
      busy = false;
      submit.removeAttribute("disabled");
    }
  };

  const form = h(
    "form",
    { novalidate: true, "data-testid": "new-place-form", onsubmit: (e: Event) => void send(e) },
    h("label", { for: "place-name-ko" }, t("host.newNameKo")),
    nameKo,
    h("label", { for: "place-name-en" }, t("host.newNameEn")),
    nameEn,
    h("label", { for: "place-address" }, t("host.newAddress")),
    address,
    h("p", { class: "label", id: "place-where" }, t("host.newWhere")),
    box,
    h("div", { class: "row gap" }, where, h("button", { type: "button", class: "button secondary small", onclick: locate }, t("host.newUseLocation"))),
    h("label", { for: "place-capacity" }, t("host.newCapacity")),
    capacity,
    h("label", { for: "place-price" }, t("host.newPrice")),
    price,
    h(
      "fieldset",
      { class: "field-group days" },
      h("legend", {}, t("host.newDays")),
      days.map((d, i) => h("label", {}, d, t(`share.day.${i}` as MessageKey))),
    ),
    h(
      "div",
      { class: "times" },
      h("div", {}, h("label", { for: "place-start" }, t("host.newStart")), start),
      h("div", {}, h("label", { for: "place-end" }, t("host.newEnd")), end),
    ),
    h("p", { class: "muted small" }, t("host.newOvernight")),
    errorSlot,
    submit,
  );

  const section = h(
    "details",
    { class: "card new-place", "data-testid": "new-place" },
    h("summary", { "data-testid": "new-place-open" }, t("host.newTitle")),
    form,
  );
  // the map is drawn when the host opens the form (a closed box has no size to draw in)
  section.addEventListener("toggle", () => {
    if ((section as HTMLDetailsElement).open) picker.start();
  });
  showPoint();
  return { element: section, dispose: () => picker.remove() };
}
