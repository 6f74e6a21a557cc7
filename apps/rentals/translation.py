from modeltranslation.translator import TranslationOptions, register

from .models import (
    Coupon,
    FreeRideDay,
    GeofenceZone,
    NicheSpot,
    Operator,
    PricingPlan,
    Station,
    TourCourse,
    TourCourseStop,
    VehicleType,
)


@register(Operator)
class OperatorTranslation(TranslationOptions):
    fields = ("name",)


@register(PricingPlan)
class PricingPlanTranslation(TranslationOptions):
    fields = ("name", "description")


@register(VehicleType)
class VehicleTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(Station)
class StationTranslation(TranslationOptions):
    fields = ("name", "address")


@register(NicheSpot)
class NicheSpotTranslation(TranslationOptions):
    fields = ("name", "district")


@register(GeofenceZone)
class GeofenceZoneTranslation(TranslationOptions):
    fields = ("name",)


@register(Coupon)
class CouponTranslation(TranslationOptions):
    fields = ("name",)


@register(FreeRideDay)
class FreeRideDayTranslation(TranslationOptions):
    fields = ("name",)


@register(TourCourse)
class TourCourseTranslation(TranslationOptions):
    fields = ("name", "description", "source")


@register(TourCourseStop)
class TourCourseStopTranslation(TranslationOptions):
    fields = ("name", "note")
