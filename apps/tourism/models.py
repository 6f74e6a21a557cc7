from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Place(TimeStampedModel):
    """A place on the Gimhae map: tourist sites, light-rail stations (more kinds come with the
    tourism portal). Name and description are translated (ko/en) through modeltranslation."""

    class Category(models.TextChoices):
        TOURIST_SITE = "tourist_site", _("Tourist site")
        LRT_STATION = "lrt_station", _("Light-rail station")

    class City(models.TextChoices):
        GIMHAE = "gimhae", _("Gimhae")
        BUSAN = "busan", _("Busan")

    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    city = models.CharField(_("city"), max_length=10, choices=City.choices, default=City.GIMHAE)
    description = models.TextField(_("description"), blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    parking_spaces = models.PositiveIntegerField(_("parking spaces"), null=True, blank=True)
    is_open = models.BooleanField(_("open to visitors"), default=True)
    source = models.CharField(_("data source"), max_length=200, blank=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="tourism_place_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
