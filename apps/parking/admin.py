"""Admin for the parking department: lots with live counts, their spaces and sensor states."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import selectors
from .models import ParkingLot, ParkingSpace


class ParkingSpaceInline(admin.TabularInline):
    model = ParkingSpace
    extra = 0
    fields = ["label", "sensor_id", "ev_charger", "accessible", "compact", "state", "last_event_at"]
    readonly_fields = ["state", "last_event_at"]
    show_change_link = True


@admin.register(ParkingLot)
class ParkingLotAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "capacity",
        "free",
        "occupied",
        "unknown",
        "is_active",
        "is_demo",
    ]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en", "address_ko", "operator"]
    inlines = [ParkingSpaceInline]

    def get_queryset(self, request):
        return selectors.lot_list(active_only=False)

    @admin.display(description=_("free"), ordering="num_free")
    def free(self, obj):
        return obj.num_free

    @admin.display(description=_("occupied"), ordering="num_occupied")
    def occupied(self, obj):
        return obj.num_occupied

    @admin.display(description=_("unknown"), ordering="num_unknown")
    def unknown(self, obj):
        return obj.num_unknown


@admin.register(ParkingSpace)
class ParkingSpaceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sensor_id", "state", "state_changed_at", "last_event_at"]
    list_filter = ["state", "ev_charger", "accessible", "compact", "lot"]
    search_fields = ["label", "sensor_id", "lot__code", "lot__name_ko", "lot__name_en"]
    list_select_related = ["lot"]
    readonly_fields = ["state_changed_at", "last_event_at", "silent_alert_sent_at"]
    autocomplete_fields = ["lot"]
