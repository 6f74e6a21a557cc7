/**
 * One station: the vehicles docked there (type, battery, range), what a ride costs, and the two
 * ways to start: reserve one (held 10 minutes) or unlock by its QR code / printed code, choosing
 * the return place now (the city plan asks riders to; it can be changed during the ride).
 */
import { api, type ApiError, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { session } from "../../session";
import { BIKES, loadPlaces, loginCard, placeBody, placeSelect, ridePath, suggestionList, type Quote, type Spot, type Station, type Vehicle } from "./common";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { distance, won } from "../../format";

const DEFAULT_TYPE = "tagogaya-ebike";

function withChange(select: HTMLSelectElement, listener: (value: string) => void): HTMLSelectElement {
  select.addEventListener("change", () => listener(select.value));
  return select;
}

export function bikesStationView(root: HTMLElement, stationId: string): () => void {
  let disposed = false;
  let station: Station | null = null;
  let vehicles: Vehicle[] = [];
  let places: { stations: Station[]; spots: Spot[] } = { stations: [], spots: [] };
  let prices: Quote[] = [];
  let code = "";
  let returnPlace = "";
  let busy = false;
  let error: ApiError | null = null;
  let loadError: ApiError | null = null;

  const render = (): void => {
    if (disposed) return;
    if (loadError) {
      fill(root, backLink(BIKES, t("bikes.title")), errorBox(loadError) ?? "");
      return;
    }
    if (!station) {
      fill(root, h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const s = station;
    fill(root, 
      backLink(BIKES, t("bikes.title")),
      h(
        "section",
        { class: "card", "aria-labelledby": "station-title" },
        h("h1", { id: "station-title", "data-testid": "station-name" }, s.name),
        s.address ? h("p", { class: "muted" }, s.address) : null,
        h(
          "p",
          { class: "counts big" },
          h("span", { "data-testid": "bikes-available" }, t("bikes.bikesAvailable", { count: s.num_bikes_available })),
          h("span", { "data-testid": "docks-available" }, t("bikes.freeDocks", { count: s.num_docks_available })),
        ),
        s.is_renting ? null : h("p", { class: "error" }, t("bikes.notRenting")),
        s.is_demo ? h("p", { class: "muted small" }, t("bikes.demoNote")) : null,
      ),
      priceCard(),
      vehicleCard(),
      session.user ? unlockCard() : loginCard(t("bikes.loginNeeded")),
    );
  };

  const priceCard = () =>
    prices.length === 2
      ? h(
          "section",
          { class: "card price", "aria-labelledby": "price-title", "data-testid": "price-summary" },
          h("h2", { id: "price-title" }, t("bikes.price")),
          h(
            "dl",
            { class: "breakdown" },
            prices.map((q) => [
              h("dt", {}, t("bikes.priceFor", { minutes: q.minutes })),
              h("dd", {}, won(q.total_krw)),
            ]),
          ),
          h("p", { class: "muted small" }, t("bikes.priceNote")),
        )
      : null;

  const vehicleCard = () =>
    h(
      "section",
      { class: "card", "aria-labelledby": "vehicles-title" },
      h("h2", { id: "vehicles-title" }, t("bikes.vehiclesHere")),
      vehicles.length
        ? h(
            "ul",
            { class: "vehicles", "data-testid": "vehicles" },
            vehicles.map((v) =>
              h(
                "li",
                { class: "vehicle", "data-testid": "vehicle", "data-code": v.code },
                h(
                  "div",
                  {},
                  h("strong", { class: "vehicle-code" }, v.code),
                  h("span", { class: "muted small" }, ` ${v.vehicle_type.name}`),
                  h(
                    "div",
                    { class: "small" },
                    h("span", { class: "battery" }, t("bikes.battery", { percent: v.battery_percent ?? 0 })),
                    " · ",
                    t("bikes.range", { range: distance(v.range_m) }),
                  ),
                ),
                session.user
                  ? h(
                      "div",
                      { class: "vehicle-actions" },
                      h(
                        "button",
                        {
                          type: "button",
                          class: "button secondary small",
                          disabled: busy,
                          "data-testid": "reserve",
                          onclick: () => void reserve(v.code),
                        },
                        t("bikes.reserve"),
                      ),
                      h(
                        "button",
                        {
                          type: "button",
                          class: "link",
                          onclick: () => {
                            code = v.code;
                            render();
                            root.querySelector<HTMLInputElement>("#vehicle-code")?.focus();
                          },
                        },
                        t("bikes.useCode"),
                      ),
                    )
                  : null,
              ),
            ),
          )
        : h("p", { class: "muted", "data-testid": "no-vehicles" }, t("bikes.noVehicles")),
    );

  const unlockCard = () =>
    h(
      "section",
      { class: "card", "aria-labelledby": "unlock-title" },
      h("h2", { id: "unlock-title" }, t("bikes.unlock")),
      h(
        "form",
        { onsubmit: (e: Event) => void unlock(e), novalidate: true, "data-testid": "unlock-form" },
        h("label", { for: "vehicle-code" }, t("bikes.codeLabel")),
        h("input", {
          id: "vehicle-code",
          name: "code",
          autocomplete: "off",
          autocapitalize: "characters",
          spellcheck: "false",
          placeholder: "TG-0001",
          value: code,
          required: true,
          oninput: (e: Event) => {
            code = (e.target as HTMLInputElement).value;
          },
        }),
        h("label", { for: "return-place" }, t("bikes.returnPlace")),
        withChange(placeSelect(places, returnPlace, { id: "return-place", name: "return_place" }), (value) => {
          returnPlace = value;
        }),
        h("p", { class: "muted small" }, t("bikes.returnPlaceHint")),
        errorBox(
          error,
          suggestionList(error, (s) => {
            returnPlace = `${s.kind}:${s.id}`;
            error = null;
            render();
          }),
        ),
        h("button", { type: "submit", class: "button", disabled: busy, "data-testid": "unlock" }, t("bikes.unlockButton")),
      ),
    );

  async function reserve(vehicleCode: string): Promise<void> {
    if (busy) return;
    busy = true;
    error = null;
    render();
    try {
      const rental = await call(api.POST("/api/v1/rentals/reservations/", { body: { vehicle_code: vehicleCode } }));
      if (!disposed) navigate(ridePath(rental.id));
    } catch (e) {
      error = asApiError(e);
      busy = false;
      render();
    }
  }

  async function unlock(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const select = root.querySelector<HTMLSelectElement>("#return-place");
    returnPlace = select?.value ?? returnPlace;
    busy = true;
    error = null;
    render();
    const place = placeBody(returnPlace);
    try {
      const rental = await call(
        api.POST("/api/v1/rentals/rentals/unlock/", {
          body: {
            code: code.trim(),
            return_station_id: place.station_id,
            return_spot_id: place.spot_id,
          },
        }),
      );
      if (!disposed) navigate(ridePath(rental.id));
    } catch (e) {
      error = asApiError(e);
      busy = false;
      render();
    }
  }

  async function load(): Promise<void> {
    try {
      station = await call(
        api.GET("/api/v1/rentals/stations/{station_id}/", { params: { path: { station_id: stationId } } }),
      );
      const [near, all, ...quotes] = await Promise.all([
        call(
          api.GET("/api/v1/rentals/vehicles/near/", {
            params: { query: { lat: station.lat, lon: station.lon, radius_m: 50 } },
          }),
        ),
        loadPlaces(),
        ...[30, 60].map((minutes) =>
          call(api.GET("/api/v1/rentals/quote/", { params: { query: { vehicle_type: DEFAULT_TYPE, minutes } } })).catch(
            () => null,
          ),
        ),
      ]);
      vehicles = near.filter((v) => v.station === stationId);
      places = all;
      prices = quotes.filter((q): q is Quote => q !== null);
    } catch (e) {
      loadError = asApiError(e);
    }
    render();
  }

  render();
  void load();
  return () => {
    disposed = true;
  };
}
