"""Admin for civil affairs: categories and their questions, departments, and the request queue.

A request itself is read-only here: staff move it on with the workflow fields at the top of the
form (new status, department, a note for the requester), which go through
``services.civil_request_update`` — one history entry and one notification per change.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.files import private_file_url

from . import services
from .models import (
    CivilDepartment,
    CivilRequest,
    CivilRequestAttribute,
    CivilRequestCategory,
)


@admin.register(CivilDepartment)
class CivilDepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "phone"]
    search_fields = ["code", "name_ko", "name_en"]


class CivilRequestAttributeInline(admin.TabularInline):
    model = CivilRequestAttribute
    extra = 0
    fields = [
        "order",
        "code",
        "datatype",
        "required",
        "variable",
        "description_ko",
        "description_en",
        "values",
    ]


@admin.register(CivilRequestCategory)
class CivilRequestCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "department", "photo_required", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["code", "name_ko", "name_en", "keywords"]
    inlines = [CivilRequestAttributeInline]


class CivilRequestWorkflowForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        label=_("new status"),
        choices=[("", "—"), *CivilRequest.Status.choices],
        required=False,
    )
    new_department = forms.ModelChoiceField(
        label=_("assign to department"), queryset=CivilDepartment.objects.all(), required=False
    )
    new_expected_at = forms.DateTimeField(
        label=_("expected by"),
        required=False,
        help_text=_("When the requester can expect it to be dealt with (YYYY-MM-DD HH:MM)."),
    )
    note = forms.CharField(
        label=_("note for the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown to the requester and in the public Open311 status notes."),
    )

    class Meta:
        model = CivilRequest
        fields: list[str] = []

    request = None  # set by CivilRequestAdmin.get_form

    def clean(self):
        data = super().clean()
        status = data.get("new_status") or None
        department = data.get("new_department")
        note = data.get("note") or ""
        expected_at = data.get("new_expected_at")
        if self.instance.pk and (status or department or note or expected_at):
            # through the service: one history entry, one notification; a refusal is shown here
            # and nothing changes
            try:
                services.civil_request_update(
                    actor=self.request.user if self.request else None,
                    civil_request_id=self.instance.pk,
                    status=status,
                    department_code=department.code if department else None,
                    note=note,
                    expected_at=expected_at,
                )
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from None
        return data


@admin.register(CivilRequest)
class CivilRequestAdmin(admin.ModelAdmin):
    form = CivilRequestWorkflowForm
    list_display = [
        "short_id",
        "category",
        "status",
        "department",
        "address",
        "created_at",
        "channel",
        "is_demo",
    ]
    list_filter = ["status", "category", "department", "channel", "is_demo"]
    search_fields = ["id", "description", "address"]
    list_select_related = ["category", "department"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "category",
        "status",
        "department",
        "description",
        "lat",
        "lon",
        "address",
        "address_id",
        "attributes",
        "photo_preview",
        "history",
        "requester",
        "consumer",
        "channel",
        "language",
        "status_notes",
        "expected_at",
        "closed_at",
        "created_at",
        "updated_at",
        "is_demo",
    ]
    fieldsets = [
        (
            _("Move the request on"),
            {"fields": ["new_status", "new_department", "new_expected_at", "note"]},
        ),
        (
            _("Request"),
            {
                "fields": [
                    "category",
                    "status",
                    "department",
                    "description",
                    "photo_preview",
                    "attributes",
                    "status_notes",
                    "expected_at",
                    "closed_at",
                    "history",
                ]
            },
        ),
        (_("Place"), {"fields": ["lat", "lon", "address", "address_id"]}),
        (
            _("Filed"),
            {
                "fields": [
                    "requester",
                    "consumer",
                    "channel",
                    "language",
                    "created_at",
                    "updated_at",
                    "is_demo",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # requests come from residents and apps (or staff through the app)

    @admin.display(description=_("request"))
    def short_id(self, obj):
        return str(obj.id)[:8]

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        # the admin's own permission is the access check here
        url = private_file_url(field_file=obj.photo)
        if not url:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px">', url)

    @admin.display(description=_("history"))
    def history(self, obj):
        events = obj.events.select_related("department", "actor").order_by("at", "id")
        return format_html_join(
            "",
            "<p>{} · <strong>{}</strong> · {} · {}<br>{}</p>",
            (
                (
                    timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"),
                    e.get_status_display(),
                    e.department.name,
                    e.actor or "—",
                    e.note,
                )
                for e in events
            ),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request  # the officer, for the history entry
        return form

    def save_model(self, request, obj, form, change):
        pass  # the form's clean() moved the request on through the service (or refused)

    def save_related(self, request, form, formsets, change):
        pass  # the history is written by the service, never edited here
