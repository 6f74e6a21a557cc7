from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "apps.health"
    label = "health"
    verbose_name = _("Personal health record")

    def ready(self):
        from django.conf import settings

        from apps.core import periodic, privacy, search

        from . import facade

        privacy.register("health", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("health", "apps.health.facade.search")
        periodic.every(60, "apps.health.tasks.send_medication_reminders")
        if getattr(settings, "HEALTH_KIOSK_SIMULATOR", False):
            periodic.every(600, "apps.health.tasks.simulate_kiosk")
