"""Admin for the city: the fleet table and fleet map, stations, spots, zones, tariffs, coupons,
heritage tour courses, photo review, the rebalancing view and the monthly report (CSV)."""

import math

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from apps.core.files import private_file_url

from . import reports, selectors, services
from .models import (
    Coupon,
    CouponRedemption,
    FreeRideDay,
    GeofenceZone,
    NicheSpot,
    Operator,
    PricingPlan,
    Rental,
    Station,
    TourCourse,
    TourCourseStop,
    Vehicle,
    VehicleType,
)


@admin.register(Operator)
class OperatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "kind", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ko", "name_en"]
    # operators' sites are https; Django 6 assumes so for a URL typed without a scheme
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PricingPlan)
class PricingPlanAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "base_price_krw",
        "ride_cap_krw",
        "daily_cap_krw",
        "is_demo",
        "is_active",
    ]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(VehicleType)
class VehicleTypeAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "operator",
        "form_factor",
        "propulsion",
        "max_range_m",
        "pricing_plan",
    ]
    list_filter = ["form_factor", "propulsion", "operator", "free_floating"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(Station)
class StationAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "capacity",
        "bikes_available",
        "docks_available",
        "is_installed",
        "is_renting",
        "is_returning",
        "is_demo",
    ]
    list_filter = ["operator", "is_installed", "is_renting", "is_returning", "is_demo"]
    search_fields = ["code", "name_ko", "name_en", "address_ko"]

    def get_queryset(self, request):
        return selectors.station_list(active_only=False)

    @admin.display(description=_("bikes available"), ordering="num_bikes_available")
    def bikes_available(self, obj):
        return obj.num_bikes_available

    @admin.display(description=_("free docks"), ordering="num_docks_available")
    def docks_available(self, obj):
        return max(0, obj.num_docks_available)

    def get_urls(self):
        return [
            path(
                "rebalancing/",
                self.admin_site.admin_view(self.rebalancing_view),
                name="rentals_station_rebalancing",
            ),
            *super().get_urls(),
        ]

    def rebalancing_view(self, request):
        """Stations with too few bikes (bring bikes) or too many (take some away, free docks)."""
        stations = list(selectors.station_list().filter(is_installed=True))
        too_few = [s for s in stations if s.num_bikes_available < s.min_bikes]
        too_many = [
            s for s in stations if s.num_bikes_available > s.max_bikes or s.num_docks_available <= 0
        ]
        for s in too_few:
            s.move = s.min_bikes - s.num_bikes_available
        for s in too_many:
            s.move = max(
                s.num_bikes_available - s.max_bikes, 1 if s.num_docks_available <= 0 else 0
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rebalancing"),
            "opts": self.model._meta,
            "too_few": too_few,
            "too_many": too_many,
        }
        return TemplateResponse(request, "admin/rentals/rebalancing.html", context)


@admin.register(NicheSpot)
class NicheSpotAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "district",
        "stage",
        "capacity",
        "occupied",
        "is_active",
        "is_demo",
    ]
    list_filter = ["kind", "district", "stage", "is_active", "is_demo"]
    search_fields = ["code", "name_ko", "name_en"]

    def get_queryset(self, request):
        return selectors.spot_list(active_only=False)

    @admin.display(description=_("occupancy"), ordering="occupancy")
    def occupied(self, obj):
        return obj.occupancy


class BatteryFilter(admin.SimpleListFilter):
    title = _("battery")
    parameter_name = "battery"

    def lookups(self, request, model_admin):
        return [("low", _("below 20%")), ("mid", _("20–60%")), ("high", _("above 60%"))]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.filter(battery_percent__lt=20)
        if self.value() == "mid":
            return queryset.filter(battery_percent__gte=20, battery_percent__lte=60)
        if self.value() == "high":
            return queryset.filter(battery_percent__gt=60)
        return queryset


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    """The fleet table."""

    list_display = [
        "code",
        "vehicle_type",
        "status",
        "battery_percent",
        "station",
        "spot",
        "map_link",
        "last_reported",
    ]
    list_filter = [
        "status",
        "vehicle_type",
        "vehicle_type__operator",
        BatteryFilter,
        "station",
        "spot__district",
    ]
    search_fields = ["code", "station__name_ko", "spot__name_ko"]
    list_select_related = ["vehicle_type", "station", "spot"]
    readonly_fields = ["public_id", "last_reported"]
    actions = ["mark_maintenance", "mark_available", "mark_lost"]

    def get_urls(self):
        return [
            path(
                "map/",
                self.admin_site.admin_view(self.fleet_map_view),
                name="rentals_vehicle_map",
            ),
            *super().get_urls(),
        ]

    def fleet_map_view(self, request):
        """Every vehicle and station on one map, coloured by status.

        A server-drawn SVG scatter of lat/lon rather than Leaflet: admin pages load no
        JavaScript or tiles from elsewhere (the web client's Leaflet is bundled into its own
        build, not served to admin), so this works offline and behind the city's firewall."""
        vehicles = list(
            Vehicle.objects.select_related("vehicle_type", "station", "spot").order_by("code")
        )
        stations = list(selectors.station_list(active_only=False))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fleet map"),
            "opts": self.model._meta,
            **fleet_map(vehicles=vehicles, stations=stations),
        }
        return TemplateResponse(request, "admin/rentals/fleet_map.html", context)

    @admin.display(description=_("map"))
    def map_link(self, obj):
        lat, lon = selectors.vehicle_position(vehicle=obj)
        if lat is None:
            return "—"
        return format_html(
            '<a href="https://www.openstreetmap.org/?mlat={0}&mlon={1}#map=18/{0}/{1}">{0}, {1}</a>',
            f"{lat:.5f}",
            f"{lon:.5f}",
        )

    def _set_status(self, request, queryset, status, allowed):
        # only vehicles not in a ride: a ride in progress is never taken from its rider
        count = queryset.filter(status__in=allowed).update(status=status)
        self.message_user(
            request, _("%(count)d vehicles updated.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Send to maintenance"))
    def mark_maintenance(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Vehicle.Status.MAINTENANCE,
            [Vehicle.Status.AVAILABLE, Vehicle.Status.LOST],
        )

    @admin.action(description=_("Back in service"))
    def mark_available(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Vehicle.Status.AVAILABLE,
            [Vehicle.Status.MAINTENANCE, Vehicle.Status.LOST],
        )

    @admin.action(description=_("Mark as lost"))
    def mark_lost(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Vehicle.Status.LOST,
            [Vehicle.Status.AVAILABLE, Vehicle.Status.MAINTENANCE],
        )


MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 900, 600, 30
STATUS_COLOURS = {
    Vehicle.Status.AVAILABLE: "#16a34a",
    Vehicle.Status.RESERVED: "#2563eb",
    Vehicle.Status.IN_USE: "#7c3aed",
    Vehicle.Status.MAINTENANCE: "#f59e0b",
    Vehicle.Status.LOST: "#dc2626",
}


def fleet_map(*, vehicles: list[Vehicle], stations: list[Station]) -> dict:
    """Project lat/lon onto an SVG canvas (equirectangular, longitude scaled by cos(latitude):
    true to scale over a city). Vehicles docked at one place fan out around it so each shows."""
    placed = [(v, *selectors.vehicle_position(vehicle=v)) for v in vehicles]
    points = [(lat, lon) for _v, lat, lon in placed if lat is not None]
    points += [(s.lat, s.lon) for s in stations]
    if not points:
        return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "dots": [], "places": [], "legend": []}
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    mid = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * mid, 1e-4)
    span_y = max(max(lats) - min(lats), 1e-4)
    scale = min((MAP_WIDTH - 2 * MAP_PAD) / span_x, (MAP_HEIGHT - 2 * MAP_PAD) / span_y)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(MAP_PAD + (lon - min(lons)) * mid * scale, 1),
            round(MAP_HEIGHT - MAP_PAD - (lat - min(lats)) * scale, 1),
        )

    places = [
        {"station": s, "x": x, "y": y, "bikes": s.num_bikes_available, "rx": x - 7, "ry": y - 7}
        for s in stations
        for x, y in [xy(s.lat, s.lon)]
    ]
    dots, crowd = [], {}
    unplaced = []
    for v, lat, lon in placed:
        if lat is None:
            unplaced.append(v)
            continue
        x, y = xy(lat, lon)
        n = crowd[(x, y)] = crowd.get((x, y), -1) + 1
        if n:  # golden-angle spiral around the shared point
            angle, radius = math.radians(n * 137.5), 5 + 2.2 * math.sqrt(n)
            x, y = round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1)
        dots.append({"vehicle": v, "x": x, "y": y, "colour": STATUS_COLOURS[v.status]})
    counts = {status: 0 for status in STATUS_COLOURS}
    for v in vehicles:
        counts[v.status] = counts.get(v.status, 0) + 1
    legend = [
        {"label": label, "colour": STATUS_COLOURS[value], "count": counts.get(value, 0)}
        for value, label in Vehicle.Status.choices
    ]
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "dots": dots,
        "places": places,
        "legend": legend,
        "unplaced": unplaced,
        "vehicles": vehicles,
    }


class TourCourseStopInline(TranslationTabularInline):
    model = TourCourseStop
    extra = 1
    fields = ["position", "station", "name", "lat", "lon", "note"]
    autocomplete_fields = ["station"]
    ordering = ["position"]


@admin.register(TourCourse)
class TourCourseAdmin(TranslationAdmin):
    list_display = ["code", "name", "stop_count", "distance_m", "riding_minutes", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_ko", "name_en"]
    readonly_fields = ["distance_m", "riding_minutes"]
    inlines = [TourCourseStopInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_stops=Count("stops"))

    @admin.display(description=_("stops"), ordering="num_stops")
    def stop_count(self, obj):
        return obj.num_stops

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # the stops are saved now: distance and riding time follow them
        services.tour_course_recompute(course_id=form.instance.id)


@admin.register(GeofenceZone)
class GeofenceZoneAdmin(TranslationAdmin):
    list_display = ["name", "kind", "max_speed_kph", "is_active", "is_demo"]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Coupon)
class CouponAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "value",
        "max_redemptions",
        "redeemed_count",
        "valid_until",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(CouponRedemption)
class CouponRedemptionAdmin(admin.ModelAdmin):
    list_display = ["coupon", "user", "rental", "redeemed_at"]
    list_filter = ["coupon"]
    search_fields = ["coupon__code", "user__phone"]
    list_select_related = ["coupon", "user", "rental", "rental__vehicle"]


@admin.register(FreeRideDay)
class FreeRideDayAdmin(TranslationAdmin):
    list_display = ["date", "name"]
    search_fields = ["name_ko", "name_en"]
    date_hierarchy = "date"


class PhotoReviewFilter(admin.SimpleListFilter):
    title = _("photo review")
    parameter_name = "photo"

    def lookups(self, request, model_admin):
        return Rental.PhotoReview.choices

    def queryset(self, request, queryset):
        return queryset.filter(photo_review=self.value()) if self.value() else queryset


@admin.register(Rental)
class RentalAdmin(admin.ModelAdmin):
    list_display = [
        "vehicle",
        "user",
        "status",
        "started_at",
        "minutes",
        "amount_krw",
        "payment_status",
        "end_place",
        "photo_thumb",
        "photo_review",
    ]
    list_filter = [
        "status",
        "payment_status",
        PhotoReviewFilter,
        "rider_category",
        "start_station",
        "end_station",
    ]
    search_fields = ["vehicle__code", "user__phone", "id"]
    list_select_related = ["vehicle", "user", "end_station", "end_spot"]
    date_hierarchy = "created_at"
    actions = ["approve_photos", "reject_photos"]
    readonly_fields = ["photo_preview", "price_breakdown", "order_id"]
    exclude = ["return_photo"]  # shown by photo_preview; only the rider's phone uploads it

    @admin.display(description=_("returned at"))
    def end_place(self, obj):
        return (
            obj.end_station
            or obj.end_spot
            or (f"{obj.end_lat:.5f}, {obj.end_lon:.5f}" if obj.end_lat else "—")
        )

    # Signed, short-lived links: this page is only reached with the admin's view permission.
    @admin.display(description=_("photo"))
    def photo_thumb(self, obj):
        url = private_file_url(field_file=obj.return_photo)
        if not url:
            return "—"
        return format_html('<a href="{0}"><img src="{0}" style="max-height:60px"></a>', url)

    @admin.display(description=_("return photo"))
    def photo_preview(self, obj):
        url = private_file_url(field_file=obj.return_photo)
        if not url:
            return "—"
        return format_html('<img src="{}" style="max-width:480px">', url)

    def _review(self, request, queryset, approved: bool):
        count = 0
        for rental_id in queryset.exclude(photo_review=Rental.PhotoReview.NOT_NEEDED).values_list(
            "id", flat=True
        ):
            services.rental_photo_review(
                rental_id=rental_id, reviewer=request.user, approved=approved
            )
            count += 1
        self.message_user(
            request, _("%(count)d photos reviewed.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Approve return photos"))
    def approve_photos(self, request, queryset):
        self._review(request, queryset, True)

    @admin.action(description=_("Reject return photos"))
    def reject_photos(self, request, queryset):
        self._review(request, queryset, False)

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="rentals_rental_report",
            ),
            path(
                "report.csv",
                self.admin_site.admin_view(self.report_csv_view),
                name="rentals_rental_report_csv",
            ),
            *super().get_urls(),
        ]

    def report_view(self, request):
        month = reports.parse_month(request.GET.get("month"))
        report = reports.monthly_report(month=month)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Monthly report"),
            "opts": self.model._meta,
            "report": report,
            "month": month,
            "csv_url": reverse("admin:rentals_rental_report_csv") + f"?month={month:%Y-%m}",
        }
        return TemplateResponse(request, "admin/rentals/report.html", context)

    def report_csv_view(self, request):
        month = reports.parse_month(request.GET.get("month"))
        return reports.monthly_report_csv_response(month=month)
