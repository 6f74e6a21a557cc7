"""Two riders accept the last seat at the same moment: one gets the bus, the other a reason
(PostgreSQL: SQLite serialises all writers, so it cannot show the race)."""

import pytest
from django.db import connection

from apps.accounts.tests.factories import UserFactory
from apps.core.testing import run_together
from apps.drt import services
from apps.drt.models import Booking, Vehicle

from .conftest import INJE_CAMPUS, INJE_STATION, consent_documents

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_last_seat_goes_once(demo, settings):
    settings.DRT_PICKUP_WINDOW_MIN = 2  # no time to drop one rider and come back
    # one bus in the zone with one seat; two riders at the same hub at the same time
    zone_vehicles = Vehicle.objects.filter(zone__code="p1").order_by("code")
    keep = zone_vehicles.first()
    zone_vehicles.exclude(pk=keep.pk).update(is_active=False)
    Vehicle.objects.exclude(zone__code="p1").update(is_active=False)
    keep.capacity = 1
    keep.save()
    consent_documents()
    riders = [UserFactory(consents=["terms", "privacy", "location"]) for _ in range(2)]
    bookings = [
        services.booking_request(user=r, origin=INJE_STATION, destination=INJE_CAMPUS)
        for r in riders
    ]
    # both were offered the seat; now both accept at once
    pending = list(zip(riders, bookings, strict=True))

    def accept():
        rider, booking = pending.pop()
        return services.booking_accept(user=rider, booking_id=booking.id).status

    results, failures = run_together(2, accept)
    assert failures == []
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == ["assigned", "rejected"], (results, statuses)
    rejected = Booking.objects.get(status="rejected")
    assert rejected.reason_code == "drt.no_vehicle_can_serve"
    vehicle = Vehicle.objects.get(pk=keep.pk)
    assert len(vehicle.plan) == 2
