from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.transit.errors import TransitErrorCode


class FareError(ApplicationError):
    @classmethod
    def unknown_rider_category(cls, *, rider_category: str, available: list[str]):
        message = _("This rider category is not known. Choose one of: %(choices)s.") % {
            "choices": ", ".join(available)
        }
        return cls(
            TransitErrorCode.UNKNOWN_RIDER_CATEGORY,
            message,
            status=400,
            extra={"fields": {"rider_category": [message]}, "available": available},
        )


class TicketError(ApplicationError):
    @classmethod
    def not_found(cls):
        return cls(TransitErrorCode.TICKET_NOT_FOUND, _("No ticket has this ID."), status=404)

    @classmethod
    def token_invalid(cls):
        return cls(
            TransitErrorCode.PURCHASE_TOKEN_INVALID,
            _("This trip can no longer be bought: plan it again."),
            status=400,
        )

    @classmethod
    def already_departed(cls):
        return cls(
            TransitErrorCode.TRIP_DEPARTED,
            _("This trip has already left: plan a later one."),
            status=400,
        )

    @classmethod
    def not_purchasable(cls):
        return cls(
            TransitErrorCode.TRIP_NOT_PURCHASABLE,
            _("This trip cannot be paid in the app: some legs have no known fare in won."),
            status=400,
        )

    @classmethod
    def not_refundable_departed(cls):
        return cls(
            TransitErrorCode.TICKET_NOT_REFUNDABLE,
            _("A ticket can be refunded only before its first departure; this trip has left."),
            status=400,
            extra={"reason": "departed"},
        )

    @classmethod
    def not_refundable_status(cls, *, status: str):
        return cls(
            TransitErrorCode.TICKET_NOT_REFUNDABLE,
            _("Only an unused ticket can be refunded."),
            status=400,
            extra={"reason": status},
        )
