import io

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.drt import seed


@pytest.fixture(autouse=True)
def _fast_solver(settings):
    settings.DRT_SOLVER_TIME_LIMIT_S = 0.1


@pytest.fixture
def demo(db):
    seed.run(io.StringIO())


def consent_documents():
    """Transactional tests flush the migration's consent documents: put them back."""
    from apps.accounts.models import ConsentDocument

    for kind in ("terms", "privacy", "location"):
        if not ConsentDocument.objects.filter(kind=kind).exists():
            ConsentDocument.objects.create(
                kind=kind, version="test", title=kind, body=kind, required=kind != "location"
            )


@pytest.fixture
def rider(db):
    consent_documents()
    return UserFactory(consents=["terms", "privacy", "location"], preferred_language="en")


@pytest.fixture
def rider_client(rider, make_auth_client):
    return make_auth_client(rider)


# Inje University Station (a hub) → inside Inje University's campus
INJE_STATION = (35.22815, 128.90180)
INJE_CAMPUS = (35.2480, 128.9035)
# Jillye-myeon (western outskirts) → City Hall
JILLYE = (35.2462, 128.7502)
CITY_HALL = (35.2272, 128.8905)


def trip(origin, destination, **extra):
    return {
        "origin_lat": origin[0],
        "origin_lon": origin[1],
        "destination_lat": destination[0],
        "destination_lon": destination[1],
        **extra,
    }
