"""What other apps may call to move money. Plain functions, frozen dataclasses, integer KRW.

    from apps.payments import facade as payments

    result = payments.charge(
        user_id=rental.user_id, purpose="rentals.ride", reference=str(rental.id),
        description_ko="따릉이 대여", description_en="Bike ride",
        lines=[payments.ChargeLine("기본요금", "Base fare", 1000)],
        idempotency_key=f"rental-{rental.id}",
    )

``charge`` with the same key and the same request returns the first result and never charges
again; the same key with a different request raises ``idempotency_key_reused`` (409).
Errors are ``apps.core.errors.ApplicationError`` subclasses (``payments.*`` codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth import get_user_model

from . import selectors, services
from .errors import PaymentsError
from .hooks import on_order_paid
from .models import Order, Refund
from .types import ChargeLine

if TYPE_CHECKING:
    from apps.accounts.models import User

__all__ = [
    "ChargeLine",
    "ChargeResult",
    "cancel",
    "OrderSummary",
    "PaymentsError",
    "RefundResult",
    "charge",
    "on_order_paid",
    "order_get",
    "refund",
    "user_data_erase",
    "user_data_export",
]


@dataclass(frozen=True)
class ChargeResult:
    order_id: UUID
    status: str  # pending (waits for the phone to pay through Toss) | paid
    total_krw: int
    paid: bool


@dataclass(frozen=True)
class RefundResult:
    refund_id: UUID
    order_id: UUID
    amount_krw: int
    refunded_krw: int  # on the order, all refunds so far
    order_status: str


@dataclass(frozen=True)
class OrderSummary:
    order_id: UUID
    user_id: UUID
    purpose: str
    reference: str
    status: str
    total_krw: int
    refunded_krw: int
    paid_at: datetime | None


def _charge_result(order: Order) -> ChargeResult:
    return ChargeResult(
        order_id=order.id,
        status=order.status,
        total_krw=order.total_krw,
        paid=order.paid_at is not None,
    )


def charge(
    *,
    user_id: UUID | str,
    purpose: str,
    reference: str,
    description_ko: str,
    description_en: str,
    lines: list[ChargeLine],
    idempotency_key: str,
) -> ChargeResult:
    user = get_user_model().objects.get(id=user_id)
    order = services.order_create_and_charge(
        user=user,
        purpose=purpose,
        reference=reference,
        description_ko=description_ko,
        description_en=description_en,
        lines=lines,
        idempotency_key=idempotency_key,
    )
    return _charge_result(order)


def refund(
    *,
    order_id: UUID | str,
    amount_krw: int | None = None,
    reason: str,
    idempotency_key: str,
) -> RefundResult:
    """Refund all (None) or part of a paid order; the same key returns the same refund."""
    done: Refund = services.order_refund(
        order_id=order_id,
        amount_krw=amount_krw,
        reason=reason,
        requested_by=None,
        idempotency_key=idempotency_key,
    )
    order = Order.objects.get(id=done.order_id)
    return RefundResult(
        refund_id=done.id,
        order_id=order.id,
        amount_krw=done.amount_krw,
        refunded_krw=order.refunded_krw,
        order_status=order.status,
    )


def cancel(*, order_id: UUID | str) -> OrderSummary:
    """Cancel an order that is still waiting for payment (nothing was charged)."""
    services.order_cancel(order_id=order_id)
    return order_get(order_id=order_id)


def order_get(*, order_id: UUID | str) -> OrderSummary:
    order = selectors.order_get(order_id=order_id)
    return OrderSummary(
        order_id=order.id,
        user_id=order.user_id,
        purpose=order.purpose,
        reference=order.reference,
        status=order.status,
        total_krw=order.total_krw,
        refunded_krw=order.refunded_krw,
        paid_at=order.paid_at,
    )


# --- privacy (registered in AppConfig.ready) ----------------------------------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    orders = Order.objects.filter(user=user).prefetch_related("lines", "refunds")
    return {
        "orders": [
            {
                "id": str(order.id),
                "receipt_number": order.receipt_number,
                "purpose": order.purpose,
                "reference": order.reference,
                "description_ko": order.description_ko,
                "description_en": order.description_en,
                "status": order.status,
                "total_krw": order.total_krw,
                "refunded_krw": order.refunded_krw,
                "created_at": order.created_at.isoformat(),
                "paid_at": order.paid_at.isoformat() if order.paid_at else None,
                "lines": [
                    {
                        "label_ko": line.label_ko,
                        "label_en": line.label_en,
                        "amount_krw": line.amount_krw,
                        "quantity": line.quantity,
                    }
                    for line in order.lines.all()
                ],
            }
            for order in orders
        ],
        "refunds": [
            {
                "id": str(refund.id),
                "order_id": str(refund.order_id),
                "amount_krw": refund.amount_krw,
                "reason": refund.reason,
                "status": refund.status,
                "created_at": refund.created_at.isoformat(),
            }
            for refund in Refund.objects.filter(order__user=user).order_by("created_at")
        ],
    }


def user_data_erase(user: User) -> None:
    """Orders, lines, payments and refunds stay for 5 years (전자상거래법 제6조); what is not
    required by that law goes: idempotency keys and any billing contact details."""
    services.user_payment_data_erase(user=user)
