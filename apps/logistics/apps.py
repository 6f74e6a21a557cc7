from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "apps.logistics"
    label = "logistics"
    verbose_name = _("Parcels by robot and drone")

    def ready(self):
        from django.conf import settings

        from apps.core import periodic, privacy, search

        from . import facade

        privacy.register("logistics", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("parcels", "apps.logistics.facade.search")
        periodic.every(30, "apps.logistics.tasks.dispatch_missions")
        periodic.every(3600, "apps.logistics.tasks.return_unclaimed_parcels")
        periodic.every(24 * 3600, "apps.logistics.tasks.apply_retention")
        if getattr(settings, "LOGISTICS_SIMULATOR", False):
            periodic.every(5, "apps.logistics.tasks.simulate_machines")
