import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    from apps.accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True, preferred_language="ko")


def test_admin_is_korean_by_default_and_switches_to_english(client, staff):
    client.force_login(staff)
    page = client.get("/admin/")
    assert "이음 관리자" in page.content.decode()
    response = client.post("/language/", {"language": "en", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    staff.refresh_from_db()
    assert staff.preferred_language == "en"
    assert "Ieum administration" in client.get("/admin/").content.decode()


def test_unknown_language_is_refused(client, staff):
    client.force_login(staff)
    assert client.post("/language/", {"language": "fr"}).status_code == 400
    staff.refresh_from_db()
    assert staff.preferred_language == "ko"
