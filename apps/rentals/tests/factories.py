import factory

from apps.rentals.models import (
    Coupon,
    GeofenceZone,
    NicheSpot,
    Operator,
    PricingPlan,
    Station,
    Vehicle,
    VehicleType,
)


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator
        django_get_or_create = ("code",)

    code = "tagogaya"
    name_ko = "타고가야"
    name_en = "Tagogaya"


class PricingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PricingPlan
        django_get_or_create = ("code",)

    code = "tagogaya-standard"
    name_ko = "타고가야 기본요금"
    name_en = "Tagogaya standard fare"
    base_price_krw = 500
    segments = factory.LazyFunction(lambda: [{"start": 30, "interval": 10, "rate": 200}])
    ride_cap_krw = 5000
    discounts = factory.LazyFunction(lambda: {"student": 20})


class VehicleTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VehicleType
        django_get_or_create = ("code",)

    code = "tagogaya-ebike"
    name_ko = "타고가야 전기자전거"
    name_en = "Tagogaya e-bike"
    operator = factory.SubFactory(OperatorFactory)
    form_factor = VehicleType.FormFactor.BICYCLE
    propulsion = VehicleType.Propulsion.ELECTRIC_ASSIST
    max_range_m = 50000
    pricing_plan = factory.SubFactory(PricingPlanFactory)


class ScooterTypeFactory(VehicleTypeFactory):
    code = "pm-escooter"
    name_ko = "전동킥보드"
    name_en = "E-scooter"
    form_factor = VehicleType.FormFactor.SCOOTER
    propulsion = VehicleType.Propulsion.ELECTRIC
    max_range_m = 30000
    free_floating = True
    pricing_plan = factory.SubFactory(
        PricingPlanFactory,
        code="pm-standard",
        base_price_krw=1000,
        segments=[{"start": 0, "interval": 1, "rate": 150}],
        ride_cap_krw=None,
    )


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    operator = factory.SubFactory(OperatorFactory)
    code = factory.Sequence(lambda n: f"station-{n}")
    name_ko = factory.Sequence(lambda n: f"정류소 {n}")
    name_en = factory.Sequence(lambda n: f"Station {n}")
    lat = 35.2273473
    lon = 128.8742271
    capacity = 10


class NicheSpotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NicheSpot

    code = factory.Sequence(lambda n: f"spot-{n}")
    name_ko = factory.Sequence(lambda n: f"틈새주차장 {n}")
    name_en = factory.Sequence(lambda n: f"Niche spot {n}")
    kind = NicheSpot.Kind.BUS_STOP
    district_ko = "장유"
    district_en = "Jangyu"
    lat = 35.1926
    lon = 128.8066
    capacity = 2


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    code = factory.Sequence(lambda n: f"TG-{n:04d}")
    vehicle_type = factory.SubFactory(VehicleTypeFactory)
    battery_percent = 80
    station = factory.SubFactory(StationFactory)


class ScooterFactory(VehicleFactory):
    code = factory.Sequence(lambda n: f"PM-{n:04d}")
    vehicle_type = factory.SubFactory(ScooterTypeFactory)
    station = None
    lat = 35.19
    lon = 128.81


class GeofenceZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeofenceZone

    name_ko = "수로왕릉 경내"
    name_en = "Royal Tomb grounds"
    kind = GeofenceZone.Kind.NO_PARKING
    geometry = factory.LazyFunction(
        lambda: {
            "type": "Polygon",
            "coordinates": [
                [
                    [128.80, 35.18],
                    [128.82, 35.18],
                    [128.82, 35.20],
                    [128.80, 35.20],
                    [128.80, 35.18],
                ]
            ],
        }
    )


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"COUPON{n}")
    name_ko = "쿠폰"
    name_en = "Coupon"
    kind = Coupon.Kind.PERCENT
    value = 50
