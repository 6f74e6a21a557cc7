import pytest

from apps.accounts.tests.factories import UserFactory
from apps.core.models import AuditEvent
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/announcements/"
PAYLOAD = {
    "title_ko": "가야문화축제 안내",
    "title_en": "Gaya Culture Festival",
    "body_ko": "이번 주말 수로왕릉 일대",
    "body_en": "This weekend around the Royal Tomb of King Suro",
}


@pytest.fixture
def staff_client(make_auth_client):
    return make_auth_client(UserFactory(is_staff=True))


def test_staff_announce_to_everyone_active(
    staff_client, pushed, django_capture_on_commit_callbacks
):
    residents = UserFactory.create_batch(3)
    english = UserFactory(preferred_language="en")
    UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(URL, {**PAYLOAD, "user_ids": None})
    assert response.status_code == 201
    assert response.json() == {"sent": 5}  # 4 residents + the staff member, not the inactive
    assert Notification.objects.filter(kind="announcement").count() == 5
    events = {group: data for group, event, data in pushed if event == "notification.created"}
    assert len(events) == 5
    assert events[f"user.{english.id}"]["notification"]["title"] == "Gaya Culture Festival"
    assert events[f"user.{residents[0].id}"]["notification"]["title"] == "가야문화축제 안내"
    assert events[f"user.{residents[0].id}"]["unread"] == 1
    assert (
        AuditEvent.objects.get(action="notifications.announcement_sent").detail["recipients"] == 5
    )


def test_staff_announce_to_chosen_users(staff_client):
    chosen = UserFactory.create_batch(2)
    UserFactory()
    response = staff_client.post(URL, {**PAYLOAD, "user_ids": [str(u.id) for u in chosen]})
    assert response.json() == {"sent": 2}
    assert set(Notification.objects.values_list("user_id", flat=True)) == {u.id for u in chosen}


def test_an_unknown_recipient_refuses_the_whole_send(staff_client):
    known = UserFactory()
    missing = "00000000-0000-0000-0000-000000000001"
    response = staff_client.post(URL, {**PAYLOAD, "user_ids": [str(known.id), missing]})
    assert response.status_code == 400
    assert response.json()["code"] == "notifications.unknown_users"
    assert response.json()["extra"] == {"user_ids": [missing]}
    assert not Notification.objects.exists()


def test_residents_cannot_announce(auth_client):
    response = auth_client.post(URL, {**PAYLOAD, "user_ids": None})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Notification.objects.exists()


def test_missing_fields_are_field_errors(staff_client):
    response = staff_client.post(URL, {"title_ko": "x", "user_ids": None})
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"title_en", "body_ko", "body_en"}


def test_admin_form_sends_an_announcement(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory(phone="+821055551234")
    client.force_login(staff)
    url = "/admin/notifications/notification/announce/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**PAYLOAD, "recipients": "+821055551234\n"})
    assert response.status_code == 302
    assert list(Notification.objects.values_list("user_id", flat=True)) == [target.id]

    response = client.post(url, {**PAYLOAD, "recipients": "+821000000000"})
    assert response.status_code == 200  # the form again, with the error
    assert Notification.objects.count() == 1


def test_admin_pages_render(client):
    from .factories import DeviceFactory, NotificationFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    NotificationFactory()
    DeviceFactory()
    for url in (
        "/admin/notifications/notification/",
        "/admin/notifications/device/",
        "/admin/notifications/notificationpreference/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_city_wide_announcement_goes_out_in_batches_once_each(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    from apps.notifications import services

    monkeypatch.setattr(services, "BROADCAST_BATCH", 2)
    UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(URL, {**PAYLOAD, "user_ids": None})
    assert response.json() == {"sent": 5}
    sent = Notification.objects.filter(kind="announcement")
    assert sent.count() == 5 and sent.values("user_id").distinct().count() == 5
    broadcast_id = sent.first().data["broadcast"]

    # a batch that runs again (a retried task) sends nothing twice
    message = {**PAYLOAD, "data": {"broadcast": broadcast_id}}
    assert services.announcement_broadcast_batch(broadcast_id=broadcast_id, message=message)
    assert Notification.objects.filter(kind="announcement").count() == 5
