"""Fill the plan's itineraries with their fares, and the purchase token that lets a rider buy one.

The purchase token is a django.core.signing signature over a summary of the priced itinerary
(feed, rider category, legs, amounts, total): the ticket endpoint trusts only what the token says,
so a phone cannot change a leg or an amount without the signature failing.
"""

from __future__ import annotations

from django.core import signing

from apps.transit import models as m
from apps.transit.planner.timetable import Timetable, timetable_for
from apps.transit.services.endpoints import Names, destination_names, origin_names

from . import engine, explain

PURCHASE_SALT = "ieum.transit.purchase"
PURCHASE_MAX_AGE_S = 24 * 3600


def _place_names(tt: Timetable, place: dict, *, default: Names | None) -> Names:
    """A leg end in both languages: a stop by the timetable, a named point (endpoints.py) by its
    names, any other point as the plan's origin/destination."""
    index = tt.stop_index.get(place["id"]) if place.get("id") is not None else None
    if index is not None:
        ko, en = tt.stop_names[index]
        return {"ko": ko, "en": en}
    if place.get("names"):
        return dict(place["names"])
    return default or {"ko": place["name"], "en": place["name"]}


def _route_names(tt: Timetable, route: dict) -> Names | None:
    index = tt.route_index.get(route["id"]) if route.get("id") is not None else None
    if index is None:
        return None
    ko, en = tt.routes[index]["short_name"]
    return {"ko": ko, "en": en}


def purchase_summary(itinerary: dict, quote: engine.FareQuote, feed: m.Feed) -> dict:
    """What the ticket will hold. Names are stored in both languages (never one rendered string):
    the ticket, its order and its receipt show the language of whoever reads them."""
    texts = explain.explanations_both(quote)
    tt = timetable_for(feed)
    last = len(itinerary["legs"]) - 1
    legs = []
    for lf, text in zip(quote.legs, texts, strict=True):
        leg = itinerary["legs"][lf.index]
        route = leg.get("route") or {}
        legs.append(
            {
                "mode": leg["mode"],
                "route_id": route.get("id"),
                "route_names": _route_names(tt, route),
                "trip_id": leg.get("trip_id"),
                "from": leg["from"]["id"],
                "from_names": _place_names(
                    tt, leg["from"], default=origin_names() if lf.index == 0 else None
                ),
                "to": leg["to"]["id"],
                "to_names": _place_names(
                    tt, leg["to"], default=destination_names() if lf.index == last else None
                ),
                "departure": leg["departure"],
                "arrival": leg["arrival"],
                "kind": lf.kind,
                "product_id": lf.product_id,
                "base_krw": lf.base_minor,
                "amount_krw": lf.amount_minor,
                "explanation_ko": text["ko"],
                "explanation_en": text["en"],
                # what another mode's provider needs once the trip is bought (DRT: the hubs)
                **(
                    {"booking": leg["details"]["booking"]}
                    if isinstance((leg.get("details") or {}).get("booking"), dict)
                    else {}
                ),
            }
        )
    return {
        "feed": feed.name,
        "version": feed.version,
        "rider_category": quote.rider_category_id,
        "currency": quote.currency,
        "departure": itinerary["departure"],
        "arrival": itinerary["arrival"],
        "total_krw": quote.total_minor,
        "legs": legs,
    }


def purchase_token_make(summary: dict) -> str:
    return signing.dumps(summary, salt=PURCHASE_SALT, compress=True)


def purchase_token_read(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=PURCHASE_SALT, max_age=PURCHASE_MAX_AGE_S)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def itineraries_price(
    *, feed: m.Feed, itineraries: list[dict], rider_category: str | None = None
) -> list[dict]:
    """Set each itinerary's ``fare`` (per-leg breakdown, discounts, total, explanations) and,
    when the whole trip is priced in won, its ``purchase_token``. Raises FareError for an unknown
    rider category. A feed without any fare rules leaves ``fare`` null."""
    ctx = engine.fare_context(feed=feed, rider_category=rider_category)
    if ctx.source == engine.SOURCE_NONE:
        return itineraries  # a feed without fare rules: ``fare`` stays null
    for itinerary in itineraries:
        quote = engine.itinerary_price(ctx, itinerary)
        fare = explain.fare_dict(quote)
        purchasable = quote.complete and quote.currency == "KRW" and quote.total_minor > 0
        fare["purchase_token"] = (
            purchase_token_make(purchase_summary(itinerary, quote, feed)) if purchasable else None
        )
        itinerary["fare"] = fare
    return itineraries
