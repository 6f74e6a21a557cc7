"""However many phones press "unlock" at the same moment, one vehicle is rented once (PostgreSQL:
SQLite serialises all writers, so it cannot show the race)."""

import threading

import pytest
from django.db import connection, connections

from apps.accounts.tests.factories import UserFactory
from apps.core.errors import ApplicationError
from apps.rentals import services
from apps.rentals.models import Rental, Vehicle

from .factories import VehicleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_concurrent_unlocks_of_one_vehicle_exactly_one_wins():
    vehicle = VehicleFactory()
    riders = UserFactory.create_batch(8)
    results = race([lambda u=u: services.rental_unlock(user=u, code=vehicle.code) for u in riders])
    assert results.count("ok") == 1
    assert set(results) - {"ok"} == {"rentals.vehicle_unavailable"}
    assert Rental.objects.filter(vehicle=vehicle, status=Rental.Status.ACTIVE).count() == 1
    assert Vehicle.objects.get(id=vehicle.id).status == Vehicle.Status.IN_USE


def test_concurrent_unlocks_by_one_rider_respect_the_two_rental_limit():
    rider = UserFactory()
    bikes = VehicleFactory.create_batch(5)
    results = race([lambda b=b: services.rental_unlock(user=rider, code=b.code) for b in bikes])
    assert results.count("ok") == 2
    assert Rental.objects.filter(user=rider, status=Rental.Status.ACTIVE).count() == 2
    assert Vehicle.objects.filter(status=Vehicle.Status.IN_USE).count() == 2
