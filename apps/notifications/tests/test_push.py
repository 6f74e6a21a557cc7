from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from firebase_admin import exceptions, messaging

from apps.accounts.tests.factories import UserFactory
from apps.notifications import services, tasks
from apps.notifications.models import Device, Notification, NotificationPreference

from .factories import DeviceFactory, NotificationFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
DEVICES = "/api/v1/notifications/devices/"


def _notify(user, kind="transit"):
    return services.notify(
        user=user,
        kind=kind,
        title_ko="버스가 곧 도착합니다",
        title_en="Your bus is arriving",
        body_ko="2분 후 도착",
        body_en="In 2 minutes",
        data={"stop_id": 42},
    )


def test_register_device_is_idempotent_and_a_token_moves_to_the_latest_user(
    user, auth_client, make_auth_client
):
    payload = {"token": "tok-abc:APA91b", "platform": "android"}
    first = auth_client.post(DEVICES, payload)
    assert first.status_code == 201
    assert first.json()["token"] == "tok-abc:APA91b"
    assert auth_client.post(DEVICES, payload).status_code == 201
    assert Device.objects.filter(token="tok-abc:APA91b").count() == 1

    other = UserFactory()
    make_auth_client(other).post(DEVICES, {**payload, "platform": "ios"})
    device = Device.objects.get(token="tok-abc:APA91b")
    assert (device.user, device.platform) == (other, "ios")


def test_register_device_refuses_a_bad_platform(auth_client):
    response = auth_client.post(DEVICES, {"token": "t", "platform": "symbian"})
    assert response.status_code == 400
    assert "platform" in response.json()["extra"]["fields"]
    assert not Device.objects.exists()


def test_unregister_only_my_own_device(user, auth_client):
    mine = DeviceFactory(user=user, token="mine:1")
    theirs = DeviceFactory(token="theirs:1")
    response = auth_client.delete(f"{DEVICES}{theirs.token}/")
    assert response.status_code == 404
    assert response.json()["code"] == "notifications.device_not_found"
    assert Device.objects.filter(token=theirs.token).exists()

    assert auth_client.delete(f"{DEVICES}{mine.token}/").status_code == 204
    assert not Device.objects.filter(token=mine.token).exists()


def test_notify_sends_to_every_device_in_the_users_language(user, fake_fcm):
    user.preferred_language = "en"
    user.save()
    DeviceFactory(user=user, token="phone:1")
    DeviceFactory(user=user, token="browser:1", platform="web")
    DeviceFactory(token="someone-else:1")

    notification = _notify(user)
    tasks.push_notifications([str(notification.id)])

    assert sorted(fake_fcm.tokens) == ["browser:1", "phone:1"]
    message = fake_fcm.sent[0]
    assert message.notification.title == "Your bus is arriving"
    assert message.notification.body == "In 2 minutes"
    assert message.data == {
        "notification_id": str(notification.id),
        "kind": "transit",
        "stop_id": "42",
    }
    fake_fcm.certificate.assert_called_once_with("/run/secrets/fcm-service-account.json")
    notification.refresh_from_db()
    assert notification.push_status == Notification.PushStatus.SENT

    # the task is safe to run twice: no second push
    tasks.push_notifications([str(notification.id)])
    assert len(fake_fcm.sent) == 2


def test_notify_queues_the_push_on_commit(user, fake_fcm, django_capture_on_commit_callbacks):
    DeviceFactory(user=user, token="phone:1")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert fake_fcm.tokens == ["phone:1"]  # eager Celery in tests


def test_invalid_tokens_are_pruned(user, fake_fcm):
    for token in ("ok:1", "gone:1", "other-project:1", "garbage:1", "flaky:1"):
        DeviceFactory(user=user, token=token)
    fake_fcm.failures = {
        "gone:1": messaging.UnregisteredError("unregistered"),
        "other-project:1": messaging.SenderIdMismatchError("mismatch"),
        "garbage:1": exceptions.InvalidArgumentError("bad token"),
        "flaky:1": exceptions.UnavailableError("try later"),
    }
    services.notification_push(notification_id=NotificationFactory(user=user).id)

    assert len(fake_fcm.sent) == 5
    assert sorted(Device.objects.values_list("token", flat=True)) == ["flaky:1", "ok:1"]


def test_a_kind_switched_off_is_not_pushed_but_stays_in_the_inbox(user, fake_fcm, auth_client):
    DeviceFactory(user=user)
    NotificationPreference.objects.create(user=user, push_muted_kinds=["announcement"])
    muted = NotificationFactory(user=user, kind="announcement")
    assert services.notification_push(notification_id=muted.id) == "skipped"
    assert fake_fcm.sent == []
    assert auth_client.get("/api/v1/notifications/").json()["results"][0]["id"] == str(muted.id)


def test_quiet_hours_hold_the_push_until_they_end(user, fake_fcm, monkeypatch):
    DeviceFactory(user=user, token="phone:1")
    NotificationPreference.objects.create(
        user=user, quiet_hours_start=time(22), quiet_hours_end=time(7)
    )
    night = datetime(2026, 3, 2, 23, 30, tzinfo=SEOUL)
    monkeypatch.setattr("django.utils.timezone.now", lambda: night)
    notification = NotificationFactory(user=user)
    assert services.notification_push(notification_id=notification.id) == "held"
    assert fake_fcm.sent == []
    notification.refresh_from_db()
    assert notification.push_after == datetime(2026, 3, 3, 7, 0, tzinfo=SEOUL)

    # still quiet at 3 a.m.: nothing goes out
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 3, 3, 3, 0, tzinfo=SEOUL)
    )
    assert tasks.release_held_pushes() == 0
    assert fake_fcm.sent == []

    morning = datetime(2026, 3, 3, 7, 0, 30, tzinfo=SEOUL)
    monkeypatch.setattr("django.utils.timezone.now", lambda: morning)
    assert tasks.release_held_pushes() == 1
    assert fake_fcm.tokens == ["phone:1"]
    assert tasks.release_held_pushes() == 0  # released once


def test_a_held_push_read_in_the_inbox_meanwhile_is_dropped(user, fake_fcm, monkeypatch):
    DeviceFactory(user=user)
    NotificationPreference.objects.create(
        user=user, quiet_hours_start=time(22), quiet_hours_end=time(7)
    )
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 3, 2, 23, 0, tzinfo=SEOUL)
    )
    notification = NotificationFactory(user=user)
    services.notification_push(notification_id=notification.id)
    services.notification_mark_read(user=user, notification_id=notification.id)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 3, 3, 8, 0, tzinfo=SEOUL)
    )
    services.held_pushes_release()
    assert fake_fcm.sent == []
    notification.refresh_from_db()
    assert notification.push_status == "skipped"


def test_without_credentials_fcm_only_logs(user, settings, caplog):
    settings.FCM_CREDENTIALS_FILE = ""
    DeviceFactory(user=user)
    with caplog.at_level("INFO", logger="apps.notifications.fcm"):
        services.notification_push(notification_id=NotificationFactory(user=user).id)
    assert "FCM off" in caplog.text
    assert Device.objects.filter(user=user).exists()
