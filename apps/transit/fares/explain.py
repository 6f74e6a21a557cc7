"""A fare quote as the API shows it: per-leg amounts, the discounts applied, a total, and one line
per leg saying why, in the active language (ko by default, en)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from .engine import TRANSFER_DIFFERENCE, FareQuote, LegFare, exponent, to_decimal_string


def money(minor: int, currency: str) -> str:
    """1,500원 / 1,500 KRW / 3.75 USD, in the active language."""
    exp = exponent(currency)
    number = f"{minor / (10**exp):,.{exp}f}"
    korean = (translation.get_language() or "ko").startswith("ko")
    if currency == "KRW":
        return f"{number}원" if korean else f"{number} KRW"
    return f"{number} {currency}"


def mode_name(mode: str) -> str:
    """A leg's mode in the active language (bus → 버스 / Bus)."""
    names = {
        "bus": _("Bus"),
        "rail": _("Train"),
        "tram": _("Light rail"),
        "subway": _("Subway"),
        "ferry": _("Ferry"),
        "ebike": _("E-bike"),
        "scooter": _("E-scooter"),
        "drt": _("Demand-responsive bus"),
        "park_and_ride": _("Park and ride"),
    }
    return str(names.get(mode, mode))


def leg_explanation(leg: LegFare, currency: str) -> str:
    r = leg.reason
    amount = money(leg.amount_minor, currency)
    if leg.kind == "walk":
        return _("Walking: free")
    if leg.kind == "external":
        korean = (translation.get_language() or "ko").startswith("ko")
        label = (r.get("label_ko") if korean else r.get("label_en")) or mode_name(leg.mode)
        return _("%(label)s: %(amount)s, priced by the operator") % {
            "label": label,
            "amount": amount,
        }
    if leg.kind == "on_exit":
        korean = (translation.get_language() or "ko").startswith("ko")
        label = (r.get("label_ko") if korean else r.get("label_en")) or mode_name(leg.mode)
        if r.get("estimate_minor") is None:
            return _(
                "%(label)s: settled on exit, not charged with the ticket "
                "(give a return time for an estimate)"
            ) % {"label": label}
        return _("%(label)s: about %(amount)s, settled on exit, not charged with the ticket") % {
            "label": label,
            "amount": money(r["estimate_minor"], currency),
        }
    if leg.kind == "unpriced":
        why = r.get("why")
        if why == "no_fares":
            return _("No fare information for this timetable")
        if why == "other_currency":
            return _("Priced in another currency: pay the operator")
        return _("No fare rule covers this leg")
    if leg.kind == "included":
        return _("Included in the fare of leg %(leg)d (transfers allowed within %(hours)s h)") % {
            "leg": r["covered_by"] + 1,
            "hours": f"{r['hours']:g}",
        }
    if leg.kind == "transfer":
        minutes = r.get("minutes") or 0
        if r["type"] == TRANSFER_DIFFERENCE:
            return _(
                "Transfer discount: transfer within %(minutes)d min, "
                "you pay only the %(amount)s difference"
            ) % {"minutes": minutes, "amount": money(r["difference_minor"], currency)}
        if r["type"] == 0:
            if leg.amount_minor == 0:
                return _("Free transfer within %(minutes)d min") % {"minutes": minutes}
            return _("Transfer within %(minutes)d min: transfer fare %(amount)s") % {
                "minutes": minutes,
                "amount": amount,
            }
        if r["type"] == 1:
            return _(
                "Transfer within %(minutes)d min: %(fare)s plus a transfer fare of %(extra)s"
            ) % {
                "minutes": minutes,
                "fare": money(leg.base_minor, currency),
                "extra": money(r["transfer_minor"], currency),
            }
        return _(
            "Transfer within %(minutes)d min: %(product)s covers both legs, %(amount)s more"
        ) % {
            "minutes": minutes,
            "product": r.get("transfer_product") or _("the transfer fare"),
            "amount": amount,
        }
    # a full fare, sometimes because a transfer discount did not apply
    label = leg.product_name or mode_name(leg.mode)
    why = r.get("why")
    if why == "too_late" and r.get("minutes"):
        return _("Full fare %(amount)s: more than %(minutes)d min since the last ride") % {
            "amount": amount,
            "minutes": r["minutes"],
        }
    if why == "count" and r.get("count", -1) >= 0:
        return _(
            "Full fare %(amount)s: the transfer discount covers at most %(count)d transfers"
        ) % {
            "amount": amount,
            "count": r["count"],
        }
    if "from_zone" in r and (r["from_zone"] or r["to_zone"]):
        return _("%(fare)s, zone %(from)s to zone %(to)s: %(amount)s") % {
            "fare": label,
            "from": r["from_zone"],
            "to": r["to_zone"],
            "amount": amount,
        }
    if "from_zone" in r:
        return _("%(fare)s: %(amount)s") % {"fare": label, "amount": amount}
    return _("%(mode)s base fare: %(amount)s") % {"mode": mode_name(leg.mode), "amount": amount}


def _leg_dict(leg: LegFare, currency: str) -> dict:
    return {
        "leg_index": leg.index,
        "mode": leg.mode,
        "kind": leg.kind,
        "product_id": leg.product_id,
        "product_name": leg.product_name,
        "base": to_decimal_string(leg.base_minor, currency),
        "base_minor": leg.base_minor,
        "discount": to_decimal_string(leg.discount_minor, currency),
        "discount_minor": leg.discount_minor,
        "amount": to_decimal_string(leg.amount_minor, currency),
        "amount_minor": leg.amount_minor,
        "explanation": leg_explanation(leg, currency),
    }


def fare_dict(quote: FareQuote) -> dict:
    c = quote.currency
    return {
        "source": quote.source,
        "currency": c,
        "rider_category": quote.rider_category_id,
        "rider_category_name": quote.rider_category_name,
        "legs": [_leg_dict(leg, c) for leg in quote.legs],
        "discounts": [
            {
                "leg_index": leg.index,
                "amount": to_decimal_string(leg.discount_minor, c),
                "amount_minor": leg.discount_minor,
                "label": leg_explanation(leg, c),
            }
            for leg in quote.legs
            if leg.discount_minor > 0
        ],
        "total": to_decimal_string(quote.total_minor, c),
        "total_minor": quote.total_minor,
        "complete": quote.complete,
    }


def explanations_both(quote: FareQuote) -> list[dict]:
    """Each leg's explanation in ko and en (stored on tickets)."""
    out = []
    for leg in quote.legs:
        texts = {}
        for lang in ("ko", "en"):
            with translation.override(lang):
                texts[lang] = leg_explanation(leg, quote.currency)
        out.append(texts)
    return out
