import pytest

from apps.accounts.sms import MemorySmsBackend


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "apps.accounts.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox = []
