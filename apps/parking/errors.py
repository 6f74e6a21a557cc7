from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class ParkingErrorCode(ErrorCode):
    LOT_NOT_FOUND = "parking.lot_not_found"


class ParkingError(ApplicationError):
    @classmethod
    def lot_not_found(cls):
        return cls(ParkingErrorCode.LOT_NOT_FOUND, _("This parking lot was not found."), status=404)
