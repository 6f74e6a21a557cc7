from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrtConfig(AppConfig):
    name = "apps.drt"
    label = "drt"
    verbose_name = _("Campus demand-responsive bus")
