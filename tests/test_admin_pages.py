"""Every admin page city staff open — each model's list and add form — renders, in Korean and English."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.fixture
def staff_client(client):
    from apps.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_changelist_and_add_form_render(staff_client, app_label, model_name):
    model_admin = next(
        ma
        for m, ma in admin.site._registry.items()
        if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )
    changelist = staff_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    if model_admin.has_add_permission(changelist.wsgi_request):
        add = staff_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
        assert add.status_code == 200


def test_admin_index_in_both_languages(staff_client):
    assert "이음 관리자" in staff_client.get("/admin/").content.decode()
    staff_client.post("/language/", {"language": "en", "next": "/admin/"})
    assert "Ieum administration" in staff_client.get("/admin/").content.decode()
