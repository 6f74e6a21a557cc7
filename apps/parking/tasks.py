from celery import shared_task

from . import services


@shared_task
def mark_silent_spaces() -> int:
    return services.space_mark_silent()


@shared_task
def simulate_sensors() -> int:
    return services.sensor_simulate()
