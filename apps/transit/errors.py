from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class TransitErrorCode(ErrorCode):
    FAVOURITE_NOT_FOUND = "transit.favourite_not_found"
    FEED_NOT_FOUND = "transit.feed_not_found"
    GTFS_INVALID = "transit.gtfs_invalid"
    NO_STOPS_NEARBY = "transit.no_stops_nearby"
    OUTSIDE_SERVICE_DATES = "transit.outside_service_dates"
    PURCHASE_TOKEN_INVALID = "transit.purchase_token_invalid"
    ROUTE_NOT_FOUND = "transit.route_not_found"
    STOP_NOT_FOUND = "transit.stop_not_found"
    STOP_REQUIRED_WITHOUT_WALKING = "transit.stop_required_without_walking"
    TICKET_NOT_FOUND = "transit.ticket_not_found"
    TOO_MANY_FAVOURITES = "transit.too_many_favourites"
    TICKET_NOT_REFUNDABLE = "transit.ticket_not_refundable"
    TRIP_DEPARTED = "transit.trip_departed"
    TRIP_NOT_PURCHASABLE = "transit.trip_not_purchasable"
    UNKNOWN_RIDER_CATEGORY = "transit.unknown_rider_category"


class TransitError(ApplicationError):
    @classmethod
    def feed_not_found(cls, *, name: str | None = None):
        return cls(
            TransitErrorCode.FEED_NOT_FOUND,
            _("No timetable is loaded for this feed."),
            status=404,
            extra={"feed": name} if name else {},
        )

    @classmethod
    def stop_not_found(cls, *, stop_id: str):
        return cls(
            TransitErrorCode.STOP_NOT_FOUND,
            _("No stop has this ID."),
            status=404,
            extra={"stop_id": stop_id},
        )

    @classmethod
    def route_not_found(cls, *, route_id: str):
        return cls(
            TransitErrorCode.ROUTE_NOT_FOUND,
            _("No route has this ID."),
            status=404,
            extra={"route_id": route_id},
        )

    @classmethod
    def no_stops_nearby(cls, *, which: str, max_walk_m: int):
        return cls(
            TransitErrorCode.NO_STOPS_NEARBY,
            _("There is no stop within walking distance of this place."),
            status=400,
            extra={"which": which, "max_walk_m": max_walk_m},
        )

    @classmethod
    def stop_required_without_walking(cls, *, which: str):
        # max_walk_m=0 promises no walking at all, and a point on the map is a walk from any stop
        return cls(
            TransitErrorCode.STOP_REQUIRED_WITHOUT_WALKING,
            _(
                "Without walking (max_walk_m=0), start and end at a stop: give from_stop and to_stop."
            ),
            status=400,
            extra={"which": which},
        )

    @classmethod
    def outside_service_dates(cls):
        return cls(
            TransitErrorCode.OUTSIDE_SERVICE_DATES,
            _("The timetable has no service on this date."),
            status=400,
        )


class GtfsImportError(ApplicationError):
    """A feed could not be imported; nothing was written. ``problems`` lists the fatal findings
    (file, line, message, notice code, severity); ``report`` counts every finding by notice code.
    ``strict`` says the feed was refused only for warnings, in a strict import."""

    def __init__(self, problems: list, *, report: dict | None = None, strict: bool = False):
        self.problems = problems
        self.report = report or {}
        self.strict = strict
        if strict:
            message = _("The GTFS feed was refused: %(count)d warning(s) in a strict import.") % {
                "count": len(problems)
            }
        else:
            message = _("The GTFS feed is not valid: %(count)d problem(s).") % {
                "count": len(problems)
            }
        super().__init__(
            TransitErrorCode.GTFS_INVALID,
            message,
            status=400,
            extra={
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "message": p.message,
                        "code": getattr(p, "code", ""),
                        "severity": str(getattr(p, "severity", "error")),
                    }
                    for p in problems[:100]
                ],
                "counts": self.report.get("counts", {}),
            },
        )
