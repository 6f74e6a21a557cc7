"""One role model: a role's group gates a view; assignments name the objects a person works on."""

import pytest
from django.contrib.auth.models import Group

from apps.accounts.tests.factories import UserFactory
from apps.core.models import RoleAssignment
from apps.core.roles import Role, role_grant, role_revoke, role_targets, user_has_role
from apps.tourism.models import Place

pytestmark = [pytest.mark.django_db, pytest.mark.urls("apps.core.tests.urls")]


def test_every_role_has_its_group_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {f"role:{role}" for role in Role.values} <= names


def test_a_role_gates_a_view(make_auth_client):
    driver, resident = UserFactory(), UserFactory()
    role_grant(user=driver, role=Role.DRIVER)

    assert make_auth_client(driver).get("/api/v1/probe/driver/").status_code == 200
    refused = make_auth_client(resident).get("/api/v1/probe/driver/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert make_auth_client(driver).get("/api/v1/probe/transport-staff/").status_code == 403


def test_a_role_view_still_needs_consents(make_auth_client):
    driver = UserFactory(consents=[])
    role_grant(user=driver, role=Role.DRIVER)
    response = make_auth_client(driver).get("/api/v1/probe/driver/")
    assert response.status_code == 403
    assert response.json()["code"] == "accounts.consent_required"


def test_revoking_the_role_closes_the_view(make_auth_client):
    driver = UserFactory()
    role_grant(user=driver, role=Role.DRIVER)
    role_revoke(user=driver, role=Role.DRIVER)
    assert make_auth_client(driver).get("/api/v1/probe/driver/").status_code == 403
    assert not RoleAssignment.objects.filter(user=driver).exists()


def test_assignments_name_the_objects_a_person_works_on():
    hub_a = Place.objects.create(name="허브 A", category="tourist_site", lat=35.2, lon=128.9)
    hub_b = Place.objects.create(name="허브 B", category="tourist_site", lat=35.21, lon=128.91)
    worker, other = UserFactory(), UserFactory()
    role_grant(user=worker, role=Role.HUB_STAFF, target=hub_a)

    assert list(role_targets(user=worker, role=Role.HUB_STAFF, model=Place)) == [hub_a]
    assert user_has_role(user=worker, role=Role.HUB_STAFF, target=hub_a)
    assert not user_has_role(user=worker, role=Role.HUB_STAFF, target=hub_b)
    assert not role_targets(user=other, role=Role.HUB_STAFF, model=Place).exists()

    role_revoke(user=worker, role=Role.HUB_STAFF, target=hub_a)
    assert not role_targets(user=worker, role=Role.HUB_STAFF, model=Place).exists()
    assert user_has_role(user=worker, role=Role.HUB_STAFF)  # still holds the role itself


def test_staff_of_a_department_pass_a_department_view(make_auth_client):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="transport")[0])
    other = UserFactory(is_staff=True)
    assert make_auth_client(staff).get("/api/v1/probe/transport-staff/").status_code == 200
    assert make_auth_client(other).get("/api/v1/probe/transport-staff/").status_code == 403


def test_the_account_says_which_roles_its_person_holds(make_auth_client):
    courier = UserFactory()
    role_grant(user=courier, role=Role.COURIER)
    assert make_auth_client(courier).get("/api/v1/accounts/me/").json()["roles"] == ["courier"]
    assert make_auth_client(UserFactory()).get("/api/v1/accounts/me/").json()["roles"] == []
