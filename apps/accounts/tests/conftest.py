import re

import pytest

from apps.accounts.sms import MemorySmsBackend


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "apps.accounts.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox = []


@pytest.fixture
def last_code(sms_outbox):
    """last_code("+821012345678") → the 6-digit code last texted to that number."""

    def read(phone: str) -> str:
        for message in reversed(sms_outbox):
            if message.to == phone:
                return re.search(r"(?<!\d)(\d{6})(?!\d)", message.text).group(1)
        raise AssertionError(f"no SMS to {phone}")

    return read


@pytest.fixture
def signup(api_client, sms_outbox, last_code):
    """signup(phone, **fields) → the otp/verify response of a fresh sign-up."""

    def run(phone="010-1234-5678", **fields):
        response = api_client.post("/api/v1/accounts/otp/request/", {"phone": phone})
        assert response.status_code == 202, response.json()
        e164 = response.json()["phone"]
        body = {"phone": phone, "code": last_code(e164), "consents": ["terms", "privacy"]}
        body.update(fields)
        return api_client.post("/api/v1/accounts/otp/verify/", body)

    return run
