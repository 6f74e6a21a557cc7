from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class LogisticsErrorCode(ErrorCode):
    PHONE_NOT_VERIFIED = "logistics.phone_not_verified"
    LOCATION_CONSENT_REQUIRED = "logistics.location_consent_required"
    ADDRESS_NOT_FOUND = "logistics.address_not_found"
    OUTSIDE_SERVICE_AREA = "logistics.outside_service_area"
    MODE_NOT_POSSIBLE = "logistics.mode_not_possible"
    ADDRESS_NOT_REGISTERED = "logistics.address_not_registered"
    PHONE_INVALID = "logistics.phone_invalid"
    HUB_NOT_FOUND = "logistics.hub_not_found"
    NO_FREE_LOCKER = "logistics.no_free_locker"
    PARCEL_NOT_FOUND = "logistics.parcel_not_found"
    PARCEL_NOT_WAITING = "logistics.parcel_not_waiting"
    PICKUP_CODE_INVALID = "logistics.pickup_code_invalid"
    HANDOVER_CODE_INVALID = "logistics.handover_code_invalid"
    MISSION_NOT_FOUND = "logistics.mission_not_found"
    TRANSITION_NOT_ALLOWED = "logistics.transition_not_allowed"
    NO_MACHINE_AVAILABLE = "logistics.no_machine_available"
    MACHINE_NOT_FOUND = "logistics.machine_not_found"
    EVENT_NOT_ALLOWED = "logistics.event_not_allowed"


class LogisticsError(ApplicationError):
    @classmethod
    def phone_not_verified(cls):
        return cls(
            LogisticsErrorCode.PHONE_NOT_VERIFIED,
            _("Log in with your mobile number and its one-time code to register an address."),
            status=403,
        )

    @classmethod
    def location_consent_required(cls):
        return cls(
            LogisticsErrorCode.LOCATION_CONSENT_REQUIRED,
            _(
                "A delivery address is location information: agree to the use of location "
                "information in Settings first."
            ),
            status=403,
            extra={"consent": "location"},
        )

    @classmethod
    def address_not_found(cls):
        return cls(
            LogisticsErrorCode.ADDRESS_NOT_FOUND,
            _("This address could not be found. Check the road name and the building number."),
            status=400,
        )

    @classmethod
    def outside_service_area(cls):
        return cls(
            LogisticsErrorCode.OUTSIDE_SERVICE_AREA,
            _(
                "This address is outside the parcel service area, so it cannot be registered. "
                "Nothing was saved."
            ),
            status=422,
        )

    @classmethod
    def mode_not_possible(cls, *, mode: str):
        return cls(
            LogisticsErrorCode.MODE_NOT_POSSIBLE,
            _("This delivery option is not possible at your address. Choose another one."),
            status=400,
            extra={"mode": mode},
        )

    @classmethod
    def address_not_registered(cls):
        return cls(
            LogisticsErrorCode.ADDRESS_NOT_REGISTERED,
            _("You have not registered a delivery address yet."),
            status=404,
        )

    @classmethod
    def phone_invalid(cls):
        return cls(
            LogisticsErrorCode.PHONE_INVALID,
            _("Enter the recipient's mobile number, e.g. 010-1234-5678."),
            status=400,
        )

    @classmethod
    def hub_not_found(cls):
        return cls(LogisticsErrorCode.HUB_NOT_FOUND, _("This hub was not found."), status=404)

    @classmethod
    def no_free_locker(cls):
        return cls(
            LogisticsErrorCode.NO_FREE_LOCKER,
            _("No free locker fits this parcel now. Keep it at the counter and try again later."),
            status=409,
        )

    @classmethod
    def parcel_not_found(cls):
        return cls(LogisticsErrorCode.PARCEL_NOT_FOUND, _("This parcel was not found."), status=404)

    @classmethod
    def parcel_not_waiting(cls):
        return cls(
            LogisticsErrorCode.PARCEL_NOT_WAITING,
            _("This parcel is not waiting in a locker."),
            status=409,
        )

    @classmethod
    def pickup_code_invalid(cls):
        return cls(
            LogisticsErrorCode.PICKUP_CODE_INVALID,
            _("The pick-up code is not right."),
            status=400,
        )

    @classmethod
    def handover_code_invalid(cls):
        return cls(
            LogisticsErrorCode.HANDOVER_CODE_INVALID,
            _("The hand-over code is not right."),
            status=400,
        )

    @classmethod
    def mission_not_found(cls):
        return cls(
            LogisticsErrorCode.MISSION_NOT_FOUND, _("This mission was not found."), status=404
        )

    @classmethod
    def transition_not_allowed(cls, *, current: str, wanted: str):
        return cls(
            LogisticsErrorCode.TRANSITION_NOT_ALLOWED,
            _("A mission cannot go from “%(current)s” to “%(wanted)s”.")
            % {"current": current, "wanted": wanted},
            status=409,
            extra={"current": current, "wanted": wanted},
        )

    @classmethod
    def no_machine_available(cls):
        return cls(
            LogisticsErrorCode.NO_MACHINE_AVAILABLE,
            _("No machine for this delivery option is free, charged and strong enough now."),
            status=409,
        )

    @classmethod
    def machine_not_found(cls):
        return cls(
            LogisticsErrorCode.MACHINE_NOT_FOUND, _("This machine was not found."), status=404
        )

    @classmethod
    def event_not_allowed(cls, *, event: str):
        return cls(
            LogisticsErrorCode.EVENT_NOT_ALLOWED,
            _("This event does not fit the mission's current state."),
            status=409,
            extra={"event": event},
        )
