"""Public parking lots and their spaces, each watched by one occupancy sensor.

Live counts (free, occupied, unknown) are not stored on the lot: they are counted from the spaces,
so a lost or repeated sensor message can never leave a counter wrong.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class ParkingLot(TimeStampedModel):
    class Kind(models.TextChoices):
        OFF_STREET = "off_street", _("Off-street")
        ON_STREET = "on_street", _("On-street")
        ATTACHED = "attached", _("Attached to a building")
        PARK_AND_RIDE = "park_and_ride", _("Park and ride")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("The national parking-lot management number (주차장관리번호) where known."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        name_ko: str | None
        name_en: str | None
        address_ko: str | None
        address_en: str | None
        # metres from the asker, set on the lots selectors.lot_list_near returns
        distance_m: int
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFF_STREET)
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("spaces"), default=0, help_text=_("Parking spaces as published; sensors may cover fewer.")
    )
    # {"base_minutes": 30, "base_krw": 500, "unit_minutes": 10, "unit_krw": 200,
    #  "daily_max_krw": 6000, "free": false} — the national standard data's fee columns
    tariff = models.JSONField(_("tariff"), default=dict, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_('OpenStreetMap syntax, e.g. "Mo-Fr 09:00-18:00; Sa 09:00-13:00" or "24/7".'),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("parking lot")
        verbose_name_plural = _("parking lots")

    def __str__(self) -> str:
        return self.name


class ParkingSpace(TimeStampedModel):
    class State(models.TextChoices):
        FREE = "free", _("Free")
        OCCUPIED = "occupied", _("Occupied")
        UNKNOWN = "unknown", _("Unknown (sensor silent)")

    lot = models.ForeignKey(
        ParkingLot, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("lot")
    )
    label = models.CharField(_("label"), max_length=20)
    sensor_id = models.CharField(_("sensor id"), max_length=64, unique=True, null=True, blank=True)
    ev_charger = models.BooleanField(_("EV charger"), default=False)
    accessible = models.BooleanField(_("for disabled drivers"), default=False)
    compact = models.BooleanField(_("compact cars"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.UNKNOWN
    )
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    # time of the newest sensor event applied (the sensor's clock): older events are ignored
    last_event_at = models.DateTimeField(_("last sensor event at"), null=True, blank=True)
    # set when the silent-sensor job marked the space unknown and told staff; cleared by an event
    silent_alert_sent_at = models.DateTimeField(_("silence reported at"), null=True, blank=True)

    class Meta:
        ordering = ["lot", "label"]
        verbose_name = _("parking space")
        verbose_name_plural = _("parking spaces")
        constraints = [
            models.UniqueConstraint(fields=["lot", "label"], name="parking_space_label_unique")
        ]
        indexes = [models.Index(fields=["lot", "state"])]

    def __str__(self) -> str:
        return f"{self.lot.code} {self.label}"
