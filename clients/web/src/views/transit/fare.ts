/** An itinerary's fare: the per-leg breakdown with its explanations, the discounts, the total. */
import "../../i18n/parking";
import { h } from "../../dom";
import { t } from "../../i18n";
import { modeLabel, type Itinerary } from "./common";
import { won } from "../../format";

export interface FareLeg {
  kind?: string;
  leg_index: number;
  mode: string;
  product_name: string;
  base: string;
  base_minor: number;
  discount: string;
  discount_minor: number;
  amount: string;
  amount_minor: number;
  explanation: string;
}

export interface Fare {
  currency: string;
  rider_category_name?: string;
  legs: FareLeg[];
  total: string;
  total_minor: number;
  complete: boolean;
  /** Signed summary to buy the whole trip (null when it cannot be bought in won). */
  purchase_token?: string | null;
}

export function fareOf(itinerary: Itinerary): Fare | null {
  const fare = itinerary.fare as Fare | null;
  return fare && Array.isArray(fare.legs) && typeof fare.total_minor === "number" ? fare : null;
}

/** KRW has no minor unit; other currencies are shown as the decimal string the server sends. */
export function money(fare: Fare, minor: number, decimal: string): string {
  return fare.currency === "KRW" ? won(minor) : `${decimal} ${fare.currency}`;
}

export function fareText(itinerary: Itinerary): string | null {
  const fare = fareOf(itinerary);
  return fare ? money(fare, fare.total_minor, fare.total) : null;
}

/** The breakdown, and `buy` (the purchase button) under the total. */
export function fareSection(itinerary: Itinerary, buy: HTMLElement | null = null): HTMLElement | null {
  const fare = fareOf(itinerary);
  if (!fare) return null;
  return h(
    "section",
    { class: "card fare", "aria-labelledby": "fare-title", "data-testid": "fare" },
    h("h2", { id: "fare-title" }, t("trip.fare")),
    // data-server-text: written by the server in the request's language (see tests/e2e/helpers.py)
    fare.rider_category_name ? h("p", { class: "muted small", "data-server-text": "fare" }, fare.rider_category_name) : null,
    h(
      "ol",
      { class: "fare-legs" },
      fare.legs.map((leg) =>
        h(
          "li",
          { "data-testid": "fare-leg" },
          h(
            "div",
            { class: "row" },
            h("strong", { "data-server-text": "fare" }, leg.product_name || modeLabel(leg.mode)),
            h(
              "span",
              { class: "fare-amount" },
              // an estimate paid on site (park and ride's parking fee): the explanation says how much
              leg.kind === "on_exit" ? t("trip.fareOnExit") : money(fare, leg.amount_minor, leg.amount),
            ),
          ),
          leg.discount_minor > 0
            ? h(
                "p",
                { class: "small fare-discount", "data-testid": "fare-discount" },
                t("trip.fareDiscount", {
                  base: money(fare, leg.base_minor, leg.base),
                  discount: money(fare, leg.discount_minor, leg.discount),
                }),
              )
            : null,
          h("p", { class: "muted small", "data-testid": "fare-explanation", "data-server-text": "fare" }, leg.explanation),
        ),
      ),
    ),
    h(
      "div",
      { class: "row fare-sum" },
      h("strong", {}, t("trip.fareTotal")),
      h("strong", { "data-testid": "fare-total" }, money(fare, fare.total_minor, fare.total)),
    ),
    fare.complete ? null : h("p", { class: "muted small" }, t("trip.fareIncomplete")),
    buy,
  );
}
