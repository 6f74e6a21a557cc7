from celery import shared_task

from . import services


@shared_task
def purge_conversations() -> int:
    """Retention: anonymous conversations after a day, a person's after a year (settings)."""
    return services.conversations_purge()
