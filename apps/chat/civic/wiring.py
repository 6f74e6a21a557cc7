"""What the chat app's AppConfig.ready() does for civil requests (one call, so the chat part and
the civil-request part share apps/chat/apps.py without stepping on each other)."""


def ready() -> None:
    from apps.core import periodic, privacy, search

    from . import facade, tasks  # noqa: F401 (tasks: registers the Celery task)

    # PIPA: the requester's link to their requests, their photos and contact details; the reports
    # themselves stay, anonymised (the city still fixes the pothole)
    privacy.register("civil_requests", export=facade.user_data_export, erase=facade.user_data_erase)
    search.register("civil_requests", "apps.chat.civic.facade.search")
    # retention: closed requests lose their contact details and photo after a year
    periodic.every(24 * 3600, "apps.chat.civic.tasks.civil_request_personal_data_purge")
