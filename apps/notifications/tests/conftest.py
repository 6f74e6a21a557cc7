from unittest import mock

import pytest
from firebase_admin import messaging

from apps.notifications import fcm


@pytest.fixture
def pushed(monkeypatch):
    """Captures what the app hands to Django's event layer (after commit)."""
    events: list[tuple[str, str, dict]] = []
    monkeypatch.setattr(
        "apps.core.events.send_now", lambda group, event, data: events.append((group, event, data))
    )
    return events


class FakeFcm:
    """firebase_admin.messaging at the boundary: records messages, answers per token."""

    def __init__(self):
        self.sent: list[messaging.Message] = []
        self.failures: dict[str, Exception] = {}

    def send_each(self, messages, dry_run=False, app=None):
        self.sent.extend(messages)
        responses = []
        for message in messages:
            error = self.failures.get(message.token)
            responses.append(mock.Mock(success=error is None, exception=error))
        return mock.Mock(responses=responses)

    @property
    def tokens(self) -> list[str]:
        return [message.token for message in self.sent]


@pytest.fixture
def fake_fcm(settings, monkeypatch):
    settings.FCM_CREDENTIALS_FILE = "/run/secrets/fcm-service-account.json"
    monkeypatch.setattr(fcm, "_app", None)
    certificate = mock.Mock(name="Certificate")
    monkeypatch.setattr(fcm.credentials, "Certificate", certificate)
    monkeypatch.setattr(fcm.firebase_admin, "get_app", mock.Mock(side_effect=ValueError))
    initialize = mock.Mock(name="initialize_app", return_value=mock.sentinel.firebase_app)
    monkeypatch.setattr(fcm.firebase_admin, "initialize_app", initialize)
    fake = FakeFcm()
    monkeypatch.setattr(messaging, "send_each", fake.send_each)
    fake.initialize_app = initialize
    fake.certificate = certificate
    return fake
