"""Admin for the health department: programmes and their participants, with the city-sharing
statistics (level 1/2 members only) and the satisfaction KPI; the consent ledger and the access log,
read-only. Members' health records themselves are not browsable here: staff read a member's
summary through the staff endpoint, which needs a stated purpose and is logged for the member."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import sharing
from .models import ConsentRecord, HealthAccessEvent, Participation, Programme


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["user", "joined_on", "left_on"]
    raw_id_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "kind", "place", "participants", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["code", "name_ko", "name_en", "place"]
    inlines = [ParticipationInline]
    change_list_template = "admin/health/programme/change_list.html"

    @admin.display(description=_("participants"))
    def participants(self, obj):
        return obj.participations.count()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "health_stats": sharing.city_statistics(),
            "satisfaction": sharing.satisfaction_summary(),
        }
        return super().changelist_view(request, extra_context=extra_context)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(_ReadOnly):
    """Append-only: a level changes by a new record (the member in the app, or staff on the
    member's request through the service), never by editing one here."""

    list_display = ["user", "level", "source", "created_at"]
    list_filter = ["level", "source"]
    raw_id_fields = ["user", "recorded_by"]


@admin.register(HealthAccessEvent)
class HealthAccessEventAdmin(_ReadOnly):
    list_display = ["at", "owner", "actor_kind", "actor", "what", "purpose"]
    list_filter = ["actor_kind"]
    raw_id_fields = ["owner", "actor"]
