from celery import shared_task

from . import services


@shared_task
def mark_silent_spaces() -> int:
    return services.space_mark_silent()


@shared_task
def simulate_sensors() -> int:
    return services.sensor_simulate()


@shared_task
def record_snapshots() -> int:
    return services.snapshot_record()


@shared_task
def expire_unpaid_reservations() -> int:
    return services.reservation_expire_unpaid()


@shared_task
def remind_reservations() -> int:
    return services.reservation_remind()
