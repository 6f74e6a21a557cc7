from celery import shared_task

from .services import accounts_purge_due


@shared_task
def purge_deleted_accounts() -> int:
    """Anonymise accounts whose deletion grace period is over (safe to run twice)."""
    return accounts_purge_due()
