from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "apps.health"
    label = "health"
    verbose_name = _("Personal health record")

    def ready(self):
        from apps.core import periodic, privacy, search

        from . import facade

        privacy.register("health", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("health", "apps.health.facade.search")
        periodic.every(60, "apps.health.tasks.send_medication_reminders")
