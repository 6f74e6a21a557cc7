import factory

from apps.parking.models import ParkingLot, ParkingSpace


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
