from modeltranslation.translator import TranslationOptions, register

from .models import ConsentDocument, University


@register(ConsentDocument)
class ConsentDocumentTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ko",)


@register(University)
class UniversityTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)
