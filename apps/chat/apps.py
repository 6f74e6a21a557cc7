from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "apps.chat"
    label = "chat"
    verbose_name = _("AI consultation chat and civil requests")

    def ready(self):
        from apps.core import periodic, privacy, search

        from . import facade
        from .civic import wiring as civic

        civic.ready()

        privacy.register("chat", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("chat", "apps.chat.facade.search")
        periodic.every(3600, "apps.chat.tasks.purge_conversations")

        import os

        if os.environ.get("IEUM_SERVER") == "1":
            # load the morphological model in the background as the server starts, so the first
            # question does not wait for it (seconds); no database is touched here
            import threading

            from .retrieval.analysis import korean_morphemes

            threading.Thread(target=korean_morphemes, args=("김해",), daemon=True).start()
