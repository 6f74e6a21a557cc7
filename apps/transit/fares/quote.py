"""Fill the plan's itineraries with their fares, and the purchase token that lets a rider buy one.

The purchase token is a django.core.signing signature over a summary of the priced itinerary
(feed, rider category, legs, amounts, total): the ticket endpoint trusts only what the token says,
so a phone cannot change a leg or an amount without the signature failing.
"""

from __future__ import annotations

from django.core import signing

from apps.transit import models as m

from . import engine, explain

PURCHASE_SALT = "ieum.transit.purchase"
PURCHASE_MAX_AGE_S = 24 * 3600


def purchase_summary(itinerary: dict, quote: engine.FareQuote, feed: m.Feed) -> dict:
    texts = explain.explanations_both(quote)
    legs = []
    for lf, text in zip(quote.legs, texts, strict=True):
        leg = itinerary["legs"][lf.index]
        route = leg.get("route") or {}
        legs.append(
            {
                "mode": leg["mode"],
                "route_id": route.get("id"),
                "route": route.get("short_name") or "",
                "trip_id": leg.get("trip_id"),
                "from": leg["from"]["id"],
                "from_name": leg["from"]["name"],
                "to": leg["to"]["id"],
                "to_name": leg["to"]["name"],
                "departure": leg["departure"],
                "arrival": leg["arrival"],
                "kind": lf.kind,
                "product": lf.product_name,
                "base_krw": lf.base_minor,
                "amount_krw": lf.amount_minor,
                "explanation_ko": text["ko"],
                "explanation_en": text["en"],
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
