from django.contrib import admin
from django.db.models import URLField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import models as m


@admin.register(m.Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds come from `manage.py import_gtfs` / `make seed`; staff look, they do not edit."""

    list_display = ["name", "version", "is_live", "imported_at", "timezone", "default_lang"]
    list_filter = ["is_live", "name"]
    search_fields = ["name", "version", "source"]
    readonly_fields = [
        "name",
        "version",
        "imported_at",
        "is_live",
        "timezone",
        "default_lang",
        "source",
        "stats",
        "report_table",
    ]
    SEVERITIES = {"error": _("error"), "warning": _("warning"), "info": _("info")}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("validation report"))
    def report_table(self, obj):
        """The import's findings per notice code (the canonical GTFS validator's names)."""
        notices = (obj.report or {}).get("notices", [])
        if not notices:
            return _("No findings.")
        rows = format_html_join(
            "",
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    n["code"],
                    self.SEVERITIES.get(n["severity"], n["severity"]),
                    n["count"],
                    format_html_join(mark_safe("<br>"), "{}", ((e,) for e in n["examples"])),
                )
                for n in notices
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Code"),
            _("Severity"),
            _("Count"),
            _("Examples"),
            rows,
        )


class FeedRowAdmin(admin.ModelAdmin):
    list_filter = ["feed"]
    list_select_related = ["feed"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False  # rows change by re-importing the feed


@admin.register(m.Stop)
class StopAdmin(FeedRowAdmin, TranslationAdmin):
    list_display = ["stop_id", "name", "code", "location_type", "lat", "lon", "feed"]
    list_filter = ["feed", "location_type", "wheelchair_boarding"]
    search_fields = ["stop_id", "code", "name_ko", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(m.Route)
class RouteAdmin(FeedRowAdmin, TranslationAdmin):
    list_display = ["route_id", "short_name", "long_name", "route_type", "agency", "feed"]
    list_filter = ["feed", "route_type"]
    search_fields = ["route_id", "short_name_ko", "short_name_en", "long_name_ko", "long_name_en"]


@admin.register(m.Trip)
class TripAdmin(FeedRowAdmin, TranslationAdmin):
    list_display = [
        "trip_id",
        "route",
        "service_id",
        "headsign",
        "direction_id",
        "is_frequency_template",
        "feed",
    ]
    list_filter = ["feed", "direction_id", "is_frequency_template"]
    search_fields = ["trip_id", "service_id", "headsign_ko", "headsign_en", "short_name"]
    raw_id_fields = ["route"]


@admin.register(m.StopTime)
class StopTimeAdmin(FeedRowAdmin):
    list_display = [
        "trip",
        "stop_sequence",
        "stop",
        "arrival",
        "departure",
        "pickup_type",
        "drop_off_type",
    ]
    search_fields = ["trip__trip_id", "stop__stop_id"]
    raw_id_fields = ["trip", "stop"]
    list_select_related = ["trip", "stop"]


def _simple(model, display, search, filters=(), translated=False):
    # translated: the model's names are in ko and en (translation.py); staff edit both
    bases = (FeedRowAdmin, TranslationAdmin) if translated else (FeedRowAdmin,)
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            bases,
            {
                "list_display": [*display, "feed"],
                "search_fields": search,
                "list_filter": ["feed", *filters],
            },
        ),
    )


_simple(
    m.Agency,
    ["agency_id", "name", "timezone", "lang"],
    ["agency_id", "name_ko", "name_en"],
    translated=True,
)
_simple(
    m.Calendar,
    ["service_id", "monday", "saturday", "sunday", "start_date", "end_date"],
    ["service_id"],
)
_simple(
    m.CalendarDate, ["service_id", "date", "exception_type"], ["service_id"], ["exception_type"]
)
_simple(m.Shape, ["shape_id"], ["shape_id"])
_simple(m.Frequency, ["trip", "start_time", "end_time", "headway_secs"], ["trip__trip_id"])
_simple(
    m.Transfer,
    ["from_stop", "to_stop", "transfer_type", "min_transfer_time"],
    ["from_stop__stop_id", "to_stop__stop_id"],
    ["transfer_type"],
)
_simple(
    m.FareAttribute,
    ["fare_id", "price", "currency_type", "transfers", "transfer_duration"],
    ["fare_id"],
)
_simple(
    m.FareRule,
    ["fare", "route_id", "origin_id", "destination_id", "contains_id"],
    ["fare__fare_id", "route_id"],
)
_simple(
    m.RiderCategory,
    ["rider_category_id", "name", "is_default"],
    ["rider_category_id", "name"],
    translated=True,
)
_simple(m.FareMedia, ["fare_media_id", "name", "fare_media_type"], ["fare_media_id", "name"])
_simple(
    m.FareProduct,
    ["fare_product_id", "name", "amount", "currency", "rider_category_id"],
    ["fare_product_id", "name"],
    translated=True,
)
_simple(m.Network, ["network_id", "name"], ["network_id", "name"], translated=True)
_simple(m.RouteNetwork, ["network_id", "route_id"], ["network_id", "route_id"])
_simple(m.Area, ["area_id", "name"], ["area_id", "name"])
_simple(m.StopArea, ["area_id", "stop_id"], ["area_id", "stop_id"])
_simple(
    m.Timeframe,
    ["timeframe_group_id", "start_time", "end_time", "service_id"],
    ["timeframe_group_id"],
)
_simple(
    m.FareLegRule,
    ["leg_group_id", "network_id", "from_area_id", "to_area_id", "fare_product_id"],
    ["leg_group_id", "fare_product_id"],
)
_simple(
    m.FareTransferRule,
    ["from_leg_group_id", "to_leg_group_id", "fare_transfer_type", "duration_limit"],
    ["from_leg_group_id", "to_leg_group_id"],
)


@admin.register(m.FeedInfo)
class FeedInfoAdmin(admin.ModelAdmin):
    list_display = ["publisher_name", "feed", "lang", "version", "start_date", "end_date"]
    list_filter = ["lang"]
    search_fields = ["publisher_name", "version"]


# --- Live buses: service alerts, favourite stops, TAGO id mapping -------------------------------


class ServiceAlertPeriodInline(admin.TabularInline):
    model = m.ServiceAlertPeriod
    extra = 1


class ServiceAlertEntityInline(admin.TabularInline):
    model = m.ServiceAlertEntity
    extra = 1


@admin.register(m.ServiceAlert)
class ServiceAlertAdmin(TranslationAdmin):
    """Alerts staff write in Korean and English; shown in the app and exported in alerts.pb."""

    list_display = ["header", "cause", "effect", "is_published", "updated_at"]
    list_filter = ["is_published", "cause", "effect"]
    search_fields = ["header_ko", "header_en", "description_ko", "description_en"]
    inlines = [ServiceAlertPeriodInline, ServiceAlertEntityInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


@admin.register(m.FavouriteStop)
class FavouriteStopAdmin(admin.ModelAdmin):
    list_display = ["user", "feed_name", "stop_id", "notify_minutes", "created_at"]
    list_filter = ["feed_name", "notify_minutes"]
    search_fields = ["stop_id", "user__phone"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(m.FavouriteArrivalNotice)
class FavouriteArrivalNoticeAdmin(admin.ModelAdmin):
    list_display = ["favourite", "key", "route_id", "arrival_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["key", "route_id", "favourite__stop_id"]
    list_select_related = ["favourite"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(m.TagoIdMapping)
class TagoIdMappingAdmin(admin.ModelAdmin):
    list_display = ["kind", "tago_id", "gtfs_id", "feed_name", "note"]
    list_filter = ["kind", "feed_name"]
    search_fields = ["tago_id", "gtfs_id", "note"]


# --- trip tickets (apps/transit/services/tickets.py) --------------------------------------------


@admin.register(m.TripTicket)
class TripTicketAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "user",
        "status",
        "total_krw",
        "rider_category",
        "departure_at",
        "feed_name",
        "created_at",
    ]
    list_filter = ["status", "rider_category", "feed_name"]
    search_fields = ["id", "user__phone", "order_id"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = [f.name for f in m.TripTicket._meta.fields if f.name != "status"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # tickets are bought through the app (one payment per trip)
