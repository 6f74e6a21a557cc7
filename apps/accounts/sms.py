"""Sending SMS: a small backend interface chosen by settings.SMS_BACKEND.

- ConsoleSmsBackend (the embedded default) writes the message to the server log;
- MemorySmsBackend keeps an outbox list, for tests (like Django's locmem e-mail backend);
- SolapiSmsBackend sends through Solapi's REST API (used when SMS_API_KEY is set).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import requests
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsDeliveryError(Exception):
    pass


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    text: str


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s: %s", message.to, message.text)


class MemorySmsBackend(BaseSmsBackend):
    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> None:
        MemorySmsBackend.outbox.append(message)


def _domestic(e164: str) -> str:
    """+821012345678 → 01012345678, the form Korean SMS providers expect."""
    return "0" + e164[3:] if e164.startswith("+82") else e164.lstrip("+")


class SolapiSmsBackend(BaseSmsBackend):
    """Solapi (solapi.com) message API v4, authenticated with HMAC-SHA256 over date + salt."""

    url = "https://api.solapi.com/messages/v4/send"
    timeout = 10

    def __init__(self, api_key: str | None = None, api_secret: str | None = None, sender=None):
        self.api_key = api_key or settings.SMS_API_KEY
        self.api_secret = api_secret or settings.SMS_API_SECRET
        self.sender = sender or settings.SMS_SENDER_NUMBER

    def authorization(self, *, date: str | None = None, salt: str | None = None) -> str:
        date = date or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        salt = salt or secrets.token_hex(16)
        signature = hmac.new(
            self.api_secret.encode(), (date + salt).encode(), hashlib.sha256
        ).hexdigest()
        return f"HMAC-SHA256 apiKey={self.api_key}, date={date}, salt={salt}, signature={signature}"

    def send(self, message: SmsMessage) -> None:
        body = {
            "message": {
                "to": _domestic(message.to),
                "from": _domestic(self.sender) if self.sender.startswith("+") else self.sender,
                "text": message.text,
            }
        }
        try:
            response = requests.post(
                self.url,
                json=body,
                headers={"Authorization": self.authorization()},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise SmsDeliveryError(str(exc)) from exc
        if response.status_code >= 300:
            raise SmsDeliveryError(f"solapi {response.status_code}: {response.text[:200]}")


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, text: str) -> None:
    get_backend().send(SmsMessage(to=to, text=text))
