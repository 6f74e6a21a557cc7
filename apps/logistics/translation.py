from modeltranslation.translator import TranslationOptions, register

from .models import Hub, ServiceArea


@register(ServiceArea)
class ServiceAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Hub)
class HubTranslation(TranslationOptions):
    fields = ("name",)
