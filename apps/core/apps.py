from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib import admin

        from . import files  # noqa: F401  (system check: the private folder is never served)
        from .api import schema  # noqa: F401  (OpenAPI extensions for our authentication)

        admin.site.site_header = _("Ieum administration")
        admin.site.site_title = _("Ieum admin")
        admin.site.index_title = _("Gimhae city services")
