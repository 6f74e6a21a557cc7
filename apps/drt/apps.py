from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrtConfig(AppConfig):
    name = "apps.drt"
    label = "drt"
    verbose_name = _("Campus demand-responsive bus")

    def ready(self):
        from django.conf import settings

        from apps.core import periodic, privacy, search
        from apps.transit import facade as transit

        from . import facade, transit_legs

        transit.register_leg_provider(transit_legs.provider)
        privacy.register("drt", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("drt", "apps.drt.facade.search")
        periodic.every(24 * 3600, "apps.drt.tasks.purge_old_bookings")
        if getattr(settings, "DRT_VEHICLE_SIMULATOR", False):
            periodic.every(10, "apps.drt.tasks.simulate_buses")
