from datetime import time

import factory

from apps.parking.models import (
    ParkingHost,
    ParkingLot,
    ParkingSpace,
    PlaceWindow,
    SharedPlace,
    Vehicle,
)


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingLot

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    name = factory.Sequence(lambda n: f"Test lot {n}")
    name_ko = factory.Sequence(lambda n: f"시험 주차장 {n}")
    name_en = factory.Sequence(lambda n: f"Test lot {n}")
    lat = 35.2285
    lon = 128.8894
    capacity = 10
    tariff = {"base_minutes": 30, "base_krw": 500, "unit_minutes": 10, "unit_krw": 200}


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingSpace

    lot = factory.SubFactory(LotFactory)
    label = factory.Sequence(lambda n: f"A{n}")
    sensor_id = factory.Sequence(lambda n: f"sensor-{n:05d}")
    state = ParkingSpace.State.FREE


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingHost

    name = factory.Sequence(lambda n: f"Host {n}")
    kind = ParkingHost.Kind.SCHOOL


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place open around the clock unless ``windows`` says otherwise."""

    class Meta:
        model = SharedPlace
        skip_postgeneration_save = True

    host = factory.SubFactory(HostFactory)
    name = factory.Sequence(lambda n: f"Shared place {n}")
    name_ko = factory.Sequence(lambda n: f"공유 주차장 {n}")
    name_en = factory.Sequence(lambda n: f"Shared place {n}")
    lat = 35.2485
    lon = 128.9025
    capacity = 1
    unit_minutes = 30
    unit_krw = 500

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if not create:
            return
        spec = extracted if extracted is not None else [(d, "00:00", "00:00") for d in range(7)]
        for weekday, start, end in spec:
            PlaceWindow.objects.create(
                place=self,
                weekday=weekday,
                start=time.fromisoformat(start),
                end=time.fromisoformat(end),
            )


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    user = factory.SubFactory("apps.accounts.tests.factories.UserFactory")
    plate = factory.Sequence(lambda n: f"{12 + n % 80}가{1000 + n:04d}")
