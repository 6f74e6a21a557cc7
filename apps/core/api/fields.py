"""Input fields every app shares: a point as ``lat,lon``, an ISO 8601 time within sane bounds and
a wall-clock ``HH:MM``; and the rule that text fields take text."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Far enough for any timetable, booking or record; near enough that converting between time zones
# never leaves Python's calendar (9999-12-31T23:59:59-12:00 overflowed in the planner).
EARLIEST = datetime(1900, 1, 1)
LATEST = datetime(2200, 1, 1)


class LatLonField(serializers.CharField):
    """``lat,lon`` in WGS84 degrees."""

    default_error_messages = {
        "latlon": _("Give a point as lat,lon (for example 35.2285,128.8894)."),
    }

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            lat_s, lon_s = text.split(",")
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            self.fail("latlon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also refuses nan and inf
            self.fail("latlon")
        return (lat, lon)


class IsoDateTimeField(serializers.CharField):
    """ISO 8601; a time without an offset is read by the caller in its own zone (e.g. the feed's)."""

    default_error_messages = {
        "iso": _("Give a time in ISO 8601, for example 2025-03-02T08:30:00+09:00."),
        "range": _("Give a time between the years 1900 and 2199."),
    }

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            # a "+" in a query string arrives as a space
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            self.fail("iso")
        if not EARLIEST <= moment.replace(tzinfo=None) <= LATEST:
            self.fail("range")
        return moment


HOUR_MINUTE_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


@extend_schema_field(
    {"type": "string", "pattern": HOUR_MINUTE_PATTERN, "example": "22:30"},
)
class HourMinuteField(serializers.TimeField):
    """A local wall-clock time as ``HH:MM`` both ways. Not OpenAPI's ``format: time``: that is
    RFC 3339 with seconds and an offset, while quiet hours and opening times are local clock
    readings that a phone shows and parses as they are."""

    default_error_messages = {
        "hour_minute": _("Give a time as HH:MM, for example 22:30."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M"])
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not (isinstance(value, str) and re.fullmatch(HOUR_MINUTE_PATTERN, value)):
            self.fail("hour_minute")
        return super().to_internal_value(value)


_char_field_to_internal_value = serializers.CharField.to_internal_value


def _text_only(self, data):
    # DRF turns a JSON number into text ({"code": 123} → "123"); the schema says string, so a
    # number is refused like any other wrong type. Query strings and form fields are text anyway.
    if not isinstance(data, str):
        self.fail("invalid")
    return _char_field_to_internal_value(self, data)


def refuse_numbers_as_text() -> None:
    """Called once from CoreConfig.ready(): every CharField (and its subclasses) takes text only."""
    serializers.CharField.to_internal_value = _text_only
