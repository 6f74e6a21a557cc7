import pytest

from apps.rentals import integrations


class FakePayments:
    """Stands in for apps.payments.facade.charge: one order per idempotency key, like the real one."""

    def __init__(self):
        self.calls = []
        self.orders = {}
        self.fail = False

    def charge(self, *, user_id, rental_id, amount_krw, label_ko, label_en):
        import uuid

        key = integrations.charge_key(rental_id)
        self.calls.append({"key": key, "amount_krw": amount_krw, "user_id": user_id})
        if self.fail:
            raise RuntimeError("payment provider is down")
        if key not in self.orders:
            self.orders[key] = integrations.ChargeOutcome(order_id=uuid.uuid4(), paid=True)
        return self.orders[key]


@pytest.fixture
def payments(monkeypatch):
    fake = FakePayments()
    monkeypatch.setattr(integrations, "charge", fake.charge)
    return fake


@pytest.fixture
def notifications(monkeypatch):
    sent = []

    def notify(*, user, title_ko, title_en, body_ko, body_en, data):
        sent.append({"user": user, "title_en": title_en, "body_en": body_en, "data": data})

    monkeypatch.setattr(integrations, "notify", notify)
    return sent


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
