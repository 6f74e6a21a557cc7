"""Trip tickets: one payment for a whole itinerary, a signed QR payload, inspection, refunds.

A ticket is bought from the plan's ``purchase_token`` (fares/quote.py): its legs and amounts come
from the signed summary, never from the phone. One order through payments covers every leg (one
ChargeLine per priced leg; transfer discounts are folded into the leg's line, because payments
takes no negative lines). Reads (``ticket_*_for_user``) are in
``apps.transit.selectors``, which checks ownership where the ticket is fetched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.idempotency import idempotency_key_clean, idempotent_create
from apps.payments import facade as payments
from apps.transit import selectors
from apps.transit.fares.errors import TicketError
from apps.transit.fares.explain import mode_name
from apps.transit.fares.quote import purchase_token_read
from apps.transit.models import TripTicket
from apps.transit.planner.providers import legs_purchased
from apps.transit.services.endpoints import name_pick

if TYPE_CHECKING:
    from apps.accounts.models import User

QR_SALT = "ieum.transit.ticket"
VALID_AFTER_ARRIVAL = timedelta(minutes=30)
KEY_MAX_LENGTH = 200  # TripTicket.idempotency_key


def _fingerprint(summary: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


def leg_name(leg: dict[str, Any], end: str, language: str | None = None) -> str:
    """A ticket leg's ``from``/``to`` name in ``language`` (default: the active one). Tickets
    bought before names were stored in both languages keep their one name (see migration 0006)."""
    names = leg.get(f"{end}_names")
    if language is not None:
        with translation.override(language):
            return name_pick(names, fallback=leg.get(f"{end}_name") or "")
    return name_pick(names, fallback=leg.get(f"{end}_name") or "")


def leg_route(leg: dict[str, Any], language: str | None = None) -> str:
    """The route's short name in ``language`` (default: the active one), or ""."""
    names = leg.get("route_names")
    if language is not None:
        with translation.override(language):
            return name_pick(names, fallback=leg.get("route") or "")
    return name_pick(names, fallback=leg.get("route") or "")


def _charge_lines(summary: dict[str, Any]) -> list[payments.ChargeLine]:
    lines = []
    for n, leg in enumerate(summary["legs"], start=1):
        if leg["kind"] not in ("fare", "transfer", "included", "external"):
            continue  # walking is free and not on the receipt
        label = {}
        for language in ("ko", "en"):
            with translation.override(language):
                what = leg_route(leg) or mode_name(leg["mode"])
                label[language] = (
                    f"{n}. {what} {leg_name(leg, 'from')}→{leg_name(leg, 'to')}"
                    f" · {leg[f'explanation_{language}']}"
                )
        lines.append(
            payments.ChargeLine(
                label_ko=label["ko"],
                label_en=label["en"],
                amount_krw=int(leg["amount_krw"]),
                reference=f"leg-{n}",
            )
        )
    return lines


def ticket_buy(
    *, user: User, purchase_token: str, idempotency_key: str | None
) -> tuple[TripTicket, bool]:
    """Buy the itinerary the token describes. Returns (ticket, created). The same key with the
    same itinerary returns the first ticket and never charges again; with another itinerary, 409."""
    key = idempotency_key_clean(raw=idempotency_key, max_length=KEY_MAX_LENGTH)
    summary = purchase_token_read(purchase_token)
    if summary is None:
        raise TicketError.token_invalid()
    fingerprint = _fingerprint(summary)

    def find() -> tuple[TripTicket, str] | None:
        existing = TripTicket.objects.filter(user=user, idempotency_key=key).first()
        return (existing, existing.token_hash) if existing is not None else None

    def create() -> TripTicket:
        if summary.get("currency") != "KRW" or int(summary.get("total_krw", 0)) <= 0:
            raise TicketError.not_purchasable()
        departure = datetime.fromisoformat(summary["departure"])
        arrival = datetime.fromisoformat(summary["arrival"])
        now = timezone.now()
        if departure <= now:
            raise TicketError.already_departed()
        ticket = TripTicket.objects.create(
            user=user,
            feed_name=summary["feed"],
            feed_version=summary.get("version", ""),
            rider_category=summary["rider_category"],
            legs=summary["legs"],
            total_krw=int(summary["total_krw"]),
            idempotency_key=key,
            token_hash=fingerprint,
            departure_at=departure,
            arrival_at=arrival,
            valid_from=now,
            valid_until=arrival + VALID_AFTER_ARRIVAL,
        )
        result = payments.charge(
            user_id=user.id,
            purpose="transit.trip",
            reference=str(ticket.id),
            description_ko=_ticket_title(summary, "ko"),
            description_en=_ticket_title(summary, "en"),
            lines=_charge_lines(summary),
            idempotency_key=f"transit-ticket:{key}",
        )
        ticket.order_id = result.order_id
        ticket.status = TripTicket.Status.ACTIVE if result.paid else TripTicket.Status.PENDING
        ticket.save(update_fields=["order_id", "status"])
        if result.paid and any(leg.get("booking") for leg in summary["legs"]):
            # other modes' providers act on their legs once paid (DRT books the bus, accepted)
            ticket_id, legs = str(ticket.id), summary["legs"]
            transaction.on_commit(
                lambda: legs_purchased(user_id=user.id, ticket_id=ticket_id, legs=legs)
            )
        return ticket

    return idempotent_create(fingerprint=fingerprint, find=find, create=create)


def _ticket_title(summary: dict[str, Any], lang: str) -> str:
    first, last = summary["legs"][0], summary["legs"][-1]
    with translation.override(lang):
        return _("Ieum trip ticket %(from)s → %(to)s") % {
            "from": leg_name(first, "from"),
            "to": leg_name(last, "to"),
        }


def ticket_refund(*, user: User, ticket_id: UUID | str) -> TripTicket:
    """Refund an unused ticket in full before its first departure (the same ticket refunded twice
    returns the first refund); after departure the refund is refused with the reason."""
    with transaction.atomic():
        ticket = selectors.ticket_get_for_user(user=user, ticket_id=ticket_id, lock=True)
        if ticket.status == TripTicket.Status.REFUNDED:
            return ticket
        if ticket.status != TripTicket.Status.ACTIVE:
            raise TicketError.not_refundable_status(status=ticket.status)
        if timezone.now() >= ticket.departure_at:
            raise TicketError.not_refundable_departed()
        if ticket.order_id is None:  # never charged (an active ticket always has its order)
            raise TicketError.not_refundable_status(status=ticket.status)
        done = payments.refund(
            order_id=ticket.order_id,
            reason="transit: unused trip ticket refunded before departure",
            idempotency_key=f"transit-ticket-refund:{ticket.id}",
        )
        ticket.status = TripTicket.Status.REFUNDED
        ticket.refund_id = done.refund_id
        ticket.refunded_at = timezone.now()
        ticket.save(update_fields=["status", "refund_id", "refunded_at"])
    return ticket


# --- QR payload and inspection ------------------------------------------------------------------


def ticket_qr_payload(*, ticket: TripTicket) -> str:
    legs = [
        [leg["mode"], leg.get("route_id"), leg["from"], leg["to"], leg["departure"]]
        for leg in ticket.legs
    ]
    return signing.dumps(
        {"id": str(ticket.id), "total": ticket.total_krw, "legs": legs}, salt=QR_SALT, compress=True
    )


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str
    message: str
    ticket: TripTicket | None


def ticket_verify(*, payload: str, board: bool = False) -> Verification:
    """What an inspector's scanner shows: valid, or why not. ``board`` marks a valid ticket used."""
    try:
        data = signing.loads(payload, salt=QR_SALT)
        ticket = TripTicket.objects.filter(id=data["id"]).first()
    except (signing.BadSignature, ValueError, TypeError, KeyError, ValidationError):
        return Verification(False, "tampered", _("This QR code is not a valid Ieum ticket."), None)
    if ticket is None:
        return Verification(False, "not_found", _("This ticket does not exist."), None)
    now = timezone.now()
    status = ticket.current_status
    reasons: dict[str, str] = {
        TripTicket.Status.PENDING: _("This ticket has not been paid."),
        TripTicket.Status.USED: _("This ticket has already been used."),
        TripTicket.Status.REFUNDED: _("This ticket was refunded."),
        TripTicket.Status.EXPIRED: _("This ticket has expired."),
    }
    if status in reasons:
        reason = "not_paid" if status == TripTicket.Status.PENDING else status
        return Verification(False, reason, reasons[status], ticket)
    if now < ticket.valid_from:
        return Verification(False, "not_yet_valid", _("This ticket is not valid yet."), ticket)
    if board:
        changed = TripTicket.objects.filter(id=ticket.id, status=TripTicket.Status.ACTIVE).update(
            status=TripTicket.Status.USED, used_at=now
        )
        if not changed:  # another scanner was quicker
            ticket.refresh_from_db()
            return Verification(False, "used", reasons[TripTicket.Status.USED], ticket)
        ticket.refresh_from_db()
    return Verification(True, "", _("Valid ticket."), ticket)


# Positional: payments calls its paid hooks as handler(order_id, reference).
def ticket_mark_paid(order_id: UUID, reference: str) -> None:
    """payments' paid hook: a ticket whose payment completed later (Toss confirm) becomes active.
    Compare-and-swap, so a repeated call changes nothing."""
    try:
        UUID(str(reference))
    except ValueError:
        return
    TripTicket.objects.filter(
        id=reference, order_id=order_id, status=TripTicket.Status.PENDING
    ).update(status=TripTicket.Status.ACTIVE)
