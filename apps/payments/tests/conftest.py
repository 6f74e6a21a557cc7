"""Fixtures for the payments tests.

Toss answers come from tests/recorded/*.json: response bodies in the shape Toss Payments documents
for its v1 API (``{"status": <http status>, "body": {...}}``); ``__ORDER_ID__`` is replaced by the
order id of the request, as Toss echoes it back.
"""

import json
from pathlib import Path

import pytest
import responses
from payments.core import PROVIDER_CACHE

RECORDED = Path(__file__).parent / "recorded"
TOSS = "https://api.tosspayments.com/v1"
SECRET_KEY = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"
CLIENT_KEY = "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq"


def recorded(name: str, order_id: str = "") -> tuple[int, dict]:
    data = json.loads((RECORDED / name).read_text())
    body = json.loads(json.dumps(data["body"]).replace("__ORDER_ID__", order_id))
    return data["status"], body


@pytest.fixture(autouse=True)
def _fresh_providers():
    # django-payments caches provider instances per variant; settings change between tests.
    PROVIDER_CACHE.clear()
    yield
    PROVIDER_CACHE.clear()


@pytest.fixture
def toss(settings):
    settings.PAYMENT_VARIANTS = {
        **settings.PAYMENT_VARIANTS,
        "toss": (
            "apps.payments.providers.toss.TossProvider",
            {"secret_key": SECRET_KEY, "client_key": CLIENT_KEY},
        ),
    }
    settings.PAYMENT_DEFAULT_VARIANT = "toss"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def toss_answers(mock, url: str, name: str, order_id: str):
    status, body = recorded(name, order_id)
    mock.add(responses.POST, url, json=body, status=status)


@pytest.fixture
def staff(db):
    from apps.accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(staff, make_auth_client):
    return make_auth_client(staff)


@pytest.fixture
def other_user(db):
    from apps.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def english(user):
    """The user prefers English (a logged-in user's preference beats Accept-Language)."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user
