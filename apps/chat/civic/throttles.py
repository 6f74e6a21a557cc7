"""Filing civil requests is rate-limited on its own: reading the open list is cheap, but each new
request lands in an officer's queue. A person (logged in) or an IP address gets
``DEFAULT_THROTTLE_RATES["civil_request"]``; a third-party app with an api_key, which files for
many residents, gets ``["civil_request_key"]`` per key. Like every throttle it fails open when the
cache is down."""

from __future__ import annotations

import logging

from rest_framework import throttling

from apps.core.open_data import open_data_key_hash

logger = logging.getLogger(__name__)


def api_key_of(request) -> str:
    """The api_key a client sent: GeoReport v2's ``api_key`` parameter, or ``X-Api-Key``."""
    key = request.META.get("HTTP_X_API_KEY", "") or request.query_params.get("api_key", "")
    if not key and request.method == "POST":
        try:
            key = request.data.get("api_key", "") or ""
        except AttributeError:  # a JSON list body
            key = ""
    return str(key).strip()


class CivilRequestCreateThrottle(throttling.SimpleRateThrottle):
    scope = "civil_request"

    def get_rate(self):
        # read at each request (DRF freezes class attributes at import): settings changes apply
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        user = getattr(request, "user", None)
        key = api_key_of(request)
        if user is not None and user.is_authenticated:
            self._ident = f"user:{user.pk}"
        elif key:
            from rest_framework.settings import api_settings

            self.rate = api_settings.DEFAULT_THROTTLE_RATES.get("civil_request_key")
            self.num_requests, self.duration = self.parse_rate(self.rate)
            self._ident = f"key:{open_data_key_hash(key=key)[:32]}"
        else:
            self._ident = f"ip:{self.get_ident(request)}"
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache outage must not stop residents reporting a problem
            logger.warning(
                "civil-request rate limit skipped: the cache is unavailable", exc_info=True
            )
            return True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self._ident}
