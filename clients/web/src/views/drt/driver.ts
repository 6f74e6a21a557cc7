/**
 * The driver's screen (driver role, the driver's own login — never the bus terminal's keys): the
 * stops of the bus's current plan, and marking a rider boarded, a no-show, or got off.
 */
import "../../i18n/drt";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { clockTime } from "../../format";
import { backLink } from "../../ui/backLink";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { DRT, statusLabel } from "./common";

type Plan = Schemas["DriverPlanOutput"];
type Stop = Schemas["DriverStopOutput"];
type Event = Schemas["DriverBookingEventInputRequest"]["event"];

export function drtDriverView(root: HTMLElement): () => void {
  let disposed = false;
  let plan: Plan | null = null;
  let error: ApiError | null = null;
  let loadError: ApiError | null = null;
  let busy = false;

  async function mark(stop: Stop, event: Event): Promise<void> {
    if (busy) return;
    busy = true;
    error = null;
    render();
    try {
      plan = await call(
        api.POST("/api/v1/drt/driver/bookings/{booking_id}/event/", {
          params: { path: { booking_id: stop.booking_id } },
          body: { event },
        }),
      );
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      render();
    }
  }

  const item = (stop: Stop): HTMLElement =>
    h("li", { class: "card", "data-testid": "drt-stop", "data-action": stop.action },
      h("h2", {}, `${clockTime(stop.eta)} · ${stop.action === "pickup" ? t("drt.pickup") : t("drt.dropoff")}`),
      h("p", {}, h("strong", { "data-server-text": "hub" }, stop.hub.name)),
      h("p", { class: "muted small" }, `${t("drt.passengers", { count: stop.passengers })} · ${statusLabel(stop.status)}`),
      stop.action === "pickup"
        ? h("div", { class: "row gap" },
            h("button", { class: "button", type: "button", disabled: busy, "data-testid": "drt-boarded", onclick: () => void mark(stop, "boarded") }, t("drt.boarded")),
            h("button", { class: "button secondary", type: "button", disabled: busy, "data-testid": "drt-no-show", onclick: () => void mark(stop, "no_show") }, t("drt.noShow")))
        : h("button", { class: "button", type: "button", disabled: busy, "data-testid": "drt-alighted", onclick: () => void mark(stop, "alighted") }, t("drt.alighted")),
    );

  function render(): void {
    if (disposed) return;
    const head = [backLink(DRT, t("drt.back")), h("h1", {}, t("drt.driverTitle"))];
    if (!session.user) return fill(root, ...head, loginCard(t("drt.notDriver")));
    if (loadError) return fill(root, ...head, errorBox(loadError) ?? "");
    if (!plan) return fill(root, ...head, h("p", { class: "muted loading" }, t("loading")));
    fill(
      root,
      ...head,
      h("p", { "data-testid": "drt-driver-bus" }, h("span", { "data-server-text": "plate" }, t("drt.bus", { code: plan.vehicle.code, plate: plan.vehicle.plate }))),
      errorBox(error),
      plan.stops.length
        ? h("ul", { class: "plain-list", "data-testid": "drt-stops" }, plan.stops.map(item))
        : h("p", { class: "muted" }, t("drt.noStops")),
    );
  }

  void (async () => {
    if (session.user) {
      try {
        plan = await call(api.GET("/api/v1/drt/driver/plan/"));
      } catch (e) {
        loadError = asApiError(e);
      }
    }
    render();
  })();
  render();
  return () => {
    disposed = true;
  };
}
