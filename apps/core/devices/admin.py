"""Staff register devices, issue, rotate and revoke keys, and disable devices. A secret is shown
once, in the message after it is issued, and cannot be seen again (only re-issued)."""

from datetime import timedelta

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Device, DeviceKey

ROTATION_OVERLAP = timedelta(hours=24)


def _app_choices():
    return [
        (config.label, f"{config.verbose_name} ({config.label})")
        for config in apps.get_app_configs()
        if config.name.startswith("apps.")
    ]


class DeviceForm(forms.ModelForm):
    app_label = forms.ChoiceField(label=_("owning app"), choices=_app_choices)

    class Meta:
        model = Device
        fields = ["name", "kind", "app_label", "is_active", "metadata"]


class DeviceKeyInline(admin.TabularInline):
    model = DeviceKey
    extra = 0
    can_delete = False
    fields = ["key_id", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _show_secret(request, device: Device, key: DeviceKey, secret: str) -> None:
    messages.warning(
        request,
        format_html(
            _(
                "New key for {device}: key id <code>{key_id}</code>, secret <code>{secret}</code>. "
                "Copy the secret to the device now: it is shown only this once."
            ),
            device=device.name,
            key_id=key.key_id,
            secret=secret,
        ),
    )


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    form = DeviceForm
    list_display = [
        "name",
        "kind",
        "app_label",
        "is_active",
        "last_seen_at",
        "last_refusal_reason",
        "last_refusal_at",
    ]
    list_filter = ["kind", "app_label", "is_active"]
    search_fields = ["name", "keys__key_id"]
    readonly_fields = ["last_seen_at", "last_status", "last_refusal_at", "last_refusal_reason"]
    inlines = [DeviceKeyInline]
    actions = ["issue_key", "rotate_keys", "disable"]

    def save_model(self, request, obj, form, change):
        if change:
            services.device_validate(device=obj)
            super().save_model(request, obj, form, change)
            return
        # Registering = saving the device and issuing its first key, in one service call.
        device, secret = services.device_register(
            name=obj.name,
            kind=obj.kind,
            app_label=obj.app_label,
            metadata=obj.metadata,
            actor=request.user,
        )
        obj.pk, obj._state = device.pk, device._state
        obj.created_at, obj.updated_at = device.created_at, device.updated_at
        if not form.cleaned_data.get("is_active", True):
            services.device_disable(device=device, actor=request.user)
        _show_secret(request, device, device.keys.get(), secret)

    @admin.action(description=_("Issue a new key (existing keys stay valid)"))
    def issue_key(self, request, queryset):
        for device in queryset:
            key, secret = services.device_key_issue(device=device, actor=request.user)
            _show_secret(request, device, key, secret)

    @admin.action(description=_("Rotate keys (old keys keep working for 24 hours)"))
    def rotate_keys(self, request, queryset):
        for device in queryset:
            key, secret = services.device_key_rotate(
                device=device, overlap=ROTATION_OVERLAP, actor=request.user
            )
            _show_secret(request, device, key, secret)

    @admin.action(description=_("Disable the selected devices"))
    def disable(self, request, queryset):
        count = 0
        for device in queryset.filter(is_active=True):
            services.device_disable(device=device, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d device disabled.", "%(count)d devices disabled.", count)
            % {"count": count},
        )


@admin.register(DeviceKey)
class DeviceKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "device", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["device__kind"]
    search_fields = ["key_id", "device__name"]
    fields = ["key_id", "device", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued from the device (the secret must be shown once)

    def has_change_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("core.change_devicekey")

    @admin.action(description=_("Revoke the selected keys now"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            services.device_key_revoke(key=key, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
        )
