"""Test data: the demo hubs, areas, lockers and fleet (seed.py), residents with an address."""

import io

from apps.accounts.tests.factories import UserFactory
from apps.logistics import seed, services
from apps.logistics.models import Hub, Machine

# inside the areas (the gazetteer places them at the 읍·면·동 centre or the road's known point)
SANGDONG = "경상남도 김해시 상동면 상동로 123"  # mountain: drone, robot dog
JANGYU = "경상남도 김해시 장유로 555"  # apartments: robot dog, four-wheel robot
OUTSIDE = "경상남도 김해시 내외동 내외중앙로 55"  # city centre: not served


def world():
    seed.run(io.StringIO())
    return {hub.code: hub for hub in Hub.objects.all()}


def _consent_documents():
    """The documents a data migration seeds; a transactional test's flush removes them."""
    from apps.accounts.models import ConsentDocument

    for kind, required in (("terms", True), ("privacy", True), ("location", False)):
        if not ConsentDocument.objects.filter(kind=kind).exists():
            ConsentDocument.objects.create(
                kind=kind, version="test", required=required, title=kind, body=kind
            )


def resident(**kwargs):
    _consent_documents()
    return UserFactory(consents=["terms", "privacy", "location"], **kwargs)


def resident_with_address(*, road_address=SANGDONG, mode="drone", **kwargs):
    user = resident(**kwargs)
    services.address_register(
        user=user, road_address=road_address, detail="101동 1001호", mode=mode
    )
    return user


def machine(code):
    return Machine.objects.get(code=code)
