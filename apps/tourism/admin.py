from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(TranslationAdmin):
    list_display = ["name", "category", "city", "is_open", "lat", "lon"]
    list_filter = ["category", "city", "is_open"]
    search_fields = ["name_ko", "name_en", "address"]
