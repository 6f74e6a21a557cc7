"""What the chat app's AppConfig.ready() does for civil requests (one call, so the chat part and
the civil-request part share apps/chat/apps.py without stepping on each other)."""


def ready() -> None:
    from apps.core import privacy, search

    from . import facade

    # PIPA: the requester's link to their requests, their photos and contact details; the reports
    # themselves stay, anonymised (the city still fixes the pothole)
    privacy.register("civil_requests", export=facade.user_data_export, erase=facade.user_data_erase)
    search.register("civil_requests", "apps.chat.civic.facade.search")
