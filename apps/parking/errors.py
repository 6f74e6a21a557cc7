from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class ParkingErrorCode(ErrorCode):
    LOT_NOT_FOUND = "parking.lot_not_found"
    PLACE_NOT_FOUND = "parking.place_not_found"
    PLACE_CLOSED = "parking.place_closed"
    PLACE_FULL = "parking.place_full"
    PLATE_INVALID = "parking.plate_invalid"
    VEHICLE_EXISTS = "parking.vehicle_exists"
    VEHICLE_NOT_FOUND = "parking.vehicle_not_found"
    VEHICLE_BUSY = "parking.vehicle_busy"
    TIME_INVALID = "parking.time_invalid"
    RESERVATION_NOT_FOUND = "parking.reservation_not_found"
    RESERVATION_WRONG_STATE = "parking.reservation_wrong_state"
    RESERVATION_STARTED = "parking.reservation_started"
    RESERVATION_ENDED = "parking.reservation_ended"
    HOST_NOT_LINKED = "parking.host_not_linked"


class ParkingError(ApplicationError):
    @classmethod
    def lot_not_found(cls):
        return cls(ParkingErrorCode.LOT_NOT_FOUND, _("This parking lot was not found."), status=404)

    @classmethod
    def place_not_found(cls):
        return cls(
            ParkingErrorCode.PLACE_NOT_FOUND,
            _("This shared parking place was not found."),
            status=404,
        )

    @classmethod
    def place_closed(cls):
        return cls(
            ParkingErrorCode.PLACE_CLOSED,
            _("This place is not open for the whole of that time. Choose a time within its hours."),
            status=409,
        )

    @classmethod
    def place_full(cls):
        return cls(
            ParkingErrorCode.PLACE_FULL,
            _("Every space at this place is already booked for part of that time."),
            status=409,
        )

    @classmethod
    def plate_invalid(cls):
        return cls(
            ParkingErrorCode.PLATE_INVALID,
            _('This is not a Korean plate number. Write it like "12가3456" or "123가4567".'),
            status=400,
        )

    @classmethod
    def vehicle_exists(cls):
        return cls(
            ParkingErrorCode.VEHICLE_EXISTS, _("You have already registered this car."), status=409
        )

    @classmethod
    def vehicle_not_found(cls):
        return cls(ParkingErrorCode.VEHICLE_NOT_FOUND, _("This car was not found."), status=404)

    @classmethod
    def vehicle_busy(cls):
        return cls(
            ParkingErrorCode.VEHICLE_BUSY,
            _("This car already has a booking at that time."),
            status=409,
        )

    @classmethod
    def time_invalid(cls, message: str):
        return cls(ParkingErrorCode.TIME_INVALID, message, status=400)

    @classmethod
    def reservation_not_found(cls):
        return cls(
            ParkingErrorCode.RESERVATION_NOT_FOUND, _("This booking was not found."), status=404
        )

    @classmethod
    def reservation_wrong_state(cls, *, status: str):
        return cls(
            ParkingErrorCode.RESERVATION_WRONG_STATE,
            _("This booking cannot be changed any more."),
            status=409,
            extra={"status": status},
        )

    @classmethod
    def reservation_started(cls):
        return cls(
            ParkingErrorCode.RESERVATION_STARTED,
            _("This booking has already started, so it can no longer be cancelled."),
            status=409,
        )

    @classmethod
    def reservation_ended(cls):
        return cls(
            ParkingErrorCode.RESERVATION_ENDED,
            _("This booking has already ended."),
            status=409,
        )

    @classmethod
    def host_not_linked(cls):
        return cls(
            ParkingErrorCode.HOST_NOT_LINKED,
            _(
                "Your account is not linked to a parking host yet. Ask the city's parking office "
                "to link it."
            ),
            status=403,
        )
