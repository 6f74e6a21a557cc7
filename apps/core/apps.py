from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, **kwargs):
    if sender.label == "core":
        from .roles import role_sync_groups

        role_sync_groups()


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib import admin

        from . import (
            files,  # noqa: F401  (system check: the private folder is never served)
            periodic,
        )
        from .api import schema  # noqa: F401  (OpenAPI extensions for our authentication)
        from .api.fields import refuse_numbers_as_text
        from .devices import errors  # noqa: F401  (its ErrorCode enum, for the schema)
        from .encryption import check_field_encryption_keys  # noqa: F401  (a system check)

        # Nonces older than the signature window can no longer be replayed (the timestamp check
        # refuses them), so they are forgotten every minute.
        periodic.every(60, "apps.core.tasks.prune_device_nonces")
        periodic.every(30, "apps.core.tasks.beat_heartbeat")

        refuse_numbers_as_text()
        post_migrate.connect(_sync_role_groups, dispatch_uid="core.sync_role_groups")
        admin.site.site_header = _("Ieum administration")
        admin.site.site_title = _("Ieum admin")
        admin.site.index_title = _("Gimhae city services")
