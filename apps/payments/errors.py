from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError


class PaymentsError(ApplicationError):
    @classmethod
    def order_not_found(cls):
        return cls("payments.order_not_found", _("This order was not found."), status=404)

    @classmethod
    def idempotency_key_required(cls):
        return cls(
            "payments.idempotency_key_required",
            _("Send an Idempotency-Key header (1 to 255 characters) with every payment."),
            status=400,
        )

    @classmethod
    def idempotency_key_reused(cls):
        return cls(
            "payments.idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
            status=409,
        )

    @classmethod
    def invalid_order(cls):
        return cls(
            "payments.invalid_order",
            _("The order needs a purpose (up to 64 characters) and a reference of up to 100."),
            status=400,
        )

    @classmethod
    def invalid_amount(cls):
        return cls(
            "payments.invalid_amount",
            _("The amount must be a whole number of won greater than zero."),
            status=400,
        )

    @classmethod
    def amount_mismatch(cls, *, expected: int, given: int):
        return cls(
            "payments.amount_mismatch",
            _("The amount does not match the order total."),
            status=400,
            extra={"expected_krw": expected, "given_krw": given},
        )

    @classmethod
    def order_not_pending(cls, status: str):
        return cls(
            "payments.order_not_pending",
            _("This order is not waiting for payment."),
            status=409,
            extra={"status": status},
        )

    @classmethod
    def not_confirmable(cls):
        return cls(
            "payments.not_confirmable",
            _("This order is not paid through a payment gateway that needs confirmation."),
            status=409,
        )

    @classmethod
    def order_not_refundable(cls, status: str):
        return cls(
            "payments.order_not_refundable",
            _("Only a paid order can be refunded."),
            status=409,
            extra={"status": status},
        )

    @classmethod
    def refund_exceeds_paid(cls, *, refundable: int):
        return cls(
            "payments.refund_exceeds_paid",
            _("The refund is more than what is left of the paid amount."),
            status=400,
            extra={"refundable_krw": refundable},
        )

    @classmethod
    def receipt_not_available(cls):
        return cls(
            "payments.receipt_not_available",
            _("A receipt is available once the order is paid."),
            status=409,
        )

    @classmethod
    def provider_declined(cls, *, provider_code: str, provider_message: str, status: int = 402):
        return cls(
            "payments.provider_declined",
            _("The payment company declined this request."),
            status=status,
            extra={"provider_code": provider_code, "provider_message": provider_message},
        )

    @classmethod
    def provider_unavailable(cls):
        return cls(
            "payments.provider_unavailable",
            _("The payment company could not be reached. Please try again shortly."),
            status=502,
        )
