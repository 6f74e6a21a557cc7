"""What other apps get (counts, search), PIPA export and erasure, the demo seed."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.chat.civic import facade, seed, services
from apps.chat.civic.models import CivilRequest, CivilRequestCategory
from apps.core import privacy
from apps.core.files import private_storage

from .conftest import JPEG

pytestmark = pytest.mark.django_db

HERE = {"lat": 35.2336, "lon": 128.8772}


def file(category="road_damage", **kwargs):
    attributes = {"place_kind": "corner"} if category == "illegal_parking" else {}
    if category == "illegal_parking":
        kwargs.setdefault("photo", SimpleUploadedFile("p.jpg", JPEG))
    return services.civil_request_create(
        category_code=category, description="x", attributes=attributes, **HERE, **kwargs
    )


def test_counts_for_parking_kpi(categories, civil_staff):
    start = timezone.now() - timedelta(hours=1)
    first = file("illegal_parking")
    file("illegal_parking")
    file("road_damage")
    services.civil_request_update(
        actor=civil_staff, civil_request_id=first.id, status="resolved", note="단속"
    )
    counts = facade.civil_request_counts(
        category="illegal_parking", start=start, end=timezone.now() + timedelta(minutes=1)
    )
    assert (counts.total, counts.open, counts.resolved, counts.rejected) == (2, 1, 1, 0)
    empty = facade.civil_request_counts(
        category="illegal_parking", start=start - timedelta(days=2), end=start
    )
    assert empty.total == 0


def test_search_finds_categories(categories):
    hits = facade.search("킥보드", "ko")
    assert hits and hits[0].path == "/services/chat/requests/new?category=pm_parking"
    assert facade.search("pothole", "en")[0].title == "Road damage (pothole)"
    assert facade.search("   ", "ko") == []


def test_export_and_erase_keep_the_public_report_anonymised(categories):
    user = UserFactory()
    civil_request = file(requester=user, photo=SimpleUploadedFile("p.jpg", JPEG))
    photo_name = civil_request.photo.name
    assert private_storage.exists(photo_name)
    section = {s.name: s for s in privacy.sections()}["civil_requests"]
    exported = section.export(user)
    assert exported["civil_requests"][0]["id"] == str(civil_request.id)
    assert exported["civil_requests"][0]["history"][0]["status"] == "received"

    section.erase(user)
    civil_request.refresh_from_db()
    assert civil_request.requester is None and not civil_request.photo
    assert civil_request.contact is None
    assert not private_storage.exists(photo_name)
    assert CivilRequest.objects.filter(id=civil_request.id).exists()  # the report stays
    assert section.export(user) == {"civil_requests": []}


def test_seed_adds_demo_requests_once_and_keeps_staff_edits():
    seed.run(io.StringIO())
    assert CivilRequest.objects.filter(is_demo=True).count() == len(seed.DEMO_REQUESTS)
    assert all(r.description.startswith("[데모]") for r in CivilRequest.objects.all())
    CivilRequestCategory.objects.filter(code="road_damage").update(name_en="Edited by staff")
    seed.run(io.StringIO())
    assert CivilRequest.objects.count() == len(seed.DEMO_REQUESTS)
    assert CivilRequestCategory.objects.get(code="road_damage").name_en == "Edited by staff"
    seed.run(io.StringIO(), reset=True)
    assert CivilRequestCategory.objects.get(code="road_damage").name_en == "Road damage (pothole)"


def test_retention_clears_contact_and_photo_of_long_closed_requests(categories, civil_staff):
    old = file(
        photo=SimpleUploadedFile("p.jpg", JPEG),
        contact=services.Contact(email="someone@example.com"),
    )
    recent = file(contact=services.Contact(phone="010-0000-0000"))
    for civil_request in (old, recent):
        services.civil_request_update(
            actor=civil_staff, civil_request_id=civil_request.id, status="resolved", note="완료"
        )
    CivilRequest.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=400))
    photo_name = old.photo.name

    assert services.civil_request_personal_data_purge() == 1
    assert services.civil_request_personal_data_purge() == 0  # safe to run twice
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.contact is None and not old.photo and not private_storage.exists(photo_name)
    assert old.description == "x"  # the report stays
    assert "010-0000-0000" in recent.contact


def test_the_chat_files_for_a_confirmed_user_once(categories):
    user = UserFactory()
    first = facade.civil_request_file(
        user=user,
        idempotency_key="chat-conv-1-turn-3",
        category="street_light",
        description="가로등이 꺼졌어요",
        address="김해시 가야의거리",
        attributes={"problem": "off"},
    )
    again = facade.civil_request_file(
        user=user,
        idempotency_key="chat-conv-1-turn-3",
        category="street_light",
        description="가로등이 꺼졌어요",
        address="김해시 가야의거리",
        attributes={"problem": "off"},
    )
    assert first.created and not again.created and first.id == again.id
    assert first.path == f"/services/chat/requests/{first.id}"
    assert CivilRequest.objects.get().channel == "chat"
