from modeltranslation.translator import TranslationOptions, register

from .models import Agency, FareProduct, Network, RiderCategory, Route, ServiceAlert, Stop, Trip


# Operator names show on plan legs ("route.agency"): translations.txt names them per language.
@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name",)


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


# Fare names show on plans, tickets and receipts: the demo fares name them in both languages; a
# feed's own names land in the import language and fall back to it in the other.
@register(RiderCategory)
class RiderCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(FareProduct)
class FareProductTranslation(TranslationOptions):
    fields = ("name",)


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name",)
