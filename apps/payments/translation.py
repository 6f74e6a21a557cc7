from modeltranslation.translator import TranslationOptions, register

from .models import Order, OrderLine


@register(Order)
class OrderTranslation(TranslationOptions):
    fields = ("description",)


@register(OrderLine)
class OrderLineTranslation(TranslationOptions):
    fields = ("label",)
