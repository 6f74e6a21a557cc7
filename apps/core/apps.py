from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib import admin

        from . import periodic
        from .api import schema  # noqa: F401  (OpenAPI extensions for our authentication)
        from .encryption import check_field_encryption_keys  # noqa: F401  (a system check)

        # Nonces older than the signature window can no longer be replayed (the timestamp check
        # refuses them), so they are forgotten every minute.
        periodic.every(60, "apps.core.tasks.prune_device_nonces")

        admin.site.site_header = _("Ieum administration")
        admin.site.site_title = _("Ieum admin")
        admin.site.index_title = _("Gimhae city services")
