from modeltranslation.translator import TranslationOptions, register

from .models import Notification


@register(Notification)
class NotificationTranslation(TranslationOptions):
    fields = ("title", "body")
