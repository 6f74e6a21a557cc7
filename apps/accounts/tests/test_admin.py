import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from apps.accounts.departments import DEPARTMENT_CODES
from apps.accounts.models import StudentVerification, University, User
from apps.accounts.tests.factories import StudentVerificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    staff = User.objects.create_superuser("010-9000-0001", password="Str0ng-Passw0rd!")
    assert client.login(username="010-9000-0001", password="Str0ng-Passw0rd!")
    client.staff = staff
    return client


def test_createsuperuser_works_with_a_phone_number(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Str0ng-Passw0rd!")
    call_command("createsuperuser", interactive=False, phone="010-9000-0002", verbosity=0)
    admin = User.objects.get(phone="+821090000002")
    assert admin.is_staff and admin.is_superuser and admin.check_password("Str0ng-Passw0rd!")


def test_staff_log_in_to_admin_with_a_password(client):
    User.objects.create_user("010-9000-0003", password="Str0ng-Passw0rd!", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "01090000003", "password": "Str0ng-Passw0rd!"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_residents_without_password_cannot_log_in_to_admin(client):
    UserFactory(phone="+821090000004")
    assert not client.login(username="+821090000004", password="")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/university/",
        "/admin/accounts/studentverification/",
        "/admin/accounts/consentdocument/",
        "/admin/accounts/userconsent/",
        "/admin/accounts/guardianconsent/",
        "/admin/accounts/phonecode/",
    ],
)
def test_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_admin_user_page_has_consents_and_student_inlines(admin_client):
    user = UserFactory()
    StudentVerificationFactory(user=user)
    response = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    assert b"student_verification" in response.content
    assert b"consents" in response.content
    search = admin_client.get("/admin/accounts/user/", {"q": user.phone})
    assert user.phone.encode() in search.content


def test_admin_adds_a_staff_user_by_phone(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "010-9000-0005",
            "usable_password": "true",
            "password1": "An0ther-Passw0rd!",
            "password2": "An0ther-Passw0rd!",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.get(phone="+821090000005").check_password("An0ther-Passw0rd!")


def test_staff_verify_a_student_in_admin(admin_client):
    verification = StudentVerificationFactory(status=StudentVerification.Status.PENDING, method="")
    response = admin_client.post(
        "/admin/accounts/studentverification/",
        {"action": "mark_verified", "_selected_action": [verification.pk]},
    )
    assert response.status_code == 302
    verification.refresh_from_db()
    assert verification.status == "verified"
    assert verification.method == "staff"
    assert verification.verified_by == admin_client.staff
    assert verification.verified_at is not None


def test_department_groups_exist_and_sync(settings):
    assert set(DEPARTMENT_CODES) <= set(Group.objects.values_list("name", flat=True))
    call_command("ensure_departments", verbosity=0)
    tourism = Group.objects.get(name="tourism")
    labels = set(tourism.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"tourism"}
    # apps that do not exist yet are skipped, not an error
    assert Group.objects.get(name="logistics").permissions.count() >= 0
    call_command("ensure_departments", verbosity=0)  # idempotent
    assert Group.objects.filter(name="tourism").count() == 1


def test_universities_are_editable_in_both_languages(admin_client):
    university = University.objects.get(name_ko="가야대학교")
    response = admin_client.get(f"/admin/accounts/university/{university.pk}/change/")
    assert b"name_en" in response.content


def test_staff_set_student_status_in_the_user_page(admin_client):
    verification = StudentVerificationFactory(status=StudentVerification.Status.PENDING, method="")
    user = verification.user
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None
        and k not in ("password", "groups", "user_permissions", "last_login", "date_joined")
    }
    data.update(
        {
            "phone": user.phone,
            "student_verification-TOTAL_FORMS": "1",
            "student_verification-INITIAL_FORMS": "1",
            "student_verification-0-id": str(verification.pk),
            "student_verification-0-user": str(user.pk),
            "student_verification-0-university": str(verification.university_id),
            "student_verification-0-status": "verified",
            "student_verification-0-email": "",
            "consents-TOTAL_FORMS": "2",
            "consents-INITIAL_FORMS": "2",
            "guardian_consents-TOTAL_FORMS": "0",
            "guardian_consents-INITIAL_FORMS": "0",
        }
    )
    for i, consent in enumerate(user.consents.all()):
        data[f"consents-{i}-id"] = str(consent.pk)
        data[f"consents-{i}-user"] = str(user.pk)
        data[f"consents-{i}-withdrawn_at_0"] = ""
        data[f"consents-{i}-withdrawn_at_1"] = ""
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    verification.refresh_from_db()
    assert verification.status == "verified"
    assert verification.method == "staff" and verification.verified_by == admin_client.staff


def test_departments_get_their_apps_permissions_after_migrate(db):
    from django.contrib.auth.models import Group

    transport = Group.objects.get(name="transport")
    labels = set(transport.permissions.values_list("content_type__app_label", flat=True))
    assert {"transit", "rentals"} <= labels
    assert "accounts" not in labels
    tourism = Group.objects.get(name="tourism")
    assert tourism.permissions.filter(codename="change_place").exists()
