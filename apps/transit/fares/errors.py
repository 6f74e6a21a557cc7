from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError


class FareError(ApplicationError):
    @classmethod
    def unknown_rider_category(cls, *, rider_category: str, available: list[str]):
        message = _("This rider category is not known. Choose one of: %(choices)s.") % {
            "choices": ", ".join(available)
        }
        return cls(
            "transit.unknown_rider_category",
            message,
            status=400,
            extra={"fields": {"rider_category": [message]}, "available": available},
        )


class TicketError(ApplicationError):
    @classmethod
    def not_found(cls):
        return cls("transit.ticket_not_found", _("No ticket has this ID."), status=404)

    @classmethod
    def token_invalid(cls):
        return cls(
            "transit.purchase_token_invalid",
            _("This trip can no longer be bought: plan it again."),
            status=400,
        )

    @classmethod
    def already_departed(cls):
        return cls(
            "transit.trip_departed",
            _("This trip has already left: plan a later one."),
            status=400,
        )

    @classmethod
    def not_purchasable(cls):
        return cls(
            "transit.trip_not_purchasable",
            _("This trip cannot be paid in the app: some legs have no known fare in won."),
            status=400,
        )

    @classmethod
    def idempotency_key_missing(cls):
        return cls(
            "transit.idempotency_key_required",
            _("Send an Idempotency-Key header so a retry never charges twice."),
            status=400,
        )

    @classmethod
    def idempotency_key_reused(cls):
        return cls(
            "transit.idempotency_key_reused",
            _("This Idempotency-Key was already used for another trip."),
            status=409,
        )

    @classmethod
    def not_refundable_departed(cls):
        return cls(
            "transit.ticket_not_refundable",
            _("A ticket can be refunded only before its first departure; this trip has left."),
            status=400,
            extra={"reason": "departed"},
        )

    @classmethod
    def not_refundable_status(cls, *, status: str):
        return cls(
            "transit.ticket_not_refundable",
            _("Only an unused ticket can be refunded."),
            status=400,
            extra={"reason": status},
        )
