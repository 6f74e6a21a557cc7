from celery import shared_task

from . import services


@shared_task
def send_medication_reminders() -> int:
    return services.medication_reminders_send()
