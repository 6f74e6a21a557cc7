from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "apps.chat"
    label = "chat"
    verbose_name = _("AI consultation chat and civil requests")

    def ready(self):
        from apps.core import periodic, privacy, search

        from . import facade

        privacy.register("chat", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("chat", "apps.chat.facade.search")
        periodic.every(3600, "apps.chat.tasks.purge_conversations")
