"""Every admin page city staff open — each model's list and add form — renders, in Korean and English."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.core.testing import english_in, hangul_in

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


# Names that stay as they are in Korean: proper names and standards, not untranslated English.
PROPER_NAMES = ("GTFS", "TAGO", "GBFS", "FCM", "PIPA", "QR", "PM", "API", "DRT", "ID", "jti")


def _index_names(html: str) -> list[str]:
    """The app captions and model names of the admin index."""
    captions = re.findall(r"<caption>\s*<a [^>]*>(.*?)</a>", html, re.S)
    models = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>(.*?)</a>', html, re.S)
    return [unescape(name).strip() for name in [*captions, *models]]


def test_the_korean_admin_index_has_no_english_app_or_model_names(client):
    from apps.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True, preferred_language="ko"))
    names = _index_names(client.get("/admin/").content.decode())
    assert len(names) > 20, names
    english = english_in(names, allowed=PROPER_NAMES)
    assert not english, english
    # and the English admin is English
    client.post("/language/", {"language": "en", "next": "/admin/"})
    assert not hangul_in(_index_names(client.get("/admin/").content.decode()))


def test_the_admin_greets_staff_by_name_or_their_number_as_written_at_home(client):
    from apps.accounts.tests.factories import UserFactory

    staff = UserFactory(phone="+821099990000", display_name="", is_staff=True, is_superuser=True)
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "<strong>010-9999-0000</strong>" in html and "+821099990000" not in html
    staff.display_name = "김해시 교통과"
    staff.save(update_fields=["display_name"])
    assert "<strong>김해시 교통과</strong>" in client.get("/admin/").content.decode()
