from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentalsConfig(AppConfig):
    name = "apps.rentals"
    label = "rentals"
    verbose_name = _("Tagogaya e-bikes and e-scooters")
