from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class DrtErrorCode(ErrorCode):
    LOCATION_CONSENT_REQUIRED = "drt.location_consent_required"
    BOOKING_NOT_FOUND = "drt.booking_not_found"
    VEHICLE_NOT_FOUND = "drt.vehicle_not_found"
    ILLEGAL_TRANSITION = "drt.illegal_transition"
    DESTINATION_NOT_SERVED = "drt.destination_not_served"
    NO_HUB_NEARBY = "drt.no_hub_nearby"
    NO_VEHICLE_IN_SERVICE = "drt.no_vehicle_in_service"
    NO_VEHICLE_CAN_SERVE = "drt.no_vehicle_can_serve"
    BOOKING_OPEN = "drt.booking_open"
    UNKNOWN_BOOKING_EVENT = "drt.unknown_booking_event"
    NOT_RATEABLE = "drt.not_rateable"


REASON_MESSAGES = {
    DrtErrorCode.DESTINATION_NOT_SERVED: lambda: _(
        "The bus serves trips to the university campuses, and from the transport-poor outskirts "
        "to main hubs such as City Hall. This destination is neither."
    ),
    DrtErrorCode.NO_HUB_NEARBY: lambda: _(
        "There is no bus hub within a short walk of your start or your destination."
    ),
    DrtErrorCode.NO_VEHICLE_IN_SERVICE: lambda: _("No bus serving this trip is in service now."),
    DrtErrorCode.NO_VEHICLE_CAN_SERVE: lambda: _(
        "Every bus is full or too far away to pick you up in time. Please try again later."
    ),
}


def reason_message(code: DrtErrorCode) -> str:
    return str(REASON_MESSAGES[code]())


class DrtError(ApplicationError):
    @classmethod
    def location_consent_required(cls):
        return cls(
            DrtErrorCode.LOCATION_CONSENT_REQUIRED,
            _("Calling a bus uses your location. Please agree to the location terms first."),
            status=403,
        )

    @classmethod
    def booking_not_found(cls):
        return cls(DrtErrorCode.BOOKING_NOT_FOUND, _("This booking was not found."), status=404)

    @classmethod
    def vehicle_not_found(cls):
        return cls(
            DrtErrorCode.VEHICLE_NOT_FOUND, _("No bus is assigned to you today."), status=404
        )

    @classmethod
    def illegal_transition(cls, *, current: str, wanted: str):
        return cls(
            DrtErrorCode.ILLEGAL_TRANSITION,
            _("This booking cannot change from “%(current)s” to “%(wanted)s”.")
            % {"current": current, "wanted": wanted},
            status=409,
            extra={"status": current},
        )

    @classmethod
    def not_eligible(cls, code: DrtErrorCode):
        return cls(code, reason_message(code), status=409)

    @classmethod
    def booking_open(cls):
        return cls(
            DrtErrorCode.BOOKING_OPEN,
            _("You already have a bus booking under way. Cancel it or finish that ride first."),
            status=409,
        )

    @classmethod
    def unknown_booking_event(cls):
        return cls(
            DrtErrorCode.UNKNOWN_BOOKING_EVENT,
            _("This booking is not on this bus's plan."),
            status=409,
        )

    @classmethod
    def not_rateable(cls):
        return cls(
            DrtErrorCode.NOT_RATEABLE,
            _("Only a completed ride can be rated, once."),
            status=409,
        )
