from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    """One message in a user's inbox; also pushed live (WebSocket) and to their phones (FCM)."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("System")
        ACCOUNT = "account", _("Account")
        PAYMENT = "payment", _("Payment")
        TRANSIT = "transit", _("Transit")
        RENTALS = "rentals", _("Bikes and scooters")
        DRT = "drt", _("Campus bus (DRT)")
        PARKING = "parking", _("Parking")
        HEALTH = "health", _("Health")
        WELFARE = "welfare", _("Welfare")
        CHAT = "chat", _("Consultation chat")
        LOGISTICS = "logistics", _("Parcels")
        ANNOUNCEMENT = "announcement", _("Announcement")

    class PushStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELD = "held", _("Held for quiet hours")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SYSTEM)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        title_ko: str | None
        title_en: str | None
        body_ko: str | None
        body_en: str | None
    data = models.JSONField(_("data"), default=dict, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    push_status = models.CharField(
        _("phone push"), max_length=10, choices=PushStatus.choices, default=PushStatus.PENDING
    )
    # Held pushes go out when the user's quiet hours end.
    push_after = models.DateTimeField(_("push after"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_created_idx"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notif_user_unread_idx"
            ),
            models.Index(
                fields=["push_after"], condition=Q(push_status="held"), name="notif_held_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Per-user push settings. Quiet hours are local times in Asia/Seoul and may cross midnight."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    quiet_hours_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    # Kinds whose phone push the user switched off; the inbox and WebSocket still get them.
    push_muted_kinds = models.JSONField(_("kinds without phone push"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Device(TimeStampedModel):
    """A phone or browser registered for FCM push. A token belongs to the latest user who
    registered it (a shared phone that changes hands must not get the previous owner's pushes)."""

    class Platform(models.TextChoices):
        ANDROID = "android", _("Android")
        IOS = "ios", _("iOS")
        WEB = "web", _("Web")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_devices",
        verbose_name=_("user"),
    )
    token = models.CharField(_("FCM token"), max_length=512, unique=True)
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("push device")
        verbose_name_plural = _("push devices")

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.token[:12]}…"
