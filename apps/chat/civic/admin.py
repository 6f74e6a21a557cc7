"""Admin for civil affairs: categories and their questions, departments, and the request queue.

A request itself is read-only here: staff move it on with the workflow fields at the top of the
form (new status, department, a note for the requester), which go through
``services.civil_request_update`` — one history entry and one notification per change.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.files import private_file_url

from . import services
from .models import (
    CivilDepartment,
    CivilRequest,
    CivilRequestAttribute,
    CivilRequestCategory,
    CivilRequestEvent,
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


class CivilRequestEventInline(admin.TabularInline):
    model = CivilRequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "status", "department", "note", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CivilRequestWorkflowForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        label=_("new status"),
        choices=[("", "—"), *CivilRequest.Status.choices],
        required=False,
    )
    new_department = forms.ModelChoiceField(
        label=_("assign to department"), queryset=CivilDepartment.objects.all(), required=False
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
    inlines = [CivilRequestEventInline]
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
        (_("Move the request on"), {"fields": ["new_status", "new_department", "note"]}),
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

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        status = data.get("new_status") or None
        department = data.get("new_department")
        note = data.get("note") or ""
        if not (status or department or note):
            return
        try:
            services.civil_request_update(
                actor=request.user,
                civil_request_id=obj.pk,
                status=status,
                department_code=department.code if department else None,
                note=note,
            )
        except ApplicationError as error:
            self.message_user(request, error.message, level=messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass  # the history is written by the service, never edited here
