"""Every endpoint says who may call it by being built on one of core's base API views.

This walks every URL of the project. A DRF view that is not built on a base view fails, and so does
one that sets its own permission or authentication classes without an entry (with the reason) in
OVERRIDES. Plain Django views (feeds in their standard's format, the web client, health) are listed
in NOT_API with the reason they are not DRF views.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps.core.api.views import BASE_VIEWS

# view (module.Class) → why it sets its own classes
OVERRIDES: dict[str, str] = {
    "apps.accounts.api.views.OtpRequestView": "login: no authentication, so a stale token or "
    "session never blocks asking for a code (and session CSRF does not apply)",
    "apps.accounts.api.views.OtpVerifyView": "login: as OtpRequestView",
    "apps.accounts.api.views.TokenRefreshView": "the refresh token in the body is the credential; "
    "an expired access token in the header must not refuse the refresh",
    "apps.accounts.api.views.AccountDeletionCancelView": "an account waiting for deletion is "
    "inactive; this one authentication lets it undo the request during the grace period",
}

# callback (module.name) → why it is not a DRF view on a base view
NOT_API: dict[str, str] = {
    "apps.core.health.healthz": "the load balancer's check: no authentication, no throttling",
    "django.views.i18n.set_language": "Django's language form for server-rendered pages",
    "apps.core.views.language_switch": "the admin's ko/en switch (a form post)",
    "apps.core.views.web_client": "serves the web client's index.html",
    "apps.core.views.service_worker": "serves the web client's service worker",
    "apps.rentals.gbfs.views.feed": "GBFS 3.0 open data: the standard's JSON, no envelope",
    "apps.transit.realtime.gtfs_rt.trip_updates": "GTFS-Realtime protobuf open data",
    "apps.transit.realtime.gtfs_rt.vehicle_positions": "GTFS-Realtime protobuf open data",
    "apps.transit.realtime.gtfs_rt.service_alerts": "GTFS-Realtime protobuf open data",
    "drf_spectacular.views.SpectacularAPIView": "the OpenAPI document (public by design)",
    "drf_spectacular.views.SpectacularSwaggerView": "the interactive API docs (public by design)",
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue  # Django admin: staff login and model permissions of its own
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _name(obj) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def _endpoints():
    for route, callback in _walk(get_resolver().url_patterns):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        yield route, callback, view


def _base_of(view: type[APIView]) -> type[APIView] | None:
    for klass in view.__mro__:
        if klass in BASE_VIEWS:
            return klass
    return None


def test_every_api_view_is_built_on_a_base_view():
    problems = []
    for route, callback, view in _endpoints():
        if view is not None and _name(view) in NOT_API:
            continue
        if view is None or not issubclass(view, APIView):
            if _name(callback) not in NOT_API:
                problems.append(
                    f"{route}: {_name(callback)} is not a DRF view (list it in NOT_API)"
                )
            continue
        base = _base_of(view)
        if base is None:
            problems.append(f"{route}: {_name(view)} is not built on one of {BASE_VIEWS}")
            continue
        if _name(view) in OVERRIDES:
            continue
        if list(view.permission_classes) != list(base.permission_classes):
            problems.append(f"{route}: {_name(view)} changes permission_classes")
        expected_auth = base.__dict__.get(
            "authentication_classes", api_settings.DEFAULT_AUTHENTICATION_CLASSES
        )
        if list(view.authentication_classes) != list(expected_auth):
            problems.append(f"{route}: {_name(view)} changes authentication_classes")
    assert not problems, "\n".join(problems)


def test_the_exception_lists_name_only_views_that_exist():
    names = set()
    for _route, callback, view in _endpoints():
        names.add(_name(callback))
        if view is not None:
            names.add(_name(view))
    assert set(OVERRIDES) <= names
    assert set(NOT_API) <= names


def test_the_walk_sees_every_app():
    routes = [route for route, _callback, _view in _endpoints()]
    for prefix in ("accounts", "notifications", "payments", "tourism", "transit", "rentals"):
        assert any(route.startswith(f"api/v1/{prefix}/") for route in routes), prefix


@pytest.mark.django_db
def test_favourites_need_the_required_consents(make_auth_client):
    """The hole this closed: favourites used IsAuthenticated alone and skipped the consent check."""
    from apps.accounts.tests.factories import UserFactory

    client = make_auth_client(UserFactory(consents=[]))
    response = client.post("/api/v1/transit/favourites/", {"stop_id": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "accounts.consent_required"
    assert client.get("/api/v1/transit/favourites/").status_code == 403
