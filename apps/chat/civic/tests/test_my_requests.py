"""The app's "my requests": file (with a photo, retried safely), list, detail with history; the
staff workflow and the notification to the requester on every change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.tests.factories import UserFactory
from apps.chat.civic.models import CivilRequest, CivilRequestEvent
from apps.core.files import private_storage
from apps.notifications.models import Notification

from .conftest import JPEG

pytestmark = pytest.mark.django_db

API = "/api/v1/chat/requests"


def new_request(client, key="k1", **fields):
    data = {
        "category": "road_damage",
        "description": "인도 블록이 깨졌어요",
        "lat": 35.2336,
        "lon": 128.8772,
        "attributes": '{"size": "small"}',
        **fields,
    }
    return client.post(f"{API}/", data, format="multipart", HTTP_IDEMPOTENCY_KEY=key)


def test_categories_for_the_form_without_login(api_client, categories, django_assert_num_queries):
    with django_assert_num_queries(2):
        body = api_client.get(f"{API}/categories/", HTTP_ACCEPT_LANGUAGE="en").json()
    parking = next(c for c in body if c["code"] == "illegal_parking")
    assert parking["name"] == "Illegal parking" and parking["photo_required"] is True
    assert parking["department"]["name"] == "Traffic Administration Division"
    question = parking["attributes"][0]
    assert question["code"] == "place_kind"
    assert {"key": "crosswalk", "name": "Crosswalk"} in question["values"]


def test_file_with_a_photo_then_list_and_detail(auth_client, user, categories):
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    response = new_request(auth_client, photo=photo)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received" and body["open311_status"] == "open"
    assert body["attributes"] == {"size": "small"}
    assert body["department"]["code"] == "roads"
    assert [h["status"] for h in body["history"]] == ["received"]
    assert body["photo_url"].startswith("/files/")
    assert b"".join(auth_client.get(body["photo_url"]).streaming_content) == JPEG

    listed = auth_client.get(f"{API}/").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    detail = auth_client.get(f"{API}/{body['id']}/").json()
    assert detail["id"] == body["id"] and detail["history"]
    assert CivilRequest.objects.get().requester == user


def test_a_retry_files_once_and_a_reused_key_is_refused(auth_client, categories):
    first = new_request(auth_client, key="retry-1")
    again = new_request(auth_client, key="retry-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert CivilRequest.objects.count() == 1
    other = new_request(auth_client, key="retry-1", description="다른 내용")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    missing = auth_client.post(f"{API}/", {"category": "road_damage"}, format="json")
    assert missing.status_code == 400


def test_someone_elses_request_is_not_found(auth_client, make_auth_client, categories):
    request_id = new_request(auth_client).json()["id"]
    stranger = make_auth_client(UserFactory())
    response = stranger.get(f"{API}/{request_id}/")
    assert response.status_code == 404 and response.json()["code"] == "civic.request_not_found"
    assert stranger.get(f"{API}/").json()["results"] == []


def stored_photos() -> set[str]:
    if not private_storage.exists("chat/civil-requests"):
        return set()
    return set(private_storage.listdir("chat/civil-requests")[1])


def test_refusals_are_translated_and_store_nothing(auth_client, categories):
    before = stored_photos()
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    response = new_request(
        auth_client, category="illegal_parking", attributes='{"place_kind": "corner"}'
    )
    assert response.status_code == 400 and response.json()["code"] == "civic.photo_required"
    # a refusal after the photo was read (an unanswered required question) writes no file
    response = new_request(auth_client, category="street_light", attributes="{}", photo=photo)
    assert response.json()["code"] == "civic.attribute_invalid"
    english = auth_client.post(
        f"{API}/",
        {"category": "road_damage", "description": "x", "lat": 37.5, "lon": 127.0},
        format="json",
        HTTP_IDEMPOTENCY_KEY="en-1",
        HTTP_X_IEUM_LANGUAGE="en",
    )
    assert english.status_code == 400
    assert english.json()["code"] == "civic.outside_area"
    assert "outside Gimhae" in english.json()["message"]
    korean = auth_client.post(
        f"{API}/",
        {"category": "road_damage", "description": "x", "lat": 37.5, "lon": 127.0},
        format="json",
        HTTP_IDEMPOTENCY_KEY="ko-1",
        HTTP_X_IEUM_LANGUAGE="ko",
    )
    assert "김해" in korean.json()["message"]
    assert not CivilRequest.objects.exists()
    assert stored_photos() == before  # the refused photo was never written


def test_needs_login(api_client, categories):
    assert api_client.get(f"{API}/").status_code == 401


def test_staff_workflow_notifies_the_requester_each_time(
    auth_client, user, make_auth_client, categories, civil_staff, django_capture_on_commit_callbacks
):
    request_id = new_request(auth_client).json()["id"]
    staff = make_auth_client(civil_staff)
    url = f"{API}/staff/{request_id}/update/"
    with django_capture_on_commit_callbacks(execute=True):
        assigned = staff.post(url, {"department": "parks"}, format="json")
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"
    assert assigned.json()["department"]["code"] == "parks"
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"status": "in_progress", "note": "현장 확인 예정"}, format="json")
    rejected = staff.post(url, {"status": "rejected"}, format="json")
    assert rejected.status_code == 400 and rejected.json()["code"] == "civic.note_required"
    with django_capture_on_commit_callbacks(execute=True):
        closed = staff.post(url, {"status": "resolved", "note": "보수 완료"}, format="json")
    assert closed.json()["open311_status"] == "closed"
    nothing = staff.post(url, {}, format="json")
    assert nothing.json()["code"] == "civic.nothing_changed"
    backwards = staff.post(url, {"status": "received"}, format="json")
    assert backwards.status_code == 409

    history = auth_client.get(f"{API}/{request_id}/").json()["history"]
    assert [h["status"] for h in history] == ["received", "assigned", "in_progress", "resolved"]
    assert history[-1]["note"] == "보수 완료"
    notes = Notification.objects.filter(user=user).order_by("created_at")
    assert notes.count() == 3
    last = notes.last()
    assert "보수 완료" in last.body_ko and "resolved" in last.body_en
    assert last.data["civil_request_id"] == request_id
    assert CivilRequestEvent.objects.filter(request_id=request_id, actor=civil_staff).count() == 3


def test_staff_endpoints_are_for_civil_affairs(make_auth_client, auth_client, categories):
    request_id = new_request(auth_client).json()["id"]
    other_staff = make_auth_client(UserFactory(is_staff=True))
    assert other_staff.get(f"{API}/staff/").status_code == 403
    assert (
        auth_client.post(
            f"{API}/staff/{request_id}/update/", {"status": "resolved"}, format="json"
        ).status_code
        == 403
    )


def test_staff_list_and_detail(make_auth_client, auth_client, categories, civil_staff):
    request_id = new_request(auth_client).json()["id"]
    staff = make_auth_client(civil_staff)
    body = staff.get(f"{API}/staff/", {"status": "received"}).json()
    assert [r["id"] for r in body["results"]] == [request_id]
    detail = staff.get(f"{API}/staff/{request_id}/").json()
    assert detail["has_requester"] is True and detail["channel"] == "app"
    assert staff.get(f"{API}/staff/departments/").status_code == 200
