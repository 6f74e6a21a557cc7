"""Pricing itineraries from fare rules stored as data.

GTFS Fares v2 (``fare_leg_rules``, ``fare_transfer_rules``, ``fare_products``, ``rider_categories``,
``networks``/``route_networks``, ``areas``/``stop_areas``, ``timeframes``) when the feed has leg
rules; GTFS Fares v1 (``fare_attributes``/``fare_rules``) otherwise. Nothing here is specific to
Gimhae: the Gimhae demo amounts are rows written by ``fares/gimhae.py``.

Fares v2, as implemented:
- A ride leg matches a leg rule on network (route_networks), from/to area (stop_areas, a platform
  inherits its station's areas), distance (``distance_type`` 0 = stops travelled, 1 = km;
  ``min_distance`` inclusive, ``max_distance`` exclusive) and from/to timeframe (departure/arrival
  wall-clock time within a timeframe whose service runs that day). An empty network/area matches
  only what no other rule names (the spec's "empty = everything not listed"); with
  ``rule_priority`` set, empty is a plain wildcard and the highest priority wins.
- The rider category chooses among the fare products sharing the rule's ``fare_product_id``
  (products without a category serve every category); the cheapest matching product is used.
- Consecutive ride legs form a transfer session while a transfer rule matches (from/to leg group,
  ``transfer_count`` = transfers allowed in the session, -1 or empty = no limit, and
  ``duration_limit`` measured per ``duration_limit_type``: 0 departure→arrival, 1
  departure→departure, 2 arrival→departure, 3 arrival→arrival, from the previous ride to this one).
  ``fare_transfer_type``: 0 = from-leg fare + transfer product (this leg costs the transfer product),
  1 = from-leg + to-leg + transfer product, 2 = the transfer product covers both legs (this leg costs
  the product minus what the from-leg cost), and the Ieum extension
  3 = the Korean integrated transfer discount (통합환승할인): this leg costs only the difference
  between its fare and the dearest fare already paid in the session (plus the transfer product if
  any), so a ride that is not dearer is free.
- Walking is free and does not end a session; other modes' legs (e-bike, scooter) are priced by
  their provider through ``details["fare"]`` (``{"amount_krw": 1000}`` or ``{"amount": "1.50",
  "currency": "USD"}``, optional ``label_ko``/``label_en``) and do not end a session either.

Fares v1: rides are split into consecutive groups, each covered by one fare attribute, at the lowest
total (dynamic programming, as OpenTripPlanner does). A fare covers a group of rides when its
transfers (empty = unlimited) and transfer_duration (from the first boarding to the last boarding)
allow it, its agency runs them, and its rules match: every route among its route_ids (when it
has any), the first boarding zone and last alighting zone among its origin/destination pairs, and
the zones passed through equal to its contains_ids (when it has any). A fare without rules applies
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

from apps.transit import models as m

from . import tables
from .errors import FareError

SOURCE_V2 = tables.SOURCE_V2
SOURCE_V1 = tables.SOURCE_V1
SOURCE_NONE = tables.SOURCE_NONE

# Ieum extension of fare_transfer_type (GTFS defines 0, 1 and 2)
TRANSFER_DIFFERENCE = 3

# currencies with other than 2 decimals (ISO 4217)
_EXPONENTS = {"KRW": 0, "JPY": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3}

V1_DEFAULT_CATEGORY = "adult"  # fares v1 has one price: the default (adult) rider


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


def to_minor(amount, currency: str) -> int:
    scaled = Decimal(str(amount)) * (Decimal(10) ** exponent(currency))
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_decimal_string(minor: int, currency: str) -> str:
    exp = exponent(currency)
    if exp == 0:
        return str(minor)
    return str((Decimal(minor) / (Decimal(10) ** exp)).quantize(Decimal(1).scaleb(-exp)))


# --- results ------------------------------------------------------------------------------------


@dataclass
class LegFare:
    """How one leg was priced. ``kind``: walk | fare | transfer | included | external | unpriced.
    ``reason`` holds what the explanation needs (minutes, product names, amounts...)."""

    index: int
    mode: str
    kind: str
    base_minor: int = 0
    amount_minor: int = 0
    product_id: str = ""
    product_name: str = ""
    leg_group: str = ""
    reason: dict = field(default_factory=dict)

    @property
    def discount_minor(self) -> int:
        return max(0, self.base_minor - self.amount_minor)


@dataclass
class FareQuote:
    source: str
    currency: str
    rider_category_id: str
    rider_category_name: str
    legs: list[LegFare]

    @property
    def total_minor(self) -> int:
        return sum(leg.amount_minor for leg in self.legs)

    @property
    def discount_minor(self) -> int:
        return sum(leg.discount_minor for leg in self.legs)

    @property
    def complete(self) -> bool:
        return all(leg.kind != "unpriced" for leg in self.legs)


# --- context: one feed's fare tables (cached per feed version) and the rider category -----------


@dataclass
class _Session:
    group: str
    ride: dict
    transfers: int
    dearest_minor: int
    last_paid_minor: int


class FareContext:
    """A feed's fare tables for one rider category. Build it with :func:`fare_context`; the
    tables themselves are shared between requests (fares/tables.py)."""

    def __init__(self, feed: m.Feed, rider_category: str | None):
        self.feed = feed
        t = self.tables = tables.fare_tables_get(feed=feed)
        self.source = t.source
        self.currency = t.currency
        self.leg_rules = t.leg_rules
        self.transfer_rules = t.transfer_rules
        self.fares_v1 = t.fares_v1
        self.v1_rules = t.v1_rules
        self.route_agency = t.route_agency
        self.categories = t.categories
        self.products = t.products
        self.route_networks = t.route_networks
        self.stop_areas = t.stop_areas
        self.timeframes = t.timeframes
        self.named_networks = t.named_networks
        self.named_from_areas = t.named_from_areas
        self.named_to_areas = t.named_to_areas
        self.named_from_groups = t.named_from_groups
        self.named_to_groups = t.named_to_groups
        self.uses_priority = t.uses_priority
        self.rider_category_id, self.rider_category_name = self._category(rider_category)

    def _category(self, wanted: str | None) -> tuple[str, str]:
        if self.source == SOURCE_V2 and self.categories:
            if wanted:
                if wanted not in self.categories:
                    raise FareError.unknown_rider_category(
                        rider_category=wanted, available=sorted(self.categories)
                    )
                return wanted, self.categories[wanted].name
            default = next((c for c in self.categories.values() if c.is_default), None)
            default = default or next(iter(self.categories.values()))
            return default.rider_category_id, default.name
        # fares v1 (or v2 without categories) knows one rider: the default adult
        if wanted and wanted != V1_DEFAULT_CATEGORY:
            raise FareError.unknown_rider_category(
                rider_category=wanted, available=[V1_DEFAULT_CATEGORY]
            )
        return V1_DEFAULT_CATEGORY, ""

    def zone(self, stop_id: str) -> str:
        return self.tables.stops.get(stop_id, ("", ""))[0]

    def areas(self, stop_id: str) -> set[str]:
        if not self.stop_areas:
            return set()
        parent = self.tables.stops.get(stop_id, ("", ""))[1]
        return self.stop_areas.get(stop_id, set()) | (
            self.stop_areas.get(parent, set()) if parent else set()
        )

    def service_active(self, service_id: str, day: date) -> bool:
        return self.tables.service_active(service_id, day)


def fare_context(*, feed: m.Feed, rider_category: str | None = None) -> FareContext:
    """Raises FareError for a rider category the feed does not know."""
    return FareContext(feed, rider_category)


# --- pricing ------------------------------------------------------------------------------------


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _is_ride(leg: dict) -> bool:
    return bool(leg.get("route"))


def itinerary_price(ctx: FareContext, itinerary: dict) -> FareQuote:
    legs = itinerary.get("legs", [])
    priced: list[LegFare] = []
    for i, leg in enumerate(legs):
        if _is_ride(leg):
            priced.append(LegFare(i, leg["mode"], "unpriced"))
        elif isinstance((leg.get("details") or {}).get("fare"), dict):
            priced.append(_external(ctx, i, leg))
        elif leg["mode"] == "walk":
            priced.append(LegFare(i, "walk", "walk"))
        else:
            priced.append(LegFare(i, leg["mode"], "unpriced", reason={"why": "no_price"}))
    if ctx.source == SOURCE_V2:
        _price_v2(ctx, legs, priced)
    elif ctx.source == SOURCE_V1:
        _price_v1(ctx, legs, priced)
    else:
        for lf in priced:
            if lf.kind == "unpriced":
                lf.reason = {"why": "no_fares"}
    return FareQuote(
        source=ctx.source,
        currency=ctx.currency,
        rider_category_id=ctx.rider_category_id,
        rider_category_name=ctx.rider_category_name,
        legs=priced,
    )


def _external(ctx: FareContext, i: int, leg: dict) -> LegFare:
    fare = leg["details"]["fare"]
    try:
        if "amount_krw" in fare:
            currency, amount = "KRW", Decimal(int(fare["amount_krw"]))
        else:
            currency, amount = (
                str(fare.get("currency", ctx.currency)).upper(),
                Decimal(str(fare["amount"])),
            )
    except (KeyError, ValueError, ArithmeticError, TypeError):
        return LegFare(i, leg["mode"], "unpriced", reason={"why": "no_price"})
    if currency != ctx.currency or amount < 0:
        return LegFare(i, leg["mode"], "unpriced", reason={"why": "other_currency"})
    minor = to_minor(amount, currency)
    if fare.get("settled_on_exit"):
        # paid where it is used (a parking lot's fee on exit): shown, never in the ticket's total
        return LegFare(
            i,
            leg["mode"],
            "on_exit",
            product_name=str(
                fare.get("label_ko" if get_language() == "ko" else "label_en")
                or fare.get("label_en")
                or ""
            ),
            reason={
                "label_ko": fare.get("label_ko", ""),
                "label_en": fare.get("label_en", ""),
                "estimate_minor": minor if fare.get("estimate", True) else None,
            },
        )
    return LegFare(
        i,
        leg["mode"],
        "external",
        base_minor=minor,
        amount_minor=minor,
        # the other app names its product in both languages; show the request's
        product_name=str(
            fare.get("label_ko" if get_language() == "ko" else "label_en")
            or fare.get("label_en")
            or ""
        ),
        reason={"label_ko": fare.get("label_ko", ""), "label_en": fare.get("label_en", "")},
    )


# fares v2


def _field_ok(rule_value: str, leg_values: set[str], named: set[str], wildcard: bool) -> bool:
    if rule_value:
        return rule_value in leg_values
    return wildcard or not (leg_values & named)


def _timeframe_ok(ctx: FareContext, group: str, moment: datetime) -> bool:
    if not group:
        return True
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    for tf in ctx.timeframes.get(group, []):
        start = tf.start_time if tf.start_time is not None else 0
        end = tf.end_time if tf.end_time is not None else 86400
        if start <= seconds < end and ctx.service_active(tf.service_id, moment.date()):
            return True
    return False


def _product_for(ctx: FareContext, product_id: str) -> m.FareProduct | None:
    candidates = [
        p
        for p in ctx.products.get(product_id, [])
        if p.rider_category_id in ("", ctx.rider_category_id)
    ]
    exact = [p for p in candidates if p.rider_category_id == ctx.rider_category_id]
    pool = exact or candidates
    return min(pool, key=lambda p: p.amount) if pool else None


def _leg_rule(ctx: FareContext, leg: dict) -> tuple[m.FareLegRule, m.FareProduct] | None:
    networks = ctx.route_networks.get(leg["route"]["id"], set())
    from_areas = ctx.areas(leg["from"]["id"])
    to_areas = ctx.areas(leg["to"]["id"])
    km = (leg.get("distance_m") or 0) / 1000
    n_stops = len(leg.get("intermediate_stops", [])) + 1
    dep, arr = _time(leg["departure"]), _time(leg["arrival"])
    wild = ctx.uses_priority
    matched = []
    for rule in ctx.leg_rules:
        if not _field_ok(rule.network_id, networks, ctx.named_networks, wild):
            continue
        if not _field_ok(rule.from_area_id, from_areas, ctx.named_from_areas, wild):
            continue
        if not _field_ok(rule.to_area_id, to_areas, ctx.named_to_areas, wild):
            continue
        if rule.min_distance is not None or rule.max_distance is not None:
            distance = n_stops if rule.distance_type == 0 else km
            if rule.min_distance is not None and distance < rule.min_distance:
                continue
            if rule.max_distance is not None and distance >= rule.max_distance:
                continue
        if not _timeframe_ok(ctx, rule.from_timeframe_group_id, dep):
            continue
        if not _timeframe_ok(ctx, rule.to_timeframe_group_id, arr):
            continue
        product = _product_for(ctx, rule.fare_product_id)
        if product is None:
            continue
        matched.append((rule, product))
    if not matched:
        return None
    top = max(r.rule_priority or 0 for r, _p in matched)
    matched = [(r, p) for r, p in matched if (r.rule_priority or 0) == top]
    return min(matched, key=lambda rp: rp[1].amount)


def _transfer_rule(
    ctx: FareContext, session: _Session, group: str, ride: dict
) -> tuple[m.FareTransferRule | None, str]:
    """The transfer rule that applies, or None and why not (no_rule, too_late, count)."""
    why = "no_rule"
    for rule in ctx.transfer_rules:
        if not _field_ok(rule.from_leg_group_id, {session.group}, ctx.named_from_groups, False):
            continue
        if not _field_ok(rule.to_leg_group_id, {group}, ctx.named_to_groups, False):
            continue
        if rule.transfer_count not in (None, -1) and session.transfers + 1 > rule.transfer_count:
            why = "count"
            continue
        if rule.duration_limit is not None:
            prev = session.ride
            kind = rule.duration_limit_type or 0
            start = _time(prev["departure"] if kind in (0, 1) else prev["arrival"])
            end = _time(ride["arrival"] if kind in (0, 3) else ride["departure"])
            if (end - start).total_seconds() > rule.duration_limit:
                why = "too_late" if why != "count" else why
                continue
        return rule, ""
    return None, why


def _price_v2(ctx: FareContext, legs: list[dict], priced: list[LegFare]) -> None:
    session: _Session | None = None
    for lf in priced:
        leg = legs[lf.index]
        if not _is_ride(leg):
            continue
        found = _leg_rule(ctx, leg)
        if found is None:
            lf.reason = {"why": "no_rule"}
            session = None
            continue
        rule, product = found
        base = to_minor(product.amount, product.currency)
        lf.base_minor, lf.product_id, lf.product_name = base, product.fare_product_id, product.name
        lf.leg_group = rule.leg_group_id
        transfer, why = (None, "")
        if session is not None:
            transfer, why = _transfer_rule(ctx, session, rule.leg_group_id, leg)
        if transfer is None:
            lf.kind, lf.amount_minor = "fare", base
            if session is not None:
                lf.reason = {"why": why, **_limits(ctx, session, rule.leg_group_id)}
            session = _Session(rule.leg_group_id, leg, 0, base, base)
            continue
        extra_product = (
            _product_for(ctx, transfer.fare_product_id) if transfer.fare_product_id else None
        )
        extra = to_minor(extra_product.amount, extra_product.currency) if extra_product else 0
        kind = transfer.fare_transfer_type
        if kind == 0:
            amount = extra
        elif kind == 1:
            amount = base + extra
        elif kind == 2:
            amount = max(0, extra - session.last_paid_minor)
        else:  # TRANSFER_DIFFERENCE
            amount = max(0, base - session.dearest_minor) + extra
        lf.kind, lf.amount_minor = "transfer", amount
        lf.reason = {
            "type": kind,
            "minutes": (transfer.duration_limit or 0) // 60,
            "transfer_product": extra_product.name if extra_product else "",
            "transfer_minor": extra,
            "difference_minor": max(0, base - session.dearest_minor),
            "transfer_number": session.transfers + 1,
        }
        session = _Session(
            rule.leg_group_id,
            leg,
            session.transfers + 1,
            max(session.dearest_minor, base),
            amount,
        )


def _limits(ctx: FareContext, session: _Session, group: str) -> dict:
    """The limits of the transfer rule that would have applied (for the explanation)."""
    for rule in ctx.transfer_rules:
        if _field_ok(
            rule.from_leg_group_id, {session.group}, ctx.named_from_groups, False
        ) and _field_ok(rule.to_leg_group_id, {group}, ctx.named_to_groups, False):
            return {
                "minutes": (rule.duration_limit or 0) // 60,
                "count": rule.transfer_count if rule.transfer_count is not None else -1,
            }
    return {}


# fares v1


def _v1_covers(ctx: FareContext, fare: m.FareAttribute, rides: list[dict]) -> bool:
    if fare.transfers is not None and len(rides) - 1 > fare.transfers:
        return False
    if fare.transfer_duration is not None and len(rides) > 1:
        elapsed = _time(rides[-1]["departure"]) - _time(rides[0]["departure"])
        if elapsed.total_seconds() > fare.transfer_duration:
            return False
    if fare.agency_id and any(
        (ctx.route_agency.get(r["route"]["id"]) or "") not in ("", fare.agency_id) for r in rides
    ):
        return False
    rs = ctx.v1_rules[fare.id]
    if not rs["any"]:
        return True
    if rs["routes"] and any(r["route"]["id"] not in rs["routes"] for r in rides):
        return False
    if rs["od"]:
        start, end = ctx.zone(rides[0]["from"]["id"]), ctx.zone(rides[-1]["to"]["id"])
        if not any(o in ("", start) and d in ("", end) for o, d in rs["od"]):
            return False
    if rs["contains"]:
        zones = set()
        for r in rides:
            zones.add(ctx.zone(r["from"]["id"]))
            zones.add(ctx.zone(r["to"]["id"]))
            zones.update(ctx.zone(s["id"]) for s in r.get("intermediate_stops", []))
        if zones != rs["contains"]:
            return False
    return True


def _price_v1(ctx: FareContext, legs: list[dict], priced: list[LegFare]) -> None:
    ride_idx = [lf.index for lf in priced if _is_ride(legs[lf.index])]
    rides = [legs[i] for i in ride_idx]
    n = len(rides)
    if not n:
        return
    inf = float("inf")
    best: list[float] = [0.0] + [inf] * n
    choice: list[tuple[int, m.FareAttribute] | None] = [None] * (n + 1)
    for end in range(1, n + 1):
        for start in range(end):
            if best[start] == inf:
                continue
            group = rides[start:end]
            for fare in ctx.fares_v1:
                if fare.currency_type.upper() != ctx.currency:
                    continue
                cost = best[start] + to_minor(fare.price, ctx.currency)
                if cost < best[end] and _v1_covers(ctx, fare, group):
                    best[end], choice[end] = cost, (start, fare)
    by_index = {lf.index: lf for lf in priced}
    end = n
    if best[n] == inf:
        # price what can be priced ride by ride; the rest stays unpriced
        for i, ride in zip(ride_idx, rides, strict=True):
            options = [f for f in ctx.fares_v1 if _v1_covers(ctx, f, [ride])]
            lf = by_index[i]
            if options:
                fare = min(options, key=lambda f: f.price)
                _v1_fill(ctx, lf, fare, ride, ride)
            else:
                lf.reason = {"why": "no_rule"}
        return
    while end > 0:
        start, fare = choice[end]
        first = by_index[ride_idx[start]]
        _v1_fill(ctx, first, fare, rides[start], rides[end - 1])
        for k in range(start + 1, end):
            lf = by_index[ride_idx[k]]
            lf.kind, lf.product_id, lf.product_name = "included", fare.fare_id, fare.fare_id
            lf.reason = {
                "covered_by": ride_idx[start],
                "hours": (fare.transfer_duration or 0) / 3600,
            }
        end = start


def _v1_fill(ctx, lf: LegFare, fare: m.FareAttribute, first: dict, last: dict) -> None:
    price = to_minor(fare.price, ctx.currency)
    lf.kind, lf.base_minor, lf.amount_minor = "fare", price, price
    lf.product_id = lf.product_name = fare.fare_id
    lf.reason = {
        "from_zone": ctx.zone(first["from"]["id"]),
        "to_zone": ctx.zone(last["to"]["id"]),
    }
