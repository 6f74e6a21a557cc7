"""Writes: create-and-charge with idempotency keys, confirm (Toss), refunds.

Money rules: amounts are integer KRW; the order row is locked (select_for_update) before anything
that moves money, so two refunds cannot both pass the "not more than paid" check.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from payments import PaymentStatus
from payments.core import provider_factory

from apps.core.audit import audit_record
from apps.core.errors import CoreError
from apps.core.idempotency import idempotency_key_clean, idempotent_create, request_fingerprint
from apps.core.money import format_krw

from . import hooks, selectors
from .errors import PaymentsError
from .models import IdempotencyKey, Order, OrderLine, Payment, Refund
from .providers.toss import TossDeclined, TossProvider, TossUnavailable
from .types import ChargeLine

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise
    from payments.core import BasicProvider

    from apps.accounts.models import User

logger = logging.getLogger(__name__)

MAX_ORDER_KRW = 10_000_000  # BasePayment's Decimal(9, 2) holds at most 9,999,999.99


def _is_whole_won(value: object, *, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _order_for_key(*, user: User, key: str) -> tuple[Order, str] | None:
    record = IdempotencyKey.objects.select_related("order").filter(user=user, key=key).first()
    return (record.order, record.fingerprint) if record is not None else None


def _captures_on_the_server(provider: BasicProvider) -> bool:
    # Toss needs the phone to open its payment window first; the dummy provider charges at once.
    return not isinstance(provider, TossProvider)


def order_create_and_charge(
    *,
    user: User,
    purpose: str,
    reference: str,
    description_ko: str,
    description_en: str,
    lines: Sequence[ChargeLine],
    idempotency_key: str | None,
    variant: str | None = None,
) -> Order:
    """Create an order and charge it. The same key with the same request returns the same order
    (and never charges again); the same key with a different request is refused (409)."""
    key = idempotency_key_clean(raw=idempotency_key)
    if not purpose or len(purpose) > 64 or len(reference) > 100:
        raise PaymentsError.invalid_order()
    description_ko, description_en = description_ko[:200], description_en[:200]
    lines = [
        ChargeLine(
            label_ko=line.label_ko[:200],
            label_en=line.label_en[:200],
            amount_krw=line.amount_krw,
            quantity=line.quantity,
            reference=line.reference[:100],
        )
        for line in lines
    ]
    if not lines:
        raise PaymentsError.invalid_amount()
    for line in lines:
        if not _is_whole_won(line.amount_krw, minimum=0) or not _is_whole_won(
            line.quantity, minimum=1
        ):
            raise PaymentsError.invalid_amount()
    total = sum(line.amount_krw * line.quantity for line in lines)
    if total <= 0 or total >= MAX_ORDER_KRW:
        raise PaymentsError.invalid_amount()
    fingerprint = request_fingerprint(
        purpose=purpose,
        reference=reference,
        description_ko=description_ko,
        description_en=description_en,
        lines=[
            [line.label_ko, line.label_en, line.amount_krw, line.quantity, line.reference]
            for line in lines
        ],
    )
    variant = variant or settings.PAYMENT_DEFAULT_VARIANT

    def create() -> Order:
        order = Order.objects.create(
            user=user,
            purpose=purpose,
            reference=reference,
            description_ko=description_ko,
            description_en=description_en,
            total_krw=total,
            idempotency_key=key,
        )
        # Two requests racing with one key: the second blocks here until the first commits,
        # then fails on the unique constraint and gets the first one's order (core.idempotency).
        IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint, order=order)
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                label_ko=line.label_ko,
                label_en=line.label_en,
                amount_krw=line.amount_krw,
                quantity=line.quantity,
                reference=line.reference,
            )
            for line in lines
        )
        payment = Payment.objects.create(
            order=order,
            variant=variant,
            currency="KRW",
            total=Payment.won(total),
            description=description_ko[:100],
        )
        provider = provider_factory(variant, payment)
        if _captures_on_the_server(provider):
            provider.capture(payment, Payment.won(total))
            payment.transaction_id = f"{variant}-{payment.token}"
            payment.captured_amount = Payment.won(total)
            payment.save(update_fields=["transaction_id", "captured_amount", "status"])
            order.status = Order.Status.PAID
            order.paid_at = timezone.now()
            order.save(update_fields=["status", "paid_at", "updated_at"])
            _notify_receipt(order)
            hooks.order_paid(order_id=order.id, purpose=order.purpose, reference=order.reference)
        return order

    order, _created = idempotent_create(
        fingerprint=fingerprint, find=lambda: _order_for_key(user=user, key=key), create=create
    )
    return order


def _declined(exc: TossDeclined, *, charging: bool) -> PaymentsError:
    # 402 only when a charge was refused (card limit, stolen card...); anything else is a 400.
    return PaymentsError.provider_declined(
        provider_code=exc.code,
        provider_message=exc.message,
        status=402 if charging and exc.is_card_decline else 400,
    )


def order_confirm(*, user: User, order_id: UUID | str, payment_key: str, amount: int) -> Order:
    """Confirm a Toss payment the phone has authorised. The amount must equal the order total."""
    declined: TossDeclined | None = None
    with transaction.atomic():
        order = selectors.order_get_for_user(user=user, order_id=order_id, lock=True)
        payment = order.payments.order_by("-created").first()
        if payment is None:
            raise PaymentsError.not_confirmable()
        provider = provider_factory(payment.variant, payment)
        if not isinstance(provider, TossProvider):
            raise PaymentsError.not_confirmable()
        if order.status == Order.Status.PAID and payment.transaction_id == payment_key:
            return order  # the phone retried a confirm that already went through
        if order.status != Order.Status.PENDING:
            raise PaymentsError.order_not_pending(order.status)
        if amount != order.total_krw:
            raise PaymentsError.amount_mismatch(expected=order.total_krw, given=amount)
        try:
            data = provider.confirm(payment, payment_key=payment_key, amount=amount)
        except TossUnavailable:
            raise PaymentsError.provider_unavailable() from None
        except TossDeclined as exc:
            declined = exc
        else:
            if data.get("status") != "DONE" or data.get("totalAmount") != order.total_krw:
                logger.error("Toss confirm for %s came back unexpected: %s", order.id, data)
                raise PaymentsError.provider_declined(
                    provider_code=f"UNEXPECTED_{data.get('status', 'RESPONSE')}",
                    provider_message="",
                    status=400,
                )
            payment.transaction_id = payment_key
            payment.captured_amount = Payment.won(amount)
            payment.status = PaymentStatus.CONFIRMED
            payment.message = ""
            payment.attrs.method = data.get("method") or ""
            payment.attrs.approved_at = data.get("approvedAt") or ""
            payment.attrs.receipt_url = (data.get("receipt") or {}).get("url", "")
            payment.save()
            order.status = Order.Status.PAID
            order.paid_at = timezone.now()
            order.save(update_fields=["status", "paid_at", "updated_at"])
            _notify_receipt(order)
            hooks.order_paid(order_id=order.id, purpose=order.purpose, reference=order.reference)
            return order
    # Nothing was marked paid; keep why Toss said no, for staff looking at the payment.
    Payment.objects.filter(pk=payment.pk).update(message=f"{declined.code}: {declined.message}")
    raise _declined(declined, charging=True)


def order_refund(
    *,
    order_id: UUID | str,
    amount_krw: int | None = None,
    reason: str,
    requested_by: User | None = None,
    idempotency_key: str | None,
) -> Refund:
    """Refund all (``amount_krw=None``) or part of what is left of a paid order. Partial refunds
    add up and never exceed the paid amount; the same key on the same order returns the same
    refund instead of paying out again."""
    key = idempotency_key_clean(raw=idempotency_key)
    if amount_krw is not None and not _is_whole_won(amount_krw, minimum=1):
        raise PaymentsError.invalid_amount()
    with transaction.atomic():
        order = selectors.order_get_for_staff(order_id=order_id, lock=True)
        existing = order.refunds.filter(idempotency_key=key).first()
        if existing is not None:
            if amount_krw is not None and existing.amount_krw != amount_krw:
                raise CoreError.idempotency_key_reused()
            return existing
        if order.status not in (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED):
            raise PaymentsError.order_not_refundable(order.status)
        amount = order.refundable_krw if amount_krw is None else amount_krw
        if amount > order.refundable_krw:
            raise PaymentsError.refund_exceeds_paid(refundable=order.refundable_krw)
        payment = order.payments.filter(status=PaymentStatus.CONFIRMED).order_by("-created").first()
        if payment is None:
            raise PaymentsError.order_not_refundable(order.status)
        provider = provider_factory(payment.variant, payment)
        provider_reference = ""
        try:
            if isinstance(provider, TossProvider):
                data = provider.cancel_payment(
                    payment, amount=amount, reason=reason, idempotency_key=key
                )
                cancels = data.get("cancels") or []
                provider_reference = cancels[-1].get("transactionKey", "") if cancels else ""
            else:
                provider.refund(payment, Payment.won(amount))
        except TossUnavailable:
            raise PaymentsError.provider_unavailable() from None
        except TossDeclined as exc:
            raise _declined(exc, charging=False) from None

        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount_krw=amount,
            reason=reason,
            provider_reference=provider_reference,
            idempotency_key=key,
            requested_by=requested_by,
        )
        order.refunded_krw += amount  # safe: the row is locked
        order.status = (
            Order.Status.REFUNDED
            if order.refunded_krw >= order.total_krw
            else Order.Status.PARTIALLY_REFUNDED
        )
        order.save(update_fields=["refunded_krw", "status", "updated_at"])
        payment.captured_amount -= Payment.won(amount)
        if payment.captured_amount <= 0:
            payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["captured_amount", "status", "modified"])
        audit_record(
            actor=requested_by,
            action="payments.refund",
            target=str(order.id),
            amount_krw=amount,
            reason=reason,
        )
        _notify_refund(order, refund)
    return refund


def order_cancel(*, order_id: UUID | str) -> Order:
    """Cancel an order nobody has paid yet (e.g. the phone never finished the Toss window)."""
    with transaction.atomic():
        order = selectors.order_get_for_staff(order_id=order_id, lock=True)
        if order.status == Order.Status.CANCELLED:
            return order
        if order.status != Order.Status.PENDING:
            raise PaymentsError.order_not_pending(order.status)
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
        order.payments.filter(status__in=[PaymentStatus.WAITING, PaymentStatus.INPUT]).update(
            status=PaymentStatus.CANCELLED
        )
    return order


# --- receipts to the user's inbox (best effort, after commit) ----------------------------------


def _notify(user: User, **message: Any) -> None:
    try:
        from apps.notifications import facade as notifications
    except ImportError:
        return
    notify = getattr(notifications, "notify", None)
    if notify is None:
        return
    try:
        notify(user=user, kind="payment", **message)
    except Exception:  # the payment stands even if the inbox message fails
        logger.exception("payment notification failed")


def _bilingual(message: _StrPromise, values: dict[str, dict[str, Any]]) -> dict[str, str]:
    """``message`` (a lazy msgid with %(name)s) in Korean and in English, for the inbox."""
    texts = {}
    for language in ("ko", "en"):
        with translation.override(language):
            texts[language] = str(message) % values[language]
    return texts


def _descriptions(order: Order, amount_krw: int) -> dict[str, dict[str, Any]]:
    return {
        "ko": {"description": order.description_ko, "amount": format_krw(amount_krw, "ko")},
        "en": {
            "description": order.description_en or order.description_ko,
            "amount": format_krw(amount_krw, "en"),
        },
    }


def _notify_receipt(order: Order) -> None:
    values = _descriptions(order, order.total_krw)
    for language in values.values():
        language["number"] = order.receipt_number
    title = _bilingual(_("Payment complete"), values)
    body = _bilingual(_("%(description)s · %(amount)s (receipt %(number)s)"), values)
    data = {"event": "payments.paid", "order_id": str(order.id), "number": order.receipt_number}
    transaction.on_commit(
        lambda: _notify(
            order.user,
            title_ko=title["ko"],
            title_en=title["en"],
            body_ko=body["ko"],
            body_en=body["en"],
            data=data,
        )
    )


def _notify_refund(order: Order, refund: Refund) -> None:
    values = _descriptions(order, refund.amount_krw)
    title = _bilingual(_("Refund issued"), values)
    body = _bilingual(_("%(description)s · %(amount)s refunded"), values)
    data = {"event": "payments.refunded", "order_id": str(order.id), "refund_id": str(refund.id)}
    transaction.on_commit(
        lambda: _notify(
            order.user,
            title_ko=title["ko"],
            title_en=title["en"],
            body_ko=body["ko"],
            body_en=body["en"],
            data=data,
        )
    )


@transaction.atomic
def user_payment_data_erase(*, user: User) -> None:
    IdempotencyKey.objects.filter(user=user).delete()
    Payment.objects.filter(order__user=user).update(
        billing_first_name="",
        billing_last_name="",
        billing_address_1="",
        billing_address_2="",
        billing_city="",
        billing_postcode="",
        billing_email="",
        billing_phone="",
        customer_ip_address=None,
    )


def order_create_demo(
    *, user: User, description: str, amount_krw: int, idempotency_key: str | None
) -> Order:
    """The demo purchase of the public API: a 'Gimhae Love gift' donation, labelled as a test."""
    label = _("Gimhae Love gift donation (demo)")
    with translation.override("ko"):
        label_ko = str(label)
    with translation.override("en"):
        label_en = str(label)
    return order_create_and_charge(
        user=user,
        purpose="demo.donation",
        reference="",
        description_ko=description or label_ko,
        description_en=description or label_en,
        lines=[ChargeLine(label_ko=label_ko, label_en=label_en, amount_krw=amount_krw)],
        idempotency_key=idempotency_key,
    )
