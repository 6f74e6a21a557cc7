from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.transit.errors import TransitErrorCode


class LiveError(ApplicationError):
    @classmethod
    def too_many_favourites(cls, *, limit: int):
        return cls(
            TransitErrorCode.TOO_MANY_FAVOURITES,
            _("You can keep at most %(limit)d favourite stops.") % {"limit": limit},
            status=400,
            extra={"limit": limit},
        )

    @classmethod
    def favourite_not_found(cls, *, stop_id: str):
        return cls(
            TransitErrorCode.FAVOURITE_NOT_FOUND,
            _("This stop is not among your favourites."),
            status=404,
            extra={"stop_id": stop_id},
        )
