from modeltranslation.translator import TranslationOptions, register

from .models import Route, ServiceAlert, Stop, Trip


@register(Stop)
class StopTranslation(TranslationOptions):
    fields = ("name",)


@register(Route)
class RouteTranslation(TranslationOptions):
    fields = ("short_name", "long_name")


@register(Trip)
class TripTranslation(TranslationOptions):
    fields = ("headsign",)


@register(ServiceAlert)
class ServiceAlertTranslation(TranslationOptions):
    fields = ("header", "description", "url")
