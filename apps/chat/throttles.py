"""The chat's own rate limit (CHAT_ASK_RATE, per person, or per IP without a login): every question
runs retrieval, so it is tighter than the API's general limit. HTTP answers 429 with Retry-After
(the envelope's ``throttled``); the WebSocket answers a ``chat.error`` event with the same code.
Like every throttle, it fails open when the cache is down."""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework import throttling

logger = logging.getLogger(__name__)


class ChatAskThrottle(throttling.SimpleRateThrottle):
    scope = "chat_ask"

    def get_rate(self):
        return settings.CHAT_ASK_RATE  # read at each request: settings changes apply

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user:{user.pk}" if user is not None and user.is_authenticated else None
        return self.key_for(ident or f"ip:{self.get_ident(request)}")

    def key_for(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("chat rate limit skipped: the cache is unavailable", exc_info=True)
            return True

    def allow_ident(self, ident: str) -> bool:
        """The same limit for a WebSocket message (no DRF request there)."""
        self.key = self.key_for(ident)
        try:
            self.history = self.cache.get(self.key, [])
            self.now = self.timer()
            while self.history and self.history[-1] <= self.now - self.duration:
                self.history.pop()
            if len(self.history) >= self.num_requests:
                return self.throttle_failure()
            return self.throttle_success()
        except Exception:
            logger.warning("chat rate limit skipped: the cache is unavailable", exc_info=True)
            return True
