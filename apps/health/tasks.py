from celery import shared_task

from . import services


@shared_task
def send_medication_reminders() -> int:
    return services.medication_reminders_send()


@shared_task
def simulate_kiosk() -> int:
    return services.kiosk_simulate()
