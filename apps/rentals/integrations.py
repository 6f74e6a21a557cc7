"""The two other apps a ride touches, through their facades only: payments and notifications."""

import logging
from dataclasses import dataclass
from uuid import UUID

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChargeOutcome:
    order_id: UUID | None
    paid: bool


def charge_key(rental_id) -> str:
    """One key per ride: a retried return, a retry job and a double tap all charge once."""
    return f"rentals.rental.{rental_id}.charge"


def charge(*, user_id, rental_id, amount_krw: int, label_ko: str, label_en: str) -> ChargeOutcome:
    from apps.payments import facade as payments

    line = payments.ChargeLine(
        label_ko=label_ko, label_en=label_en, amount_krw=amount_krw, reference=str(rental_id)
    )
    result = payments.charge(
        user_id=user_id,
        purpose="rentals.ride",
        reference=str(rental_id),
        description_ko=label_ko,
        description_en=label_en,
        lines=[line],
        idempotency_key=charge_key(rental_id),
    )
    return ChargeOutcome(order_id=result.order_id, paid=bool(result.paid))


def notify(*, user, title_ko: str, title_en: str, body_ko: str, body_en: str, data: dict) -> None:
    """A receipt or an alert is best effort: the ride is already stored and paid."""
    try:
        from apps.notifications import facade as notifications

        notifications.notify(
            user=user,
            kind="rentals",
            title_ko=title_ko,
            title_en=title_en,
            body_ko=body_ko,
            body_en=body_en,
            data=data,
        )
    except Exception:
        logger.exception("rentals: notification to %s failed", getattr(user, "pk", user))
