"""Admin for the parking department: lots with live counts, their spaces and sensor states."""

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import kpis, payouts, selectors
from .models import (
    OperatorSession,
    ParkingHost,
    ParkingLot,
    ParkingSpace,
    PlaceException,
    PlaceWindow,
    Reservation,
    ReservationCharge,
    SharedPlace,
    Vehicle,
)


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
    readonly_fields = ["occupancy_by_hour"]

    def get_queryset(self, request):
        return selectors.lot_list(active_only=False)

    def get_urls(self):
        return [
            path("kpis/", self.admin_site.admin_view(self.kpis_view), name="parking_kpis"),
            path("kpis.csv", self.admin_site.admin_view(self.kpis_csv), name="parking_kpis_csv"),
            *super().get_urls(),
        ]

    def kpis_view(self, request):
        """The plan's KPIs: shared places' use rate, occupancy per lot and hour, illegal-parking
        civil requests per month before and after sharing started (apps/parking/kpis.py)."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        rep = kpis.report()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Parking KPIs"),
            "opts": self.model._meta,
            "report": rep,
            "hours": kpis.HOURS,
            "occupancy_rows": [
                (lot, [by_hour.get(h) for h in kpis.HOURS]) for lot, by_hour in rep.occupancy
            ],
            "mean_before": rep.monthly_mean(after=False),
            "mean_after": rep.monthly_mean(after=True),
        }
        return TemplateResponse(request, "admin/parking/kpis.html", context)

    def kpis_csv(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        response = HttpResponse(kpis.report_csv(kpis.report()), content_type="text/csv")
        stamp = timezone.localtime().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="parking-kpis-{stamp}.csv"'
        return response

    @admin.display(description=_("occupancy by hour (last 4 weeks)"))
    def occupancy_by_hour(self, obj):
        rows = selectors.lot_occupancy_by_hour(lot_id=obj.id) if obj.pk else []
        if not rows:
            return _("No history yet (snapshots every 5 minutes).")
        return format_html(
            '<table class="parking-occupancy"><tr><th>{}</th><th>{}</th><th></th></tr>{}</table>',
            _("hour"),
            _("occupied"),
            format_html_join(
                "",
                "<tr><td>{:02d}:00</td><td>{}%</td>"
                '<td><span style="display:inline-block;height:0.8em;width:{}px;'
                'background:#2b6cb0"></span></td></tr>',
                ((r["hour"], r["occupied_percent"], r["occupied_percent"] * 2) for r in rows),
            ),
        )

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


# --- parking sharing ----------------------------------------------------------------------------


@admin.action(description=_("Export last month's settlement (CSV)"))
def export_settlement(modeladmin, request, queryset):
    start, end = payouts.previous_month(timezone.localdate())
    text = payouts.settlement_csv(start=start, end=end, hosts=list(queryset))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="parking-settlement-{start:%Y-%m}.csv"'
    return response


@admin.register(ParkingHost)
class ParkingHostAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    actions = [export_settlement]


class PlaceWindowInline(admin.TabularInline):
    model = PlaceWindow
    extra = 0


class PlaceExceptionInline(admin.TabularInline):
    model = PlaceException
    extra = 0


@admin.register(SharedPlace)
class SharedPlaceAdmin(TranslationAdmin):
    list_display = [
        "name",
        "host",
        "capacity",
        "unit_minutes",
        "unit_krw",
        "use_rate",
        "is_active",
        "is_demo",
    ]
    list_filter = ["is_active", "is_demo", "host__kind"]
    search_fields = ["name_ko", "name_en", "address_ko"]
    autocomplete_fields = ["host", "lot"]
    inlines = [PlaceWindowInline, PlaceExceptionInline]

    @admin.display(description=_("use rate (30 days)"))
    def use_rate(self, obj):
        rate = selectors.place_use_rate(place=obj)
        return "–" if rate is None else f"{rate:.0%}"


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["plate", "user", "nickname", "created_at"]
    search_fields = ["plate"]
    raw_id_fields = ["user"]


class ReservationChargeInline(admin.TabularInline):
    model = ReservationCharge
    extra = 0
    can_delete = False
    fields = ["kind", "amount_krw", "refunded_krw", "status", "order_id", "paid_at", "refunded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["place", "plate", "start_at", "end_at", "status", "price_krw", "refunded_krw"]
    list_filter = ["status", "place"]
    search_fields = ["plate", "place__name_ko", "place__name_en"]
    date_hierarchy = "start_at"
    list_select_related = ["place"]
    raw_id_fields = ["user", "vehicle"]
    readonly_fields = [
        "user",
        "vehicle",
        "plate",
        "place",
        "start_at",
        "end_at",
        "status",
        "price_krw",
        "refunded_krw",
        "idempotency_key",
        "fingerprint",
        "cancelled_at",
        "reminder_sent_at",
    ]
    inlines = [ReservationChargeInline]

    def has_add_permission(self, request):
        return False


@admin.register(OperatorSession)
class OperatorSessionAdmin(admin.ModelAdmin):
    list_display = ["session_id", "device", "lot", "place", "start_at", "end_at"]
    list_filter = ["device"]
    search_fields = ["session_id", "plate_hash"]
    readonly_fields = [
        "device",
        "session_id",
        "lot",
        "place",
        "plate_hash",
        "start_at",
        "end_at",
        "fingerprint",
    ]

    def has_add_permission(self, request):
        return False
