from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError


class TransitError(ApplicationError):
    @classmethod
    def feed_not_found(cls, *, name: str | None = None):
        return cls(
            "transit.feed_not_found",
            _("No timetable is loaded for this feed."),
            status=404,
            extra={"feed": name} if name else {},
        )

    @classmethod
    def stop_not_found(cls, *, stop_id: str):
        return cls(
            "transit.stop_not_found",
            _("No stop has this ID."),
            status=404,
            extra={"stop_id": stop_id},
        )

    @classmethod
    def route_not_found(cls, *, route_id: str):
        return cls(
            "transit.route_not_found",
            _("No route has this ID."),
            status=404,
            extra={"route_id": route_id},
        )

    @classmethod
    def no_stops_nearby(cls, *, which: str, max_walk_m: int):
        return cls(
            "transit.no_stops_nearby",
            _("There is no stop within walking distance of this place."),
            status=400,
            extra={"which": which, "max_walk_m": max_walk_m},
        )

    @classmethod
    def outside_service_dates(cls):
        return cls(
            "transit.outside_service_dates",
            _("The timetable has no service on this date."),
            status=400,
        )


class GtfsImportError(ApplicationError):
    """A feed failed validation; nothing was written. ``problems`` lists (file, line, message)."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(
            "transit.gtfs_invalid",
            _("The GTFS feed is not valid: %(count)d problem(s).") % {"count": len(problems)},
            status=400,
            extra={
                "problems": [
                    {"file": p.file, "line": p.line, "message": p.message} for p in problems[:100]
                ]
            },
        )
