import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class TimeStampedModel(models.Model):
    """The base model of Ieum: a UUID key (safe to show in URLs and QR codes) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which record — kept for the city's privacy controls (SEC rules)."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    target = models.CharField(_("target"), max_length=128, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class RoleAssignment(models.Model):
    """A person holds a field role (see :mod:`apps.core.roles`) — optionally for one object they
    work on (a DRT vehicle, a parcel hub, a parking space). Granting also adds the role's group."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("kind of object"),
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    granted_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["role", "user_id"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "target_type", "target_id"],
                name="core_roleassignment_unique",
            )
        ]

    def __str__(self) -> str:
        target = f" · {self.target_type.model}:{self.target_id}" if self.target_type_id else ""
        return f"{self.user} — {self.get_role_display()}{target}"


# The device registry lives in its own package; importing it here makes its models core's.
from apps.core.devices.models import Device, DeviceKey, DeviceNonce  # noqa: E402, F401


class Heartbeat(models.Model):
    """The last sign of life of a background process ("worker:<host>", "beat"), for /healthz.
    In the database, so it is read while Redis is down."""

    name = models.CharField(_("process"), max_length=200, primary_key=True)
    at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"


class OpenDataConsumer(models.Model):
    """A registered user of Ieum's open data (a journey-planner app, a city dashboard), limited per
    key instead of per IP (apps/core/open_data.py). The key is shown once, at creation."""

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="6000/min",
        help_text=_("Requests per second, minute, hour or day, e.g. 6000/min."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("open-data consumer")
        verbose_name_plural = _("open-data consumers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from rest_framework.throttling import SimpleRateThrottle

        try:
            SimpleRateThrottle.parse_rate(None, self.rate)
        except (ValueError, KeyError, IndexError):
            raise ValidationError(
                {"rate": _("Write the rate as a number and a unit, e.g. 6000/min.")}
            ) from None
