"""Orders, their lines, charges (django-payments Payment), refunds and idempotency keys.

Money is integer KRW everywhere. Payment records are kept for 5 years under 전자상거래법 (the
e-commerce consumer protection act), so orders point at the user with PROTECT: an anonymised
account keeps its orders.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from payments import PaymentStatus
from payments.models import BasePayment

from apps.core.models import TimeStampedModel
from apps.core.money import KrwField


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="orders", verbose_name=_("user")
    )
    purpose = models.CharField(
        _("purpose"), max_length=64, db_index=True, help_text=_('e.g. "transit.trip"')
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The other app's object id.")
    )
    description = models.CharField(_("description"), max_length=200)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        description_ko: str | None
        description_en: str | None
    total_krw = KrwField(_("total (KRW)"))
    refunded_krw = KrwField(_("refunded (KRW)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="payments_order_user_created")]
        permissions = [("refund_order", _("Can refund orders"))]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return f"{self.receipt_number} · {self.total_krw:,} KRW"

    @property
    def receipt_number(self) -> str:
        created = timezone.localtime(self.created_at) if self.created_at else timezone.localtime()
        return f"IE-{created:%Y%m%d}-{self.id.hex[:8].upper()}"

    @property
    def refundable_krw(self) -> int:
        return self.total_krw - self.refunded_krw


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    label = models.CharField(_("label"), max_length=200)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        label_ko: str | None
        label_en: str | None
    amount_krw = KrwField(_("unit amount (KRW)"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.label} × {self.quantity}"

    @property
    def total_krw(self) -> int:
        return self.amount_krw * self.quantity


class Payment(BasePayment):
    """One charge attempt for an order, through a django-payments variant (dummy or toss).

    BasePayment keeps amounts as Decimal; we only ever store whole won in them."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.variant} {self.status} {int(self.total):,} KRW"

    def get_success_url(self) -> str:
        return f"/payments/orders/{self.order_id}/"

    def get_failure_url(self) -> str:
        return f"/payments/orders/{self.order_id}/"

    @property
    def total_krw(self) -> int:
        return int(self.total)

    @property
    def captured_krw(self) -> int:
        return int(self.captured_amount)

    @property
    def is_captured(self) -> bool:
        return self.status in (PaymentStatus.CONFIRMED, PaymentStatus.REFUNDED)

    @staticmethod
    def won(amount: int) -> Decimal:
        return Decimal(int(amount))


class Refund(TimeStampedModel):
    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order")
    )
    payment = models.ForeignKey(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("payment"),
    )
    amount_krw = KrwField(_("amount (KRW)"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUCCEEDED
    )
    provider_reference = models.CharField(_("provider reference"), max_length=200, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    requested_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "idempotency_key"], name="payments_refund_order_key"
            )
        ]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"{self.amount_krw:,} KRW · {self.reason}"


class IdempotencyKey(models.Model):
    """The first request made with a key, so a retry returns the same order and never charges
    twice. The unique constraint is what settles two requests racing with one key."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="+", verbose_name=_("order")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="payments_idempotency_user_key")
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return self.key
