from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class PaymentErrorCode(ErrorCode):
    AMOUNT_MISMATCH = "payments.amount_mismatch"
    INVALID_AMOUNT = "payments.invalid_amount"
    INVALID_ORDER = "payments.invalid_order"
    NOT_CONFIRMABLE = "payments.not_confirmable"
    ORDER_NOT_FOUND = "payments.order_not_found"
    ORDER_NOT_PENDING = "payments.order_not_pending"
    ORDER_NOT_REFUNDABLE = "payments.order_not_refundable"
    PROVIDER_DECLINED = "payments.provider_declined"
    PROVIDER_UNAVAILABLE = "payments.provider_unavailable"
    RECEIPT_NOT_AVAILABLE = "payments.receipt_not_available"
    REFUND_EXCEEDS_PAID = "payments.refund_exceeds_paid"


class PaymentsError(ApplicationError):
    @classmethod
    def order_not_found(cls):
        return cls(PaymentErrorCode.ORDER_NOT_FOUND, _("This order was not found."), status=404)

    @classmethod
    def invalid_order(cls):
        return cls(
            PaymentErrorCode.INVALID_ORDER,
            _("The order needs a purpose (up to 64 characters) and a reference of up to 100."),
            status=400,
        )

    @classmethod
    def invalid_amount(cls):
        return cls(
            PaymentErrorCode.INVALID_AMOUNT,
            _("The amount must be a whole number of won greater than zero."),
            status=400,
        )

    @classmethod
    def amount_mismatch(cls, *, expected: int, given: int):
        return cls(
            PaymentErrorCode.AMOUNT_MISMATCH,
            _("The amount does not match the order total."),
            status=400,
            extra={"expected_krw": expected, "given_krw": given},
        )

    @classmethod
    def order_not_pending(cls, status: str):
        return cls(
            PaymentErrorCode.ORDER_NOT_PENDING,
            _("This order is not waiting for payment."),
            status=409,
            extra={"status": status},
        )

    @classmethod
    def not_confirmable(cls):
        return cls(
            PaymentErrorCode.NOT_CONFIRMABLE,
            _("This order is not paid through a payment gateway that needs confirmation."),
            status=409,
        )

    @classmethod
    def order_not_refundable(cls, status: str):
        return cls(
            PaymentErrorCode.ORDER_NOT_REFUNDABLE,
            _("Only a paid order can be refunded."),
            status=409,
            extra={"status": status},
        )

    @classmethod
    def refund_exceeds_paid(cls, *, refundable: int):
        return cls(
            PaymentErrorCode.REFUND_EXCEEDS_PAID,
            _("The refund is more than what is left of the paid amount."),
            status=400,
            extra={"refundable_krw": refundable},
        )

    @classmethod
    def receipt_not_available(cls):
        return cls(
            PaymentErrorCode.RECEIPT_NOT_AVAILABLE,
            _("A receipt is available once the order is paid."),
            status=409,
        )

    @classmethod
    def provider_declined(cls, *, provider_code: str, provider_message: str, status: int = 402):
        return cls(
            PaymentErrorCode.PROVIDER_DECLINED,
            _("The payment company declined this request."),
            status=status,
            extra={"provider_code": provider_code, "provider_message": provider_message},
        )

    @classmethod
    def provider_unavailable(cls):
        return cls(
            PaymentErrorCode.PROVIDER_UNAVAILABLE,
            _("The payment company could not be reached. Please try again shortly."),
            status=502,
        )
