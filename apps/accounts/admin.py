from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import (
    ConsentDocument,
    GuardianConsent,
    PhoneCode,
    StudentVerification,
    University,
    User,
    UserConsent,
)
from .phones import InvalidPhoneNumber, normalize_phone


def _clean_phone(value):
    try:
        return normalize_phone(value)
    except InvalidPhoneNumber as exc:
        raise forms.ValidationError(
            _("Enter a valid Korean mobile phone number, e.g. 010-1234-5678.")
        ) from exc


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("phone",)

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return _clean_phone(phone) if phone else None


class UserConsentInline(admin.TabularInline):
    model = UserConsent
    extra = 0
    fields = ("document", "agreed_at", "withdrawn_at", "ip")
    readonly_fields = ("document", "agreed_at", "ip")
    can_delete = False
    verbose_name = _("consent")
    verbose_name_plural = _("consents")

    def has_add_permission(self, request, obj=None):
        return False


class GuardianConsentInline(admin.TabularInline):
    model = GuardianConsent
    extra = 0
    fields = ("guardian_name", "guardian_phone", "relation", "created_at", "agreed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StudentVerificationInline(admin.StackedInline):
    model = StudentVerification
    fk_name = "user"
    extra = 0
    fields = ("university", "status", "method", "email", "verified_at", "verified_by")
    readonly_fields = ("method", "verified_at", "verified_by")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("-date_joined",)
    list_display = (
        "phone",
        "display_name",
        "kind",
        "preferred_language",
        "is_staff",
        "is_active",
        "date_joined",
        "deletion_requested_at",
    )
    list_filter = ("kind", "preferred_language", "is_staff", "is_active", "groups")
    search_fields = ("phone", "display_name")
    readonly_fields = ("date_joined", "last_login", "deletion_requested_at", "anonymised_at")
    fieldsets = (
        (None, {"fields": ("phone", "password")}),
        (
            _("Profile"),
            {"fields": ("display_name", "preferred_language", "kind", "date_of_birth")},
        ),
        (
            _("Staff"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Dates"),
            {"fields": ("date_joined", "last_login", "deletion_requested_at", "anonymised_at")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("phone", "usable_password", "password1", "password2"),
            },
        ),
    )
    inlines = [StudentVerificationInline, UserConsentInline, GuardianConsentInline]

    def get_inline_instances(self, request, obj=None):
        # the add page asks only for the phone and password, like Django's own UserAdmin
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is StudentVerification:
            for verification in formset.save(commit=False):
                services.student_verification_set_by_staff(
                    verification=verification, staff=request.user, status=verification.status
                )
            for obj in formset.deleted_objects:
                obj.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(University)
class UniversityAdmin(TranslationAdmin):
    list_display = ("name", "email_domains", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_ko", "name_en")


@admin.register(StudentVerification)
class StudentVerificationAdmin(admin.ModelAdmin):
    list_display = ("user", "university", "status", "method", "email", "verified_at", "verified_by")
    list_filter = ("status", "method", "university")
    search_fields = ("user__phone", "user__display_name", "email")
    autocomplete_fields = ("user",)
    readonly_fields = ("method", "verified_at", "verified_by")
    fields = ("user", "university", "status", "method", "email", "verified_at", "verified_by")
    actions = ["mark_verified", "mark_rejected"]

    def save_model(self, request, obj, form, change):
        if not change or "status" in form.changed_data:
            services.student_verification_set_by_staff(
                verification=obj, staff=request.user, status=obj.status
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as verified student"))
    def mark_verified(self, request, queryset):
        for verification in queryset:
            services.student_verification_set_by_staff(
                verification=verification,
                staff=request.user,
                status=StudentVerification.Status.VERIFIED,
            )
        self.message_user(request, _("Marked as verified."), messages.SUCCESS)

    @admin.action(description=_("Reject student verification"))
    def mark_rejected(self, request, queryset):
        for verification in queryset:
            services.student_verification_set_by_staff(
                verification=verification,
                staff=request.user,
                status=StudentVerification.Status.REJECTED,
            )
        self.message_user(request, _("Rejected."), messages.SUCCESS)


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(TranslationAdmin):
    list_display = ("kind", "version", "title", "required", "effective_from")
    list_filter = ("kind", "required")
    search_fields = ("title_ko", "title_en", "version")


@admin.register(UserConsent)
class UserConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "document", "agreed_at", "withdrawn_at")
    list_filter = ("document__kind", "document__version")
    search_fields = ("user__phone", "user__display_name")
    list_select_related = ("user", "document")
    readonly_fields = ("user", "document", "agreed_at", "withdrawn_at", "ip")

    def has_add_permission(self, request):
        return False


@admin.register(GuardianConsent)
class GuardianConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "guardian_name", "relation", "created_at", "agreed_at")
    list_filter = ("relation",)
    search_fields = ("user__phone", "guardian_name", "guardian_phone")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "guardian_name",
        "guardian_phone",
        "relation",
        "created_at",
        "agreed_at",
    )

    def has_add_permission(self, request):
        return False


@admin.register(PhoneCode)
class PhoneCodeAdmin(admin.ModelAdmin):
    """Read-only: the SMS ledger (codes themselves are never stored)."""

    list_display = ("phone", "purpose", "ip", "created_at", "expires_at", "attempts", "used_at")
    list_filter = ("purpose",)
    search_fields = ("phone", "ip")
    readonly_fields = (
        "phone",
        "purpose",
        "user",
        "ip",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
