"""The device's language (``X-Ieum-Language``) beats the account's saved preference for that
request only; without it the preference, then Accept-Language, decide as before."""

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.notifications import services as notifications

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/notifications/"


@pytest.fixture
def korean_user():
    user = UserFactory(preferred_language="ko")
    notifications.notify(
        user=user,
        kind="transit",
        title_ko="버스 지연",
        title_en="Bus delayed",
        body_ko="10분 지연",
        body_en="10 minutes late",
    )
    return user


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_the_header_beats_the_accounts_preference_with_a_token(korean_user, make_auth_client):
    client = make_auth_client(korean_user)
    english = client.get(INBOX, HTTP_X_IEUM_LANGUAGE="en")
    assert _titles(english) == ["Bus delayed"]
    assert english["Content-Language"] == "en"
    # for that request only: the account still says Korean, and so does the next request
    korean_user.refresh_from_db()
    assert korean_user.preferred_language == "ko"
    assert _titles(client.get(INBOX)) == ["버스 지연"]
    assert _titles(client.get(INBOX, HTTP_ACCEPT_LANGUAGE="en")) == ["버스 지연"]


def test_the_header_beats_the_preference_with_a_session(korean_user, client):
    client.force_login(korean_user)
    assert _titles(client.get(INBOX, HTTP_X_IEUM_LANGUAGE="en")) == ["Bus delayed"]
    assert _titles(client.get(INBOX)) == ["버스 지연"]


def test_the_header_works_both_ways(make_auth_client):
    user = UserFactory(preferred_language="en")
    notifications.notify(
        user=user,
        kind="transit",
        title_ko="버스 지연",
        title_en="Bus delayed",
        body_ko="",
        body_en="",
    )
    client = make_auth_client(user)
    assert _titles(client.get(INBOX)) == ["Bus delayed"]
    assert _titles(client.get(INBOX, HTTP_X_IEUM_LANGUAGE="ko")) == ["버스 지연"]


def test_the_header_beats_accept_language_without_login(api_client):
    response = api_client.get(
        "/api/v1/does-not-exist/", HTTP_ACCEPT_LANGUAGE="ko", HTTP_X_IEUM_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in response.json()["message"])


def test_an_unknown_header_value_is_ignored(korean_user, make_auth_client):
    client = make_auth_client(korean_user)
    assert _titles(client.get(INBOX, HTTP_X_IEUM_LANGUAGE="fr")) == ["버스 지연"]
    assert _titles(client.get(INBOX, HTTP_X_IEUM_LANGUAGE="en-US")) == ["Bus delayed"]


def test_the_profile_endpoint_still_changes_the_preference(korean_user, make_auth_client):
    client = make_auth_client(korean_user)
    response = client.patch(
        "/api/v1/accounts/me/", {"preferred_language": "en"}, HTTP_X_IEUM_LANGUAGE="ko"
    )
    assert response.status_code == 200, response.content
    korean_user.refresh_from_db()
    assert korean_user.preferred_language == "en"
