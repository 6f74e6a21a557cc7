"""Open data (timetables, plans, stations, places, GBFS, GTFS-Realtime) has its own rate limit.

Many phones share one carrier IP (CGNAT), so the anonymous API limit would refuse a whole
neighbourhood; open data gets a larger per-IP allowance (``IEUM_THROTTLE_OPEN_DATA``, after the
proxy rule), and a registered consumer — a journey-planner app, a city dashboard — sends its key in
``X-Api-Key`` and is limited per key at the rate staff set in admin (Core → Open-data consumers).
Like every throttle, it fails open when the cache is down.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.http import JsonResponse
from rest_framework import throttling

logger = logging.getLogger(__name__)

KEY_HEADER = "X-Api-Key"
KEY_PREFIX = "od_"


def open_data_key_new() -> tuple[str, str]:
    """A new consumer key and the hash stored for it (the key is shown once)."""
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    return key, open_data_key_hash(key=key)


def open_data_key_hash(*, key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class OpenDataRateThrottle(throttling.SimpleRateThrottle):
    scope = "open_data"

    def get_rate(self):
        # read at each request (DRF's class attribute is frozen at import): settings changes apply
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        consumer = _consumer(request)
        if consumer is not None:
            self.rate = consumer.rate
            self.num_requests, self.duration = self.parse_rate(self.rate)
            self._ident = f"key:{consumer.pk}"
        else:
            self._ident = f"ip:{self.get_ident(request)}"
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache outage must not take open data down
            logger.warning("open-data rate limit skipped: the cache is unavailable", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self._ident}


def _consumer(request):
    key = request.META.get("HTTP_X_API_KEY", "").strip()
    if not key:
        return None
    from .models import OpenDataConsumer

    return OpenDataConsumer.objects.filter(
        key_hash=open_data_key_hash(key=key), is_active=True
    ).first()


def open_data_throttled(view_func):
    """The same limit for plain Django views (GBFS, GTFS-Realtime): a 429 with Retry-After, in
    the surface's own error shape (apps.core.errors.PROTOCOL_SHAPES)."""
    from functools import wraps

    from django.utils.translation import gettext as _
    from rest_framework.request import Request

    from .errors import CoreErrorCode, envelope, protocol_shape

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        throttle = OpenDataRateThrottle()
        if not throttle.allow_request(Request(request), None):
            message = _("Too many requests. Please try again later.")
            shape = protocol_shape(request.path)
            response = (
                shape(429, CoreErrorCode.THROTTLED, str(message))
                if shape is not None
                else JsonResponse(envelope(CoreErrorCode.THROTTLED, message), status=429)
            )
            response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
            return response
        return view_func(request, *args, **kwargs)

    return wrapper
