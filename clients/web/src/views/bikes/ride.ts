/**
 * A reservation or a ride in progress. Reserved: the 10-minute hold counts down; unlock or cancel.
 * Riding: the timer and the running price (the quote endpoint, once a minute), the return station
 * or niche spot (changeable at any time), and ending the ride — at a station's dock, or at a niche
 * spot / dockless with a photo. A refusal shows the server's translated reason and its suggestions.
 */
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { freshOrKept } from "../../store";
import { confirmDialog } from "../../ui/confirm";
import { isNetworkError } from "../../ui/errors";
import { staleNote } from "../../ui/stale";
import { session } from "../../session";
import { BIKES, loadPlaces, loginCard, placeBody, placeValue, receiptPath, statusLabel, suggestionList, type Quote, type Rental, type Spot, type Station, type Suggestion } from "./common";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { filePicker } from "../../ui/filePicker";
import { clock, won } from "../../format";

type EndBody = Schemas["RentalEndInputRequest"];

function currentPosition(): Promise<{ lat: number; lon: number } | null> {
  if (!("geolocation" in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 0 },
    );
  });
}

export function bikesRideView(root: HTMLElement, rentalId: string): () => void {
  let disposed = false;
  let rental: Rental | null = null;
  let places: { stations: Station[]; spots: Spot[] } = { stations: [], spots: [] };
  let quote: Quote | null = null;
  let quotedMinutes = 0;
  let choice = "";
  let photo: File | null = null;
  let photoUrl = "";
  /** when the shown ride was saved, if it is the copy kept for offline (else 0) */
  let stale = 0;
  let busy = false;
  let error: ApiError | null = null;
  let loadError: ApiError | null = null;
  let notice = "";
  let errorAt: "return" | "end" = "end";

  const elapsedSeconds = (): number =>
    rental?.started_at ? (Date.now() - new Date(rental.started_at).getTime()) / 1000 : 0;
  const holdSeconds = (): number =>
    rental?.reserved_until ? (new Date(rental.reserved_until).getTime() - Date.now()) / 1000 : 0;

  const chooseSuggestion = (s: Suggestion): void => {
    choice = `${s.kind}:${s.id}`;
    void changeReturn();
  };

  function render(): void {
    if (disposed) return;
    if (!session.user) {
      fill(root, loginCard(t("bikes.loginNeeded")));
      return;
    }
    if (loadError) {
      fill(root, backLink(BIKES, t("bikes.title")), errorBox(loadError) ?? "");
      return;
    }
    if (!rental) {
      fill(root, h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const r = rental;
    const head = h(
      "section",
      { class: "card ride-head", "aria-labelledby": "ride-title" },
      h("p", { class: "badge-soon", "data-testid": "rental-status", "data-status": r.status }, statusLabel(r)),
      h("h1", { id: "ride-title" }, t("bikes.vehicle", { code: r.vehicle_code })),
      r.start_station || r.start_spot
        ? h("p", { class: "muted" }, t("bikes.from", { place: (r.start_station ?? r.start_spot)!.name }))
        : null,
    );
    if (r.status === "reserved") {
      fill(root, backLink(BIKES, t("bikes.title")), head, reservedCard(r));
    } else if (r.status === "active") {
      fill(root, backLink(BIKES, t("bikes.title")), stale ? staleNote(stale) : null, head, timerCard(), returnCard(r), endCard(r));
    } else {
      fill(root, 
        backLink(BIKES, t("bikes.title")),
        head,
        h("section", { class: "card" }, h("p", {}, t("bikes.rideClosed")), h("a", { class: "button", href: BIKES }, t("bikes.backToMap"))),
      );
    }
  }

  const reservedCard = (r: Rental) => {
    const left = holdSeconds();
    return h(
      "section",
      { class: "card", "aria-labelledby": "hold-title" },
      h("h2", { id: "hold-title" }, t("bikes.reserved")),
      h(
        "p",
        { class: left > 0 ? "countdown big" : "countdown expired", "data-testid": "hold-countdown", "aria-live": "off" },
        left > 0 ? t("bikes.holdLeft", { time: clock(left) }) : t("bikes.holdExpired"),
      ),
      h("p", { class: "muted small" }, t("bikes.holdHint", { code: r.vehicle_code })),
      errorBox(error),
      h(
        "div",
        { class: "row gap" },
        h(
          "button",
          { type: "button", class: "button", disabled: busy || left <= 0, "data-testid": "unlock-reserved", onclick: () => void unlockReserved() },
          t("bikes.unlockButton"),
        ),
        h(
          "button",
          { type: "button", class: "button secondary", disabled: busy, "data-testid": "cancel-reservation", onclick: () => void cancel() },
          t("bikes.cancelReservation"),
        ),
      ),
    );
  };

  const timerCard = () =>
    h(
      "section",
      { class: "card timer", "aria-label": t("bikes.rideTime") },
      h(
        "div",
        {},
        h("p", { class: "muted small" }, t("bikes.rideTime")),
        h("p", { class: "timer-value", "data-testid": "ride-timer", role: "timer" }, clock(elapsedSeconds())),
      ),
      h(
        "div",
        {},
        h("p", { class: "muted small" }, t("bikes.runningPrice")),
        h("p", { class: "timer-value", "data-testid": "running-price", "aria-live": "polite" }, quote ? won(quote.total_krw) : "…"),
      ),
    );

  const returnCard = (r: Rental) => {
    const current = r.return_station ?? r.return_spot;
    const select = placeSelectFor();
    return h(
      "section",
      { class: "card", "aria-labelledby": "return-title" },
      h("h2", { id: "return-title" }, t("bikes.returnPlace")),
      h(
        "p",
        { "data-testid": "return-place-current" },
        current
          ? t(r.return_station ? "bikes.returnAtStation" : "bikes.returnAtSpot", { place: current.name })
          : t("bikes.returnNotChosen"),
      ),
      h("label", { for: "return-place" }, t("bikes.changeReturn")),
      select,
      h(
        "button",
        { type: "button", class: "button secondary", disabled: busy, "data-testid": "change-return", onclick: () => void changeReturn() },
        t("bikes.saveReturn"),
      ),
      errorAt === "return" ? errorBox(error, suggestionList(error, chooseSuggestion)) : null,
      notice ? h("p", { class: "notice", role: "status", "data-testid": "notice" }, notice) : null,
    );
  };

  function placeSelectFor(): HTMLSelectElement {
    const select = h("select", { id: "return-place", name: "return_place" });
    select.append(
      h("option", { value: "" }, t("bikes.returnNone")),
      h(
        "optgroup",
        { label: t("bikes.stations") },
        places.stations
          .filter((s) => s.is_returning)
          .map((s) => h("option", { value: `station:${s.id}` }, `${s.name} (${t("bikes.freeDocks", { count: s.num_docks_available })})`)),
      ),
      h(
        "optgroup",
        { label: t("bikes.spots") },
        places.spots.map((s) => h("option", { value: `spot:${s.id}` }, `${s.name} (${t("bikes.freeSpaces", { count: s.free })})`)),
      ),
    );
    select.value = choice;
    select.addEventListener("change", () => {
      choice = select.value;
    });
    return select;
  }

  /** The chosen photo as it will be sent, so the person sees it shows the parked vehicle. */
  const photoPreview = () =>
    photo
      ? [
          h("img", { class: "photo-preview", src: photoUrl, alt: t("bikes.photoPreviewAlt"), "data-testid": "photo-preview" }),
          h("p", { class: "muted small", "data-testid": "photo-chosen" }, t("bikes.photoChosen", { name: photo.name })),
        ]
      : null;

  const endCard = (r: Rental) => {
    const docked = Boolean(r.return_station);
    return h(
      "section",
      { class: "card", "aria-labelledby": "end-title" },
      h("h2", { id: "end-title" }, t("bikes.endRide")),
      docked
        ? h("p", { class: "muted" }, t("bikes.endDockedHint", { place: r.return_station!.name }))
        : [
            h("p", { class: "muted" }, r.return_spot ? t("bikes.endSpotHint", { place: r.return_spot.name }) : t("bikes.endDocklessHint")),
            filePicker({
              id: "return-photo",
              label: t("bikes.photo"),
              accept: "image/*",
              capture: "environment",
              testid: "return-photo",
              onChange: (file) => {
                photo = file;
                if (photoUrl) URL.revokeObjectURL(photoUrl);
                photoUrl = photo ? URL.createObjectURL(photo) : "";
                const box = root.querySelector("[data-testid=photo-box]");
                if (box) fill(box, photoPreview());
              },
            }),
            h("div", { "data-testid": "photo-box" }, photoPreview()),
          ],
      errorAt === "end" ? errorBox(error, suggestionList(error, chooseSuggestion)) : null,
      h(
        "button",
        { type: "button", class: "button finish", disabled: busy, "data-testid": "end-ride", onclick: () => void end() },
        docked ? t("bikes.endAtStation") : t("bikes.endHere"),
      ),
    );
  };

  async function refreshQuote(): Promise<void> {
    if (!rental || rental.status !== "active") return;
    const minutes = Math.max(1, Math.ceil(elapsedSeconds() / 60));
    if (minutes === quotedMinutes) return;
    quotedMinutes = minutes;
    try {
      quote = await call(api.GET("/api/v1/rentals/quote/", { params: { query: { vehicle_type: rental.vehicle_type, minutes } } }));
      const line = root.querySelector("[data-testid=running-price]");
      if (line && quote) line.textContent = won(quote.total_krw);
    } catch {
      quotedMinutes = 0; // try again on the next tick
    }
  }

  async function act(work: () => Promise<Rental>): Promise<void> {
    if (busy) return;
    busy = true;
    error = null;
    notice = "";
    render();
    try {
      rental = await work();
      choice = placeValue(rental);
      if (rental.status === "ended") {
        if (!disposed) navigate(receiptPath(rental.id), { replace: true });
        return;
      }
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
    }
    render();
    void refreshQuote();
  }

  const id = { params: { path: { rental_id: rentalId } } };

  const unlockReserved = () =>
    act(() => {
      errorAt = "end";
      const place = placeBody(choice);
      return call(
        api.POST("/api/v1/rentals/rentals/unlock/", {
          body: { code: rental!.vehicle_code, return_station_id: place.station_id, return_spot_id: place.spot_id },
        }),
      );
    });

  const cancel = () => act(() => call(api.POST("/api/v1/rentals/rentals/{rental_id}/cancel/", id)));

  async function changeReturn(): Promise<void> {
    errorAt = "return";
    await act(() => call(api.POST("/api/v1/rentals/rentals/{rental_id}/return-place/", { ...id, body: placeBody(choice) })));
    if (!error) {
      notice = t("bikes.returnSaved");
      render();
      places = await loadPlaces().catch(() => places);
    }
  }

  const end = async () => {
    errorAt = "end";
    const r0 = rental!;
    const place = r0.return_station ?? r0.return_spot;
    const yes = await confirmDialog({
      title: t("bikes.endConfirmTitle"),
      body: [
        h("p", { class: "confirm-amount", "data-testid": "confirm-amount" }, quote ? won(quote.total_krw) : "…"),
        h("p", {}, t("bikes.endConfirmCovers", { code: r0.vehicle_code, time: clock(elapsedSeconds()) })),
        place ? h("p", {}, t("bikes.returnAtStation", { place: place.name })) : null,
        h("p", { class: "muted small" }, t("bikes.endConfirmNote")),
      ],
      confirm: t("bikes.endConfirmPay"),
    });
    if (!yes) return;
    return act(async () => {
      const r = rental!;
      if (r.return_station) {
        return call(api.POST("/api/v1/rentals/rentals/{rental_id}/end/", { ...id, body: { station_id: r.return_station.id } }));
      }
      const form = new FormData();
      const where = await currentPosition();
      if (where) {
        form.append("lat", String(where.lat));
        form.append("lon", String(where.lon));
      }
      if (r.return_spot) form.append("spot_id", r.return_spot.id);
      if (photo) form.append("photo", photo);
      // multipart: openapi-fetch sends FormData as it is and the browser sets the boundary
      return call(api.POST("/api/v1/rentals/rentals/{rental_id}/end/", { ...id, body: form as unknown as EndBody }));
    });
  };

  async function load(): Promise<void> {
    if (!session.user) return;
    try {
      // the ride is kept on the phone: with no signal it still shows the bike, the time and the
      // return place (ending it needs the network)
      const [answer, all] = await Promise.all([
        freshOrKept(`rental.${rentalId}`, () => call(api.GET("/api/v1/rentals/rentals/{rental_id}/", id)), isNetworkError),
        loadPlaces().catch(() => places),
      ]);
      const loaded = answer.value;
      stale = answer.stale ? answer.savedAt : 0;
      rental = loaded;
      places = all;
      choice = placeValue(loaded);
      if (loaded.status === "ended") {
        if (!disposed) navigate(receiptPath(loaded.id), { replace: true });
        return;
      }
    } catch (e) {
      loadError = asApiError(e);
    }
    render();
    void refreshQuote();
  }

  // once a second only the clocks change, so a half-made choice or a picked photo stays
  const timer = window.setInterval(() => {
    if (!rental) return;
    if (rental.status === "active") {
      const line = root.querySelector("[data-testid=ride-timer]");
      if (line) line.textContent = clock(elapsedSeconds());
      void refreshQuote();
    } else if (rental.status === "reserved") {
      const line = root.querySelector<HTMLElement>("[data-testid=hold-countdown]");
      const left = holdSeconds();
      if (line && left > 0) line.textContent = t("bikes.holdLeft", { time: clock(left) });
      else if (line && !line.classList.contains("expired")) render();
    }
  }, 1000);

  render();
  void load();
  return () => {
    disposed = true;
    window.clearInterval(timer);
    if (photoUrl) URL.revokeObjectURL(photoUrl);
  };
}
