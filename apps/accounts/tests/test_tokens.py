import pytest

pytestmark = pytest.mark.django_db

REFRESH = "/api/v1/accounts/token/refresh/"
LOGOUT = "/api/v1/accounts/logout/"
ME = "/api/v1/accounts/me/"


def test_refresh_gives_a_new_pair_and_the_old_refresh_dies(api_client, signup):
    tokens = signup().json()
    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
    assert response.status_code == 200
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}
    assert fresh["refresh"] != tokens["refresh"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {fresh['access']}")
    assert api_client.get(ME).status_code == 200
    # rotation blacklists the used refresh token
    reused = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
    assert reused.status_code == 401
    assert reused.json()["code"] == "accounts.token_invalid"


def test_refresh_after_logout_fails(api_client, signup):
    tokens = signup().json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 204
    api_client.credentials()
    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
    assert response.status_code == 401
    assert response.json()["code"] == "accounts.token_invalid"


def test_garbage_refresh_token_is_an_envelope_in_english(api_client, db):
    response = api_client.post(REFRESH, {"refresh": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {
        "code": "accounts.token_invalid",
        "message": "Your login has expired or is not valid. Please log in again.",
        "extra": {},
    }


def test_missing_refresh_is_a_field_error(api_client, db):
    response = api_client.post(REFRESH, {})
    assert response.status_code == 400
    assert "refresh" in response.json()["extra"]["fields"]


def test_logout_ends_the_session(api_client, signup):
    signup(session=True)
    assert api_client.get(ME).status_code == 200
    assert api_client.post(LOGOUT, {}).status_code == 204
    assert api_client.get(ME).status_code in (401, 403)


def test_logout_with_a_dead_token_is_still_204(api_client, db):
    assert api_client.post(LOGOUT, {"refresh": "garbage"}).status_code == 204
