from modeltranslation.translator import TranslationOptions, register

from .models import Campus, Hub, ServiceZone


@register(Campus)
class CampusTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceZone)
class ServiceZoneTranslation(TranslationOptions):
    fields = ("name",)


@register(Hub)
class HubTranslation(TranslationOptions):
    fields = ("name",)
