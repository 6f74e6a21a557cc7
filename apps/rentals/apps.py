from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentalsConfig(AppConfig):
    name = "apps.rentals"
    label = "rentals"
    verbose_name = _("Tagogaya e-bikes and e-scooters")

    def ready(self):
        from apps.core import periodic, privacy, search

        from . import facade

        privacy.register("rentals", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("bikes", "apps.rentals.facade.search")

        from apps.transit import facade as transit

        from .transit_legs import provider

        transit.register_leg_provider(provider)  # Tagogaya legs in bus + light-rail trips
        periodic.every(60, "apps.rentals.tasks.expire_reservations")
        periodic.every(300, "apps.rentals.tasks.alert_open_rides")
        periodic.every(300, "apps.rentals.tasks.charge_pending_rides")
