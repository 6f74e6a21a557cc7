"""Admin for the logistics department: service areas (the GIS table, boundaries as GeoJSON text),
hubs with locker banks and lockers, parcels (no address; the number masked), machines, missions,
machine events and commands, and the KPI statistics as CSV.

Residents' addresses are not in admin at all: only the assigned machine's mission reads them."""

import csv

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from apps.core.geo import point_in_geojson

from . import selectors, services
from .models import (
    Hub,
    Locker,
    LockerBank,
    Machine,
    MachineCommand,
    MachineEvent,
    Mission,
    Parcel,
    ServiceArea,
)


class ServiceAreaForm(forms.ModelForm):
    class Meta:
        model = ServiceArea
        exclude: list[str] = []
        widgets = {"geometry": forms.Textarea(attrs={"rows": 12, "cols": 80})}

    def clean_geometry(self):
        geometry = self.cleaned_data["geometry"]
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise forms.ValidationError(_("Enter a GeoJSON Polygon or MultiPolygon."))
        try:
            point_in_geojson(0.0, 0.0, geometry)
        except Exception as exc:
            raise forms.ValidationError(_("This GeoJSON boundary is not valid.")) from exc
        return geometry


@admin.register(ServiceArea)
class ServiceAreaAdmin(TranslationAdmin):
    form = ServiceAreaForm
    list_display = [
        "code",
        "name",
        "kind",
        "hub",
        "slope_percent",
        "drone_drop",
        "path_width_m",
        "clearance_height_m",
        "face_to_face",
        "modes",
        "is_active",
        "is_demo",
    ]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]
    change_list_template = "admin/logistics/servicearea/change_list.html"

    def changelist_view(self, request, extra_context=None):
        from .adminmap import admin_map

        return super().changelist_view(request, {**(extra_context or {}), "admin_map": admin_map()})

    @admin.display(description=_("possible modes"))
    def modes(self, obj):
        from .modes import options_for_area

        return ", ".join(o.mode for o in options_for_area(area=obj) if o.possible)


class LockerBankInline(admin.TabularInline):
    model = LockerBank
    extra = 0
    show_change_link = True


@admin.register(Hub)
class HubAdmin(TranslationAdmin):
    list_display = ["code", "name", "lat", "lon", "free", "total", "map_link", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]
    inlines = [LockerBankInline]

    def get_queryset(self, request):
        return selectors.hub_list()

    @admin.display(description=_("free lockers"))
    def free(self, obj):
        return obj.free_lockers

    @admin.display(description=_("lockers"))
    def total(self, obj):
        return obj.lockers

    @admin.display(description=_("map"))
    def map_link(self, obj):
        return format_html(
            '<a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}#map=16/{}/{}" '
            'rel="noopener" target="_blank">OSM</a>',
            obj.lat,
            obj.lon,
            obj.lat,
            obj.lon,
        )


class LockerInline(admin.TabularInline):
    model = Locker
    extra = 0
    fields = ["code", "size", "temperature", "status"]


@admin.register(LockerBank)
class LockerBankAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hub"]
    list_filter = ["hub"]
    search_fields = ["code", "hub__code"]
    inlines = [LockerInline]


@admin.register(Locker)
class LockerAdmin(admin.ModelAdmin):
    list_display = ["code", "bank", "size", "temperature", "status"]
    list_filter = ["status", "temperature", "size", "bank__hub"]
    search_fields = ["code", "bank__code", "bank__hub__code"]
    list_select_related = ["bank__hub"]


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    """Staff see the parcel, its locker and mode: never the address, and the number masked."""

    list_display = [
        "tracking_code",
        "hub",
        "locker",
        "kind",
        "size",
        "status",
        "mode",
        "phone",
        "arrived_at",
        "is_demo",
    ]
    list_filter = ["status", "mode", "kind", "hub", "is_demo"]
    search_fields = ["tracking_code"]
    list_select_related = ["hub", "locker"]
    exclude = ["recipient_phone", "pickup_code", "handover_code", "recipient", "intake_key"]
    readonly_fields = ["phone", "arrived_at", "finished_at", "attempts"]
    raw_id_fields = ["courier", "locker"]

    @admin.display(description=_("recipient phone"))
    def phone(self, obj):
        return selectors.phone_masked(obj.recipient_phone) if obj.recipient_phone else ""

    def has_add_permission(self, request):
        return False  # parcels come in through the courier intake (locker assigned atomically)


@admin.register(Machine)
class MachineAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "hub",
        "status",
        "battery_percent",
        "payload_g",
        "range_m",
        "last_seen_at",
        "device",
        "is_demo",
    ]
    list_filter = ["kind", "status", "hub", "is_demo"]
    search_fields = ["code", "name"]
    readonly_fields = ["lat", "lon", "last_seen_at"]
    actions = ["pause", "resume", "return_to_hub"]

    def _command(self, request, queryset, kind):
        for machine in queryset:
            services.machine_command_issue(user=request.user, machine_id=machine.id, kind=kind)
        self.message_user(request, _("Command logged."), messages.SUCCESS)

    @admin.action(description=_("Pause"))
    def pause(self, request, queryset):
        self._command(request, queryset, MachineCommand.Kind.PAUSE)

    @admin.action(description=_("Resume"))
    def resume(self, request, queryset):
        self._command(request, queryset, MachineCommand.Kind.RESUME)

    @admin.action(description=_("Return to the hub"))
    def return_to_hub(self, request, queryset):
        self._command(request, queryset, MachineCommand.Kind.RETURN_TO_HUB)


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    """Missions without their destination (the machine alone gets it)."""

    list_display = [
        "__str__",
        "machine",
        "mode",
        "hub",
        "area",
        "status",
        "distance_m",
        "departed_at",
        "eta",
        "ended_at",
    ]
    list_filter = ["status", "mode", "hub", "area"]
    list_select_related = ["machine", "hub", "area"]
    exclude = ["dest_lat", "dest_lon", "parcels"]
    readonly_fields = [
        "machine",
        "mode",
        "hub",
        "area",
        "status",
        "distance_m",
        "planned_seconds",
        "departed_at",
        "eta",
        "ended_at",
        "failure_reason",
    ]
    change_list_template = "admin/logistics/mission/change_list.html"

    def has_add_permission(self, request):
        return False  # planned by the dispatcher (mode rules, payload, battery)

    def get_urls(self):
        return [
            path(
                "stats.csv",
                self.admin_site.admin_view(self.stats_csv_view),
                name="logistics_mission_stats_csv",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "stats_csv_url": reverse("admin:logistics_mission_stats_csv"),
            "stats": selectors.delivery_stats(),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def stats_csv_view(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="logistics-deliveries.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Korean names correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(
            ["area", "area_name", "mode", "delivered", "failed", "returned", "success_rate"]
        )
        for row in selectors.delivery_stats():
            writer.writerow(
                [
                    row["area"],
                    row["area_name"],
                    row["mode"],
                    row["delivered"],
                    row["failed"],
                    row["returned"],
                    row["success_rate"],
                ]
            )
        return response


@admin.register(MachineEvent)
class MachineEventAdmin(admin.ModelAdmin):
    list_display = ["at", "machine", "vehicle_state", "event_types", "battery_percent"]
    list_filter = ["vehicle_state", "machine"]
    list_select_related = ["machine"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MachineCommand)
class MachineCommandAdmin(admin.ModelAdmin):
    list_display = ["created_at", "machine", "kind", "issued_by", "acknowledged_at"]
    list_filter = ["kind", "machine"]
    list_select_related = ["machine", "issued_by"]

    def has_add_permission(self, request):
        return False  # issued with the machine actions (logged with who issued them)

    def has_change_permission(self, request, obj=None):
        return False
