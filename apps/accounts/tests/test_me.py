import datetime

import pytest

from apps.accounts.tests.factories import StudentVerificationFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"


def test_me_shows_the_profile(user, auth_client):
    body = auth_client.get(ME).json()
    assert body == {
        "id": str(user.id),
        "phone": user.phone,
        "display_name": user.display_name,
        "preferred_language": "ko",
        "kind": "resident",
        "date_of_birth": None,
        "is_staff": False,
        "student": None,
        "consents_complete": True,
        "guardian_consent_required": False,
        "roles": [],
        "deletion_requested_at": None,
    }


def test_me_needs_login(api_client, db):
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_shows_a_verified_student(make_auth_client):
    verification = StudentVerificationFactory(
        university__name="인제대학교", university__name_en="Inje University"
    )
    client = make_auth_client(verification.user)
    student = client.get(ME).json()["student"]
    assert student["university"] == str(verification.university_id)
    assert student["university_name"] == "인제대학교"
    assert student["status"] == "verified"
    en = client.get(ME, HTTP_ACCEPT_LANGUAGE="en").json()["student"]
    assert en["university_name"] in ("인제대학교", "Inje University")


def test_patch_changes_the_profile(user, auth_client):
    response = auth_client.patch(
        ME,
        {
            "display_name": "새 이름",
            "preferred_language": "en",
            "kind": "tourist",
            "date_of_birth": "2000-01-02",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language, user.kind) == ("새 이름", "en", "tourist")
    assert user.date_of_birth == datetime.date(2000, 1, 2)


def test_date_of_birth_is_set_once(make_auth_client):
    user = UserFactory(date_of_birth=datetime.date(2000, 1, 2))
    response = make_auth_client(user).patch(ME, {"date_of_birth": "1990-01-01"})
    assert response.status_code == 409
    assert response.json()["code"] == "accounts.date_of_birth_fixed"
    user.refresh_from_db()
    assert user.date_of_birth == datetime.date(2000, 1, 2)


def test_future_date_of_birth_is_refused_and_nothing_changes(user, auth_client):
    future = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    response = auth_client.patch(ME, {"date_of_birth": future, "display_name": "x"})
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.date_of_birth_invalid"
    user.refresh_from_db()
    assert user.date_of_birth is None and user.display_name != "x"


def test_bad_language_is_a_field_error(auth_client):
    response = auth_client.patch(ME, {"preferred_language": "fr"})
    assert response.status_code == 400
    assert "preferred_language" in response.json()["extra"]["fields"]
