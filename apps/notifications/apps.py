from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from apps.core import privacy

        from . import facade, tasks  # noqa: F401  (tasks registers its periodic job)

        privacy.register(
            "notifications", export=facade.user_data_export, erase=facade.user_data_erase
        )
