"""Why a civil request was refused. Under /open311/ these leave in GeoReport v2's error shape
(``[{"code": <HTTP status>, "description": ...}]``), elsewhere in Ieum's envelope."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class CivilRequestErrorCode(ErrorCode):
    CATEGORY_NOT_FOUND = "civic.category_not_found"
    REQUEST_NOT_FOUND = "civic.request_not_found"
    LOCATION_REQUIRED = "civic.location_required"
    OUTSIDE_AREA = "civic.outside_area"
    DESCRIPTION_REQUIRED = "civic.description_required"
    PHOTO_REQUIRED = "civic.photo_required"
    ATTRIBUTE_INVALID = "civic.attribute_invalid"
    API_KEY_REQUIRED = "civic.api_key_required"
    API_KEY_INVALID = "civic.api_key_invalid"
    DATE_RANGE_INVALID = "civic.date_range_invalid"
    STATUS_CHANGE_NOT_ALLOWED = "civic.status_change_not_allowed"
    NOTE_REQUIRED = "civic.note_required"
    DEPARTMENT_NOT_FOUND = "civic.department_not_found"
    NOTHING_CHANGED = "civic.nothing_changed"


C = CivilRequestErrorCode


class CivilRequestError(ApplicationError):
    @classmethod
    def category_not_found(cls):
        return cls(
            C.CATEGORY_NOT_FOUND, _("This kind of civil request does not exist."), status=404
        )

    @classmethod
    def request_not_found(cls):
        return cls(C.REQUEST_NOT_FOUND, _("This civil request was not found."), status=404)

    @classmethod
    def location_required(cls):
        return cls(
            C.LOCATION_REQUIRED,
            _("Say where it is: a point on the map (lat and long) or an address."),
            status=400,
        )

    @classmethod
    def outside_area(cls):
        return cls(
            C.OUTSIDE_AREA,
            _("This place is outside Gimhae. Civil requests here are for places in Gimhae."),
            status=400,
        )

    @classmethod
    def description_required(cls):
        return cls(C.DESCRIPTION_REQUIRED, _("Describe the problem in a few words."), status=400)

    @classmethod
    def photo_required(cls):
        return cls(C.PHOTO_REQUIRED, _("Add a photo for this kind of request."), status=400)

    @classmethod
    def attribute_invalid(cls, *, code: str, reason: str):
        return cls(
            C.ATTRIBUTE_INVALID,
            _("The answer to “%(code)s” is not valid: %(reason)s")
            % {"code": code, "reason": reason},
            status=400,
            extra={"attribute": code},
        )

    @classmethod
    def api_key_required(cls):
        return cls(
            C.API_KEY_REQUIRED,
            _("Send your api_key (or X-Api-Key), or log in, to file a civil request."),
            status=403,
        )

    @classmethod
    def api_key_invalid(cls):
        return cls(C.API_KEY_INVALID, _("This api_key is not valid."), status=403)

    @classmethod
    def date_range_invalid(cls, *, max_days: int):
        return cls(
            C.DATE_RANGE_INVALID,
            _("Give start_date before end_date, at most %(days)d days apart.") % {"days": max_days},
            status=400,
        )

    @classmethod
    def status_change_not_allowed(cls, *, current: str, wanted: str):
        return cls(
            C.STATUS_CHANGE_NOT_ALLOWED,
            _("A request that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": current, "wanted": wanted},
            status=409,
        )

    @classmethod
    def note_required(cls):
        return cls(
            C.NOTE_REQUIRED,
            _("Write a note for the requester saying why the request is not accepted."),
            status=400,
        )

    @classmethod
    def department_not_found(cls):
        return cls(C.DEPARTMENT_NOT_FOUND, _("This department does not exist."), status=400)

    @classmethod
    def nothing_changed(cls):
        return cls(
            C.NOTHING_CHANGED,
            _("Nothing to change: choose a new status or department, or write a note."),
            status=400,
        )
