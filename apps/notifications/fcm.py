"""Phone push through Firebase Cloud Messaging (firebase-admin).

On when ``settings.FCM_CREDENTIALS_FILE`` names a service-account file; otherwise a stand-in that
only logs, so the embedded default needs no Google account. The inbox and WebSocket work either way.
"""

from __future__ import annotations

import json
import logging
import threading
import warnings
from dataclasses import dataclass

import firebase_admin
from django.conf import settings
from firebase_admin import credentials, exceptions, messaging

logger = logging.getLogger(__name__)

APP_NAME = "ieum"
BATCH_SIZE = 500  # FCM's limit for one send_each call

_lock = threading.Lock()
_app: firebase_admin.App | None = None


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    data: dict[str, str]


def enabled() -> bool:
    return bool(settings.FCM_CREDENTIALS_FILE)


def _firebase_app() -> firebase_admin.App:
    global _app
    with _lock:
        if _app is None:
            try:
                _app = firebase_admin.get_app(APP_NAME)
            except ValueError:
                cert = credentials.Certificate(settings.FCM_CREDENTIALS_FILE)
                _app = firebase_admin.initialize_app(cert, name=APP_NAME)
        return _app


def _is_invalid_token(exc: Exception | None) -> bool:
    # The token will never work again: the app was uninstalled, or it belongs to another project,
    # or FCM says it is malformed.
    return isinstance(
        exc,
        messaging.UnregisteredError
        | messaging.SenderIdMismatchError
        | exceptions.InvalidArgumentError,
    )


def string_data(data: dict) -> dict[str, str]:
    """FCM data values must be strings: keep strings, JSON-encode the rest."""
    return {
        str(key): value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in data.items()
    }


def send(tokens: list[str], message: PushMessage) -> list[str]:
    """Send ``message`` to every token; return the tokens FCM says are no longer valid."""
    if not tokens:
        return []
    if not enabled():
        logger.info("FCM off: would push %r to %d device(s)", message.title, len(tokens))
        return []
    app = _firebase_app()
    invalid: list[str] = []
    for start in range(0, len(tokens), BATCH_SIZE):
        batch = tokens[start : start + BATCH_SIZE]
        with warnings.catch_warnings():
            # firebase-admin 7.7 prefers installation ids (fid), but the client SDKs' getToken()
            # still hands out registration tokens, which FCM keeps accepting as `token`.
            warnings.filterwarnings("ignore", "Message.token is deprecated", DeprecationWarning)
            messages = [
                messaging.Message(
                    token=token,
                    notification=messaging.Notification(title=message.title, body=message.body),
                    data=message.data,
                )
                for token in batch
            ]
        result = messaging.send_each(messages, app=app)
        for token, response in zip(batch, result.responses, strict=True):
            if response.success:
                continue
            if _is_invalid_token(response.exception):
                invalid.append(token)
            else:
                logger.warning("FCM send to %s… failed: %s", token[:12], response.exception)
    return invalid
