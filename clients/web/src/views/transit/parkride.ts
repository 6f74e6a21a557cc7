/**
 * Park-and-ride legs in an itinerary: "🅿 Drive to Yeonji Park Station Public Parking (12 min), then
 * walk 3 min to the station", the free spaces expected on arrival and the parking fee estimate
 * (settled on exit, never in the ticket).
 */
import "../../i18n/parking";
import { h } from "../../dom";
import { currentLanguage, t } from "../../i18n";
import { distance, duration, won } from "../../format";
import type { Leg } from "./common";

interface LotRef {
  code: string;
  name_ko: string;
  name_en: string;
}

function lotOf(value: unknown): LotRef | null {
  if (typeof value !== "object" || value === null) return null;
  const lot = value as Partial<LotRef>;
  return typeof lot.code === "string" ? { code: lot.code, name_ko: lot.name_ko ?? lot.code, name_en: lot.name_en ?? lot.name_ko ?? lot.code } : null;
}

/** The head of a park-and-ride leg: the lot, the drive and the walk. */
export function parkRideHead(leg: Leg): HTMLElement {
  const details = leg.details ?? {};
  const lot = lotOf(details.lot);
  const name = lot ? (currentLanguage() === "en" ? lot.name_en : lot.name_ko) : leg.to.name;
  const driveS = typeof details.drive_s === "number" ? details.drive_s : leg.duration_s;
  const walkM = typeof details.walk_m === "number" ? details.walk_m : 0;
  return h(
    "span",
    { "data-testid": "leg-route", class: "parkride-leg" },
    h("span", { "aria-hidden": "true" }, "🅿 "),
    t("trip.parkRideLeg", { lot: name, drive: duration(driveS), walk: distance(walkM) }),
  );
}

/** Free spaces expected on arrival and the fee estimate, under the leg's head. */
export function parkRideFacts(leg: Leg): HTMLElement {
  const details = leg.details ?? {};
  const free = typeof details.free_spaces_expected === "number" ? details.free_spaces_expected : null;
  const fee = typeof details.fee_estimate_krw === "number" ? details.fee_estimate_krw : null;
  return h(
    "ul",
    { class: "muted small parkride-facts", style: "list-style:none;padding:0;margin:4px 0", "data-testid": "parkride-facts" },
    free !== null ? h("li", { "data-testid": "parkride-free" }, t("trip.parkRideFree", { count: free })) : null,
    h(
      "li",
      { "data-testid": "parkride-fee" },
      fee !== null ? t("trip.parkRideFee", { amount: won(fee) }) : t("trip.parkRideNoFee"),
    ),
  );
}

interface PmSpot {
  code: string;
  name_ko: string;
  name_en: string;
  distance_m: number;
  free: number;
}

function spotsOf(value: unknown): PmSpot[] {
  if (!Array.isArray(value)) return [];
  return value.filter((s): s is PmSpot => typeof s === "object" && s !== null && typeof (s as PmSpot).code === "string");
}

/** A trip ending on an e-scooter: the PM niche spots with room near the destination. */
export function pmSpotsSection(itinerary: { legs: Leg[] }): HTMLElement | null {
  const last = itinerary.legs.at(-1);
  if (!last || last.mode !== "scooter") return null;
  const spots = spotsOf(last.details?.pm_spots);
  const english = currentLanguage() === "en";
  return h(
    "section",
    { class: "card pm-spots", "aria-labelledby": "pm-spots-title", "data-testid": "pm-spots" },
    h("h2", { id: "pm-spots-title" }, t("trip.pmSpots")),
    spots.length
      ? h(
          "ul",
          {},
          spots.map((s) =>
            h(
              "li",
              { "data-testid": "pm-spot", "data-spot-code": s.code },
              h("strong", {}, english ? s.name_en : s.name_ko),
              " ",
              h("span", { class: "muted small" }, t("trip.pmSpotFacts", { distance: distance(s.distance_m), free: s.free })),
            ),
          ),
        )
      : h("p", { class: "muted small" }, t("trip.pmSpotsNone")),
  );
}
