from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class RentalErrorCode(ErrorCode):
    COUPON_INVALID = "rentals.coupon_invalid"
    COUPON_USED = "rentals.coupon_used"
    COURSE_NOT_FOUND = "rentals.course_not_found"
    LOCATION_REQUIRED = "rentals.location_required"
    NOT_AT_RETURN_PLACE = "rentals.not_at_return_place"
    PHOTO_REQUIRED = "rentals.photo_required"
    RENTAL_NOT_FOUND = "rentals.rental_not_found"
    RESERVATION_EXPIRED = "rentals.reservation_expired"
    RETURN_NOT_ALLOWED_HERE = "rentals.return_not_allowed_here"
    RETURN_PLACE_REQUIRED = "rentals.return_place_required"
    RETURN_TARGET_CONFLICT = "rentals.return_target_conflict"
    SPOT_FULL = "rentals.spot_full"
    SPOT_NOT_FOUND = "rentals.spot_not_found"
    STATION_FULL = "rentals.station_full"
    STATION_NOT_FOUND = "rentals.station_not_found"
    STATION_NOT_RETURNING = "rentals.station_not_returning"
    TOO_MANY_RENTALS = "rentals.too_many_rentals"
    VEHICLE_NOT_FOUND = "rentals.vehicle_not_found"
    VEHICLE_RESERVED = "rentals.vehicle_reserved"
    VEHICLE_TYPE_NOT_FOUND = "rentals.vehicle_type_not_found"
    VEHICLE_UNAVAILABLE = "rentals.vehicle_unavailable"
    WRONG_STATE = "rentals.wrong_state"


class RentalError(ApplicationError):
    @classmethod
    def vehicle_not_found(cls):
        return cls(RentalErrorCode.VEHICLE_NOT_FOUND, _("No vehicle has this code."), status=404)

    @classmethod
    def vehicle_unavailable(cls):
        return cls(
            RentalErrorCode.VEHICLE_UNAVAILABLE,
            _("This vehicle is not available. Please choose another one."),
            status=409,
        )

    @classmethod
    def vehicle_reserved_by_other(cls):
        return cls(
            RentalErrorCode.VEHICLE_RESERVED,
            _("Someone else has reserved this vehicle. Please choose another one."),
            status=409,
        )

    @classmethod
    def too_many_rentals(cls, *, limit: int):
        return cls(
            RentalErrorCode.TOO_MANY_RENTALS,
            _("You can rent at most %(limit)d vehicles at a time.") % {"limit": limit},
            status=409,
            extra={"limit": limit},
        )

    @classmethod
    def rental_not_found(cls):
        return cls(RentalErrorCode.RENTAL_NOT_FOUND, _("This rental was not found."), status=404)

    @classmethod
    def station_not_found(cls):
        return cls(RentalErrorCode.STATION_NOT_FOUND, _("This station was not found."), status=404)

    @classmethod
    def course_not_found(cls):
        return cls(
            RentalErrorCode.COURSE_NOT_FOUND, _("This tour course was not found."), status=404
        )

    @classmethod
    def spot_not_found(cls):
        return cls(
            RentalErrorCode.SPOT_NOT_FOUND, _("This parking spot was not found."), status=404
        )

    @classmethod
    def wrong_state(cls):
        return cls(
            RentalErrorCode.WRONG_STATE,
            _("This rental cannot do that now (it may have ended already)."),
            status=409,
        )

    @classmethod
    def reservation_expired(cls):
        return cls(
            RentalErrorCode.RESERVATION_EXPIRED,
            _("Your reservation has expired. Please reserve or unlock the vehicle again."),
            status=409,
        )

    @classmethod
    def return_target_conflict(cls):
        return cls(
            RentalErrorCode.RETURN_TARGET_CONFLICT,
            _("Choose either a station or a parking spot, not both."),
            status=400,
        )

    @classmethod
    def station_not_returning(cls, *, suggestions: list[dict]):
        return cls(
            RentalErrorCode.STATION_NOT_RETURNING,
            _("This station does not accept returns right now. Please return at a nearby station."),
            status=409,
            extra={"suggestions": suggestions},
        )

    @classmethod
    def station_full(cls, *, suggestions: list[dict]):
        return cls(
            RentalErrorCode.STATION_FULL,
            _("This station has no free dock. Please return at a nearby station with free docks."),
            status=409,
            extra={"suggestions": suggestions},
        )

    @classmethod
    def spot_full(cls, *, suggestions: list[dict]):
        return cls(
            RentalErrorCode.SPOT_FULL,
            _("This parking spot is full. Please use a nearby spot with free space."),
            status=409,
            extra={"suggestions": suggestions},
        )

    @classmethod
    def not_at_place(cls, *, distance_m: int, suggestions: list[dict]):
        return cls(
            RentalErrorCode.NOT_AT_RETURN_PLACE,
            _(
                "You are %(distance)d m away from the return place. Park inside the marked area "
                "and try again."
            )
            % {"distance": distance_m},
            status=409,
            extra={"distance_m": distance_m, "suggestions": suggestions},
        )

    @classmethod
    def location_required(cls):
        return cls(
            RentalErrorCode.LOCATION_REQUIRED,
            _("Send your current location to end the ride."),
            status=400,
        )

    @classmethod
    def return_place_required(cls, *, suggestions: list[dict]):
        return cls(
            RentalErrorCode.RETURN_PLACE_REQUIRED,
            _("This vehicle must be returned at a station or a niche parking spot."),
            status=409,
            extra={"suggestions": suggestions},
        )

    @classmethod
    def zone_forbids_parking(cls, *, zone: str, kind: str, suggestions: list[dict]):
        if kind == "no_ride":
            message = _(
                "You cannot ride or park in %(zone)s. Please move out of the zone and park at one of "
                "the suggested places."
            )
        elif kind == "parking_only":
            message = _(
                "In %(zone)s vehicles may only be parked at a station or a niche parking spot. "
                "Please use one of the suggested places."
            )
        else:
            message = _(
                "Parking is not allowed in %(zone)s. Please park at one of the suggested places."
            )
        return cls(
            RentalErrorCode.RETURN_NOT_ALLOWED_HERE,
            message % {"zone": zone},
            status=409,
            extra={"zone": zone, "zone_kind": kind, "suggestions": suggestions},
        )

    @classmethod
    def photo_required(cls):
        return cls(
            RentalErrorCode.PHOTO_REQUIRED,
            _("Take a photo of the parked vehicle to end the ride here."),
            status=400,
        )

    @classmethod
    def coupon_invalid(cls):
        return cls(
            RentalErrorCode.COUPON_INVALID,
            _("This coupon code is not valid or has expired."),
            status=400,
        )

    @classmethod
    def coupon_used(cls):
        return cls(
            RentalErrorCode.COUPON_USED,
            _("This coupon has already been used."),
            status=409,
        )

    @classmethod
    def vehicle_type_not_found(cls):
        return cls(
            RentalErrorCode.VEHICLE_TYPE_NOT_FOUND,
            _("This vehicle type was not found."),
            status=404,
        )
