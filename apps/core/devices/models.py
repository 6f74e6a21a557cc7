"""The device registry. Loaded by apps/core/models.py so the models belong to the core app."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.encryption import EncryptedTextField
from apps.core.models import TimeStampedModel


class Device(TimeStampedModel):
    """A machine that posts to Ieum with its own signed keys (never a person's credentials)."""

    class Kind(models.TextChoices):
        PARKING_SENSOR = "parking_sensor", _("Parking sensor")
        DRT_TERMINAL = "drt_terminal", _("DRT driver terminal")
        DELIVERY_ROBOT = "delivery_robot", _("Delivery robot")
        DRONE = "drone", _("Delivery drone")
        HEALTH_KIOSK = "health_kiosk", _("Health kiosk")
        CARE_HOME_SENSOR = "care_home_sensor", _("IoT care home sensor")
        CROWD_COUNTER = "crowd_counter", _("Crowd counter")
        ENFORCEMENT_SYSTEM = "enforcement_system", _("Parking enforcement system")
        PARKING_SHARING_OPERATOR = "parking_sharing_operator", _("Parking-sharing operator")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    app_label = models.CharField(
        _("owning app"), max_length=50, help_text=_("The Ieum app whose endpoints it posts to.")
    )
    is_active = models.BooleanField(_("in service"), default=True)
    metadata = models.JSONField(
        _("metadata"), default=dict, blank=True, help_text=_("Serial number, location, vendor…")
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_status = models.JSONField(_("last status"), default=dict, blank=True)
    last_refusal_at = models.DateTimeField(_("last refusal"), null=True, blank=True)
    last_refusal_reason = models.CharField(_("last refusal reason"), max_length=32, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class DeviceKey(models.Model):
    """One signing key of a device. Several may be valid at once while a rotation overlaps."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="keys", verbose_name=_("device")
    )
    key_id = models.CharField(_("key id"), max_length=40, unique=True, editable=False)
    # Shown once when issued; kept (encrypted) because HMAC needs the secret itself to verify.
    secret = EncryptedTextField(_("secret"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("device key")
        verbose_name_plural = _("device keys")

    def __str__(self) -> str:
        return self.key_id

    def is_usable(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class DeviceNonce(models.Model):
    """A nonce a key has used. The unique constraint is the replay check (no cache involved)."""

    id = models.BigAutoField(primary_key=True)
    key = models.ForeignKey(DeviceKey, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    signed_at = models.DateTimeField(db_index=True)  # the request's own timestamp, for pruning

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "nonce"], name="core_devicenonce_key_nonce_uniq")
        ]

    def __str__(self) -> str:
        return self.nonce
