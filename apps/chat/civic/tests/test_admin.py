"""Staff move a request on in admin: through the service (history + notification), refusals shown."""

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.chat.civic import services
from apps.chat.civic.models import CivilRequestEvent

pytestmark = pytest.mark.django_db


def test_admin_moves_a_request_on_and_shows_refusals(admin_client, categories):
    user = UserFactory()
    civil_request = services.civil_request_create(
        category_code="road_damage", description="x", lat=35.23, lon=128.87, requester=user
    )
    url = f"/admin/chat/civilrequest/{civil_request.id}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(url, {"new_status": "in_progress", "note": "현장 확인"})
    assert response.status_code == 302
    civil_request.refresh_from_db()
    assert civil_request.status == "in_progress" and civil_request.status_notes == "현장 확인"
    event = CivilRequestEvent.objects.filter(request=civil_request).last()
    assert event.actor is not None and event.actor.is_superuser

    refused = admin_client.post(url, {"new_status": "rejected"})
    assert refused.status_code == 200  # the form again, with the reason
    civil_request.refresh_from_db()
    assert civil_request.status == "in_progress"
    assert admin_client.get("/admin/chat/civilrequest/").status_code == 200
    assert (
        admin_client.get("/admin/chat/civilrequestcategory/road_damage/change/").status_code == 200
    )
