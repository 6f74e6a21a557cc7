"""Inputs found by probing that used to end in a 500: each is now a translated 4xx (or a clean
WebSocket refusal) from the shared layer, so every app inherits the fix."""

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

pytestmark = pytest.mark.django_db


def test_json_nested_a_thousand_deep_is_a_400(client):
    body = "[" * 1000 + "]" * 1000
    response = client.post(
        "/api/v1/accounts/otp/request/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["message"] == "The request body is nested too deeply."


def test_json_nested_forty_deep_is_refused_too(client):
    body = '{"phone": ' + "[" * 40 + "]" * 40 + "}"
    response = client.post("/api/v1/accounts/otp/request/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "요청 본문의 중첩이 너무 깊습니다."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/transit/stops/%00/",
        "/api/v1/transit/stops/%00/arrivals/",
        "/api/v1/transit/routes/%00/",
        "/api/v1/transit/routes/%00/vehicles/",
        "/api/v1/transit/favourites/%00/",
        "/api/v1/notifications/devices/%00/",
        "/api/v1/accounts/me/consents/%00/withdraw/",
        "/api/v1/transit/stops/?q=%00",
        "/api/v1/tourism/places/?q=a%00b",
        "/gbfs/v3/%00.json",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    if not url.startswith("/gbfs/"):
        assert response.json() == {
            "code": "invalid",
            "message": "Control characters are not allowed in the address.",
            "extra": {},
        }


@pytest.mark.parametrize(
    "when",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2025-13-01T00:00:00"],
)
def test_dates_at_the_edge_of_the_calendar_are_a_400(client, when):
    response = client.get(
        "/api/v1/transit/plan/",
        {"from": "35.23,128.88", "to": "35.20,128.90", "depart_at": when},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "depart_at" in response.json()["extra"]["fields"]


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_websocket_path_is_refused_cleanly():
    communicator = WebsocketCommunicator(
        application, "/ws/no-such-thing/", headers=[(b"origin", b"http://localhost")]
    )
    connected, code = await communicator.connect(timeout=5)
    assert not connected
    assert code == 4404
