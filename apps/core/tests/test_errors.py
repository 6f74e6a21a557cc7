"""The error envelope {"code", "message", "extra"} everywhere, translated (ko default, en)."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_a_json_404_in_korean_by_default(client):
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "찾을 수 없습니다.", "extra": {}}


def test_unknown_api_path_in_english(client):
    response = client.get("/api/v1/does-not-exist/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Not found."


@pytest.mark.urls("apps.core.tests.urls")
def test_401_uses_the_envelope(api_client):
    response = api_client.get("/api/v1/probe/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"] == "Please log in to continue."


def test_bad_token_is_401_authentication_failed(api_client):
    # even a public endpoint refuses a broken token rather than silently ignoring it
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api_client.get("/api/v1/tourism/places/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.json()["message"] == "로그인이 만료되었거나 올바르지 않습니다."


def test_validation_errors_list_fields_in_extra(api_client):
    response = api_client.get("/api/v1/tourism/places/?lat=35.2", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Some fields are not valid."
    assert body["extra"]["fields"]["lon"] == ["Give both lat and lon, or neither."]


def test_validation_message_in_korean(api_client):
    response = api_client.get("/api/v1/tourism/places/?lat=north&lon=1")
    assert response.json()["message"] == "일부 항목이 올바르지 않습니다."
    assert response.json()["extra"]["fields"]["lat"] == ["유효한 숫자를 입력하세요."]


def test_method_not_allowed(api_client):
    response = api_client.delete("/api/v1/tourism/places/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_throttled_is_429_with_retry_after(api_client, settings):
    from rest_framework.throttling import AnonRateThrottle

    from apps.tourism.api.views import PlaceListView

    class OnePerMinute(AnonRateThrottle):
        rate = "1/min"

    original = PlaceListView.throttle_classes
    PlaceListView.throttle_classes = [OnePerMinute]
    try:
        from django.core.cache import cache

        cache.clear()
        assert api_client.get("/api/v1/tourism/places/").status_code == 200
        response = api_client.get("/api/v1/tourism/places/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        PlaceListView.throttle_classes = original
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["extra"]["retry_after"] > 0
    assert int(response["Retry-After"]) > 0


def test_application_error_rolls_back_and_is_4xx():
    from apps.core.errors import ApplicationError
    from apps.rentals.errors import RentalErrorCode

    error = ApplicationError(
        RentalErrorCode.VEHICLE_UNAVAILABLE, "busy", status=409, extra={"a": 1}
    )
    assert error.as_envelope() == {
        "code": "rentals.vehicle_unavailable",
        "message": "busy",
        "extra": {"a": 1},
    }


@pytest.mark.urls("apps.core.tests.urls")
def test_jwt_user_language_beats_accept_language(make_auth_client, user):
    user.preferred_language = "en"
    user.save()
    client = make_auth_client(user)
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 404
    ok = client.get("/api/v1/probe/", HTTP_ACCEPT_LANGUAGE="ko")
    assert ok.status_code == 200 and ok["Content-Language"] == "en"


def test_every_code_comes_from_an_enum_and_is_in_the_schema():
    """A phone switches on `code`: every code any app can raise is one ErrorCode enum member, and
    the OpenAPI schema lists them all as ErrorCodeEnum."""
    import pathlib
    import re

    import yaml
    from django.conf import settings

    from apps.core.errors import ApplicationError, error_code_choices

    codes = {value for value, _name in error_code_choices()}
    assert {"invalid", "idempotency_key_reused", "rentals.vehicle_unavailable"} <= codes
    assert {"transit.ticket_not_found", "payments.order_not_found", "accounts.otp_expired"} <= codes

    # no code is written as a bare string any more
    sources = pathlib.Path(settings.BASE_DIR, "apps").glob("*/**/*.py")
    bare = [
        f"{path}: {match}"
        for path in sources
        if "tests" not in path.parts
        for match in re.findall(r'cls\(\s*"[a-z_]+\.[a-z_]+"', path.read_text())
    ]
    assert not bare

    schema = yaml.safe_load(pathlib.Path(settings.BASE_DIR, "docs/api/schema.yaml").read_text())
    assert set(schema["components"]["schemas"]["ErrorCodeEnum"]["enum"]) == codes
    with pytest.raises(TypeError):
        ApplicationError("rentals.made_up", "no")
