from celery import shared_task

from . import services


@shared_task
def civil_request_personal_data_purge() -> int:
    return services.civil_request_personal_data_purge()
