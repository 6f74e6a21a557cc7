"""Admin for the transport department: campuses, zones and hubs (editing), buses with their live
position and plan (the live board), bookings with every transition, the trip log as CSV, the
demand survey."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import selectors
from .models import Booking, BookingEvent, Campus, DemandSurveyResponse, Hub, ServiceZone, Vehicle


@admin.register(Campus)
class CampusAdmin(TranslationAdmin):
    list_display = ["code", "name", "university", "tier", "is_active", "is_demo"]
    list_filter = ["university", "tier", "is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(ServiceZone)
class ServiceZoneAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "phase",
        "serves_students",
        "serves_citizens",
        "is_transport_poor",
        "is_active",
    ]
    list_filter = ["phase", "is_active"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(Hub)
class HubAdmin(TranslationAdmin):
    list_display = ["code", "name", "lat", "lon", "campus", "is_main", "is_active", "is_demo"]
    list_filter = ["zones", "is_main", "is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]
    filter_horizontal = ["zones"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    """The live board of buses: where each is, when it last reported, how many stops are left."""

    list_display = [
        "code",
        "plate",
        "zone",
        "capacity",
        "on_board",
        "stops_left",
        "next_stop_eta",
        "position_at",
        "is_active",
    ]
    list_filter = ["zone", "is_active", "is_demo"]
    search_fields = ["code", "plate"]
    readonly_fields = ["lat", "lon", "position_at", "plan", "plan_updated_at"]
    list_select_related = ["zone"]

    @admin.display(description=_("on board"))
    def on_board(self, obj):
        return obj.bookings.filter(status=Booking.Status.ON_BOARD).count()

    @admin.display(description=_("stops left"))
    def stops_left(self, obj):
        return len(obj.plan)

    @admin.display(description=_("next stop ETA"))
    def next_stop_eta(self, obj):
        return obj.plan[0]["eta"][11:16] if obj.plan else "-"


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "actor_user", "actor_device", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OpenFilter(admin.SimpleListFilter):
    title = _("open requests")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("1", _("Open"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(status__in=selectors.OPEN_STATUSES)
        return queryset


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "status",
        "rider_class",
        "pickup_hub",
        "dropoff_hub",
        "vehicle",
        "pickup_eta",
        "boarded_at",
        "alighted_at",
        "rating",
    ]
    list_filter = [OpenFilter, "status", "rider_class", "zone", "source", "rating"]
    list_select_related = ["pickup_hub", "dropoff_hub", "vehicle"]
    readonly_fields = [f.name for f in Booking._meta.fields]
    inlines = [BookingEventInline]
    change_list_template = "admin/drt/booking/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "trip-log.csv",
                self.admin_site.admin_view(self.trip_log_csv),
                name="drt_booking_trip_log",
            ),
            *super().get_urls(),
        ]

    def trip_log_csv(self, request):
        """Boarding and alighting stop and time, rider class and vehicle of every finished ride
        (no rider: the city's platform gets travel data, not people)."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="drt-trip-log-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Korean names correctly
        writer = csv.writer(response)
        writer.writerow(
            [
                "trip_id",
                "rider_class",
                "vehicle",
                "board_stop",
                "board_time",
                "alight_stop",
                "alight_time",
                "passengers",
            ]
        )
        for b in selectors.trip_log():
            writer.writerow(
                [
                    b.id,
                    b.rider_class,
                    b.vehicle.code if b.vehicle else "",
                    b.pickup_hub.code,
                    b.boarded_at.isoformat() if b.boarded_at else "",
                    b.dropoff_hub.code,
                    b.alighted_at.isoformat() if b.alighted_at else "",
                    b.passengers,
                ]
            )
        return response


@admin.register(DemandSurveyResponse)
class DemandSurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["created_at", "term", "campus", "weekday", "arrive_by", "wants_drt"]
    list_filter = ["term", "campus", "weekday", "wants_drt"]
    readonly_fields = ["user"]
