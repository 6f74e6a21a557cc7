"""Reads. A user only ever reaches their own orders: someone else's order is "not found"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from payments import PaymentStatus
from payments.core import provider_factory

from apps.core.money import format_krw

from .errors import PaymentsError
from .models import Order, Payment, Refund

if TYPE_CHECKING:
    from apps.accounts.models import User

# Toss reports the payment method in Korean; the receipt speaks the reader's language.
_TOSS_METHODS = {
    "카드": gettext_lazy("Card"),
    "간편결제": gettext_lazy("Easy pay"),
    "계좌이체": gettext_lazy("Bank transfer"),
    "가상계좌": gettext_lazy("Virtual account"),
    "휴대폰": gettext_lazy("Mobile phone"),
}


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(user=user).order_by("-created_at")


def _with_details(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.prefetch_related(
        "lines",
        Prefetch("payments", queryset=Payment.objects.order_by("created")),
        Prefetch("refunds", queryset=Refund.objects.order_by("created_at")),
    )


def _get(queryset: QuerySet[Order], order_id: UUID | str, *, lock: bool) -> Order:
    # A locked read is for a write that follows: the bare row, locked; otherwise with its details.
    queryset = queryset.select_for_update() if lock else _with_details(queryset)
    try:
        return queryset.get(id=order_id)
    except (Order.DoesNotExist, ValueError, TypeError, ValidationError):
        raise PaymentsError.order_not_found() from None


def order_get_for_user(*, user: User, order_id: UUID | str, lock: bool = False) -> Order:
    """The user's own order; someone else's is "not found". ``lock=True`` (inside a transaction)
    takes the row lock that every write moving money on the order needs first."""
    return _get(Order.objects.filter(user=user), order_id, lock=lock)


def order_get_for_staff(*, order_id: UUID | str, lock: bool = False) -> Order:
    """Any order (staff, and services acting for another app that holds the order id)."""
    return _get(Order.objects.all(), order_id, lock=lock)


def order_get(*, order_id: UUID | str) -> Order:
    """For other apps through the facade: they hold the order id they were given."""
    return order_get_for_staff(order_id=order_id)


def payment_method_label(*, payment: Payment | None) -> str:
    if payment is None:
        return ""
    if payment.variant == "dummy":
        return _("Test payment (no money moved)")
    try:
        method = payment.attrs.method
    except AttributeError:
        method = ""
    label = _TOSS_METHODS.get(method)
    return str(label) if label else method


def order_checkout(*, order: Order) -> dict[str, Any] | None:
    """What the phone needs to open the payment window, while the order waits for payment."""
    if order.status != Order.Status.PENDING:
        return None
    payment = order.payments.all()[0] if order.payments.all() else None
    if payment is None:
        return None
    provider = provider_factory(payment.variant, payment)
    checkout = getattr(provider, "checkout", None)
    return checkout(payment) if checkout else None


def order_receipt_for_user(*, user: User, order_id: UUID | str) -> dict[str, Any]:
    """The receipt, in the active language. Prices include VAT (부가가치세 포함)."""
    order = order_get_for_user(user=user, order_id=order_id)
    if order.paid_at is None:
        raise PaymentsError.receipt_not_available()
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    captured = [p for p in order.payments.all() if p.status != PaymentStatus.WAITING]
    payment = captured[-1] if captured else None
    supply = (order.total_krw * 10 + 5) // 11
    return {
        "number": order.receipt_number,
        "order_id": order.id,
        "merchant": _("Gimhae City · Ieum"),
        "description": order.description,
        "lines": [
            {
                "label": line.label,
                "quantity": line.quantity,
                "unit_amount_krw": line.amount_krw,
                "amount_krw": line.total_krw,
            }
            for line in order.lines.all()
        ],
        "total_krw": order.total_krw,
        "total_display": format_krw(order.total_krw, language),
        "supply_krw": supply,
        "vat_krw": order.total_krw - supply,
        "vat_note": _("Prices include VAT."),
        "refunded_krw": order.refunded_krw,
        "net_krw": order.total_krw - order.refunded_krw,
        "refunds": [
            {"amount_krw": refund.amount_krw, "reason": refund.reason, "at": refund.created_at}
            for refund in order.refunds.all()
        ],
        "status": order.status,
        "status_label": order.get_status_display(),
        "paid_at": timezone.localtime(order.paid_at),
        "method": payment_method_label(payment=payment),
    }
