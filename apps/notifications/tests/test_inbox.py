import uuid

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.notifications import services
from apps.notifications.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_inbox_is_newest_first_in_cursor_pages_and_only_mine(
    user, auth_client, django_assert_num_queries
):
    mine = NotificationFactory.create_batch(25, user=user)
    NotificationFactory.create_batch(3)  # someone else's

    with django_assert_num_queries(3):  # the JWT user, the consent check, the page
        first = auth_client.get(URL)
    assert first.status_code == 200
    body = first.json()
    assert body["previous"] is None and body["next"]
    assert len(body["results"]) == 20
    assert set(body["results"][0]) == {
        "id",
        "kind",
        "title",
        "body",
        "data",
        "created_at",
        "read_at",
    }

    second = auth_client.get(body["next"]).json()
    assert second["next"] is None
    ids = [n["id"] for n in body["results"] + second["results"]]
    newest_first = sorted(mine, key=lambda n: n.created_at, reverse=True)
    assert ids == [str(n.id) for n in newest_first]


def test_title_and_body_follow_the_language(user, auth_client, api_client):
    NotificationFactory(user=user, title_ko="버스 도착", title_en="Bus arriving", body_en="Soon")
    assert auth_client.get(URL).json()["results"][0]["title"] == "버스 도착"

    user.preferred_language = "en"
    user.save()
    item = auth_client.get(URL).json()["results"][0]
    assert (item["title"], item["body"]) == ("Bus arriving", "Soon")


def test_english_falls_back_to_korean_when_missing(user, auth_client):
    services.notify(
        user=user, kind="system", title_ko="점검 안내", title_en="", body_ko="내용", body_en=""
    )
    user.preferred_language = "en"
    user.save()
    assert auth_client.get(URL).json()["results"][0]["title"] == "점검 안내"


def test_inbox_needs_login(api_client):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_unread_count_mark_one_and_mark_all(
    user, auth_client, pushed, django_capture_on_commit_callbacks
):
    first, second, third = NotificationFactory.create_batch(3, user=user)
    NotificationFactory(user=UserFactory())
    assert auth_client.get(URL + "unread-count/").json() == {"unread": 3}

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"{URL}{first.id}/read/")
    assert response.status_code == 200
    assert response.json()["id"] == str(first.id) and response.json()["read_at"]
    assert auth_client.get(URL + "unread-count/").json() == {"unread": 2}
    assert pushed == [(f"user.{user.id}", "notification.read", {"unread": 2})]

    # marking it again changes nothing and pushes nothing
    read_at = response.json()["read_at"]
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"{URL}{first.id}/read/").json()["read_at"] == read_at
    assert len(pushed) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(URL + "read-all/").json() == {"unread": 0}
    assert pushed[-1] == (f"user.{user.id}", "notification.read", {"unread": 0})
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the other user's


def test_someone_elses_notification_is_not_found_in_korean_and_english(user, auth_client):
    theirs = NotificationFactory()
    response = auth_client.post(f"{URL}{theirs.id}/read/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "notifications.not_found",
        "message": "알림을 찾을 수 없습니다.",
        "extra": {},
    }
    user.preferred_language = "en"
    user.save()
    response = auth_client.post(f"{URL}{theirs.id}/read/")
    assert response.status_code == 404
    assert response.json()["message"] == "This notification was not found."
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_missing_notification_in_english_by_accept_language(make_auth_client):
    client = make_auth_client(UserFactory(preferred_language=""))
    response = client.post(f"{URL}{uuid.uuid4()}/read/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["message"] == "This notification was not found."


def test_english_by_accept_language_for_anonymous_errors(api_client):
    response = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Please log in to continue."


def test_notify_stores_and_pushes_after_commit_in_the_users_language(
    user, pushed, django_capture_on_commit_callbacks
):
    user.preferred_language = "en"
    user.save()
    NotificationFactory(user=user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = services.notify(
            user=user,
            kind="transit",
            title_ko="버스 지연",
            title_en="Bus delayed",
            body_ko="10분 지연",
            body_en="10 minutes late",
            data={"route_id": "123"},
        )
    assert pushed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    group, event, data = pushed[0]
    assert (group, event) == (f"user.{user.id}", "notification.created")
    assert data["unread"] == 2
    assert data["notification"] == {
        "id": str(notification.id),
        "kind": "transit",
        "title": "Bus delayed",
        "body": "10 minutes late",
        "data": {"route_id": "123"},
        "created_at": data["notification"]["created_at"],
        "read_at": None,
    }


def test_notify_refuses_an_unknown_kind(user):
    from apps.notifications.errors import NotificationError

    with pytest.raises(NotificationError) as error:
        services.notify(
            user=user, kind="lottery", title_ko="a", title_en="a", body_ko="", body_en=""
        )
    assert error.value.code == "notifications.unknown_kind"
    assert not Notification.objects.exists()
