import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from apps.core.errors import ApplicationError

from . import services
from .models import Device, Notification, NotificationPreference


class AnnouncementForm(forms.Form):
    recipients = forms.CharField(
        label=_("recipients"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Phone numbers (+8210…) or user ids, one per line. Leave empty to send to every "
            "active user."
        ),
    )
    title_ko = forms.CharField(label=_("title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("title (English)"), max_length=200)
    body_ko = forms.CharField(label=_("body (Korean)"), widget=forms.Textarea, max_length=2000)
    body_en = forms.CharField(label=_("body (English)"), widget=forms.Textarea, max_length=2000)

    def clean_recipients(self) -> list | None:
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return None
        ids, phones = [], []
        for line in lines:
            try:
                ids.append(uuid.UUID(line))
            except ValueError:
                phones.append(line)
        users = get_user_model().objects.filter(is_active=True)
        found = dict(users.filter(phone__in=phones).values_list("phone", "id"))
        unknown = [phone for phone in phones if phone not in found]
        if unknown:
            raise forms.ValidationError(
                gettext("No active user has these numbers: %(phones)s")
                % {"phones": ", ".join(unknown)}
            )
        return ids + list(found.values())


@admin.register(Notification)
class NotificationAdmin(TranslationAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "push_status"]
    list_filter = ["kind", "push_status", "created_at", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title_ko", "title_en", "user__phone", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at", "push_status", "push_after"]
    date_hierarchy = "created_at"
    change_list_template = "admin/notifications/notification/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "announce/",
                self.admin_site.admin_view(self.announce_view),
                name="notifications_notification_announce",
            )
        ]
        return extra + super().get_urls()

    def announce_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = AnnouncementForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                sent = services.announcement_send(
                    sender=request.user,
                    user_ids=data["recipients"],
                    title_ko=data["title_ko"],
                    title_en=data["title_en"],
                    body_ko=data["body_ko"],
                    body_en=data["body_en"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    gettext("Announcement sent to %(count)d user(s).") % {"count": sent},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:notifications_notification_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": gettext("Send an announcement"),
        }
        return TemplateResponse(request, "admin/notifications/announce.html", context)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "quiet_hours_start", "quiet_hours_end", "updated_at"]
    list_filter = [("quiet_hours_start", admin.EmptyFieldListFilter)]
    search_fields = ["user__phone", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["token_start", "user", "platform", "created_at", "updated_at"]
    list_filter = ["platform", "created_at"]
    search_fields = ["token", "user__phone", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]

    @admin.display(description=_("FCM token"))
    def token_start(self, obj):
        return f"{obj.token[:16]}…"
