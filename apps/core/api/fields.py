"""Input fields every app shares: a point as ``lat,lon`` and an ISO 8601 time within sane bounds."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
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
