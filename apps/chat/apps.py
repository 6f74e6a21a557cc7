from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "apps.chat"
    label = "chat"
    verbose_name = _("AI consultation chat and civil requests")

    def ready(self):
        from .civic import wiring as civic

        civic.ready()
