"""Rules the OpenAPI contract test (tests/test_api_contract.py) found the API breaking, kept here
as plain tests of the shared layer: what the schema promises is what a request gets."""

import pytest

from apps.core.api.schema import NO_CONTROL_CHARACTERS
from apps.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_json_number_for_a_text_field_is_refused(auth_client):
    # DRF turned {"display_name": 0} into "0"; the schema says string.
    response = auth_client.patch("/api/v1/accounts/me/", {"display_name": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "display_name" in response.json()["extra"]["fields"]


def test_form_encoded_bodies_are_refused_outside_uploads(auth_client):
    # The API speaks JSON: a form reads "" as null and every value as text.
    response = auth_client.patch(
        "/api/v1/accounts/me/", {"display_name": "이음"}, format="multipart"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "1.5"])
def test_a_bad_page_size_is_a_400_not_the_default_page(user, auth_client, page_size):
    NotificationFactory(user=user)
    response = auth_client.get(f"/api/v1/notifications/?page_size={page_size}")
    assert response.status_code == 400
    assert "page_size" in response.json()["extra"]["fields"]


def test_an_empty_or_large_page_size_is_the_default_or_the_cap(user, auth_client):
    NotificationFactory.create_batch(2, user=user)
    assert len(auth_client.get("/api/v1/notifications/?page_size=").json()["results"]) == 2
    assert auth_client.get("/api/v1/notifications/?page_size=1000").status_code == 200


def test_schema_documents_the_shared_input_rules(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    places = schema["paths"]["/api/v1/tourism/places/"]["get"]
    category = next(p for p in places["parameters"] if p["name"] == "category")
    assert category["allowEmptyValue"] is True  # ?category= counts as left out
    route = schema["paths"]["/api/v1/transit/routes/{route_id}/"]["get"]
    route_id = next(p for p in route["parameters"] if p["name"] == "route_id")
    assert route_id["schema"]["pattern"] == NO_CONTROL_CHARACTERS
    assert "400" in route["responses"]  # the control-character refusal
    inbox = schema["paths"]["/api/v1/notifications/"]["get"]
    assert {"400", "404"} <= set(inbox["responses"])  # bad page_size, unknown cursor


def test_a_control_character_in_the_path_is_the_documented_400(client):
    response = client.get("/api/v1/transit/routes/B%0710/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
