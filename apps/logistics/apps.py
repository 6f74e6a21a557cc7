from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "apps.logistics"
    label = "logistics"
    verbose_name = _("Parcels by robot and drone")
