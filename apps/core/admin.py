from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from .models import AuditEvent, OpenDataConsumer, RoleAssignment
from .roles import role_group_name, role_revoke


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target"]
    list_filter = ["action"]
    search_fields = ["target", "actor__phone"]
    readonly_fields = ["at", "actor", "action", "target", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Staff give field workers their role (and the objects they work on). Saving grants the role's
    group; deleting revokes the assignment (and the role when it was the last one)."""

    list_display = ["user", "role", "target_type", "target_id", "granted_by", "created_at"]
    list_filter = ["role", "target_type"]
    search_fields = ["user__phone", "user__display_name", "target_id"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
        obj.user.groups.add(Group.objects.get_or_create(name=role_group_name(role=obj.role))[0])

    def delete_model(self, request, obj):
        _revoke_if_last(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _revoke_if_last(obj)


def _revoke_if_last(assignment: RoleAssignment) -> None:
    user, role = assignment.user, assignment.role
    assignment.delete()
    if not RoleAssignment.objects.filter(user=user, role=role).exists():
        role_revoke(user=user, role=role)


from .devices import admin as devices_admin  # noqa: E402, F401  (Device and DeviceKey admin)


@admin.register(OpenDataConsumer)
class OpenDataConsumerAdmin(admin.ModelAdmin):
    """Registered open-data consumers; the key is shown once, when the consumer is added."""

    list_display = ["name", "contact", "rate", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        from django.contrib import messages

        from .open_data import KEY_HEADER, open_data_key_new

        if not change:
            key, obj.key_hash = open_data_key_new()
            messages.warning(
                request,
                _("The key for %(name)s, shown only now: %(key)s (send it as %(header)s).")
                % {"name": obj.name, "key": key, "header": KEY_HEADER},
            )
        super().save_model(request, obj, form, change)
