from celery import shared_task

from . import facade, services


@shared_task
def simulate_buses() -> int:
    return services.simulate_step(seconds=10)


@shared_task
def purge_old_bookings() -> int:
    return facade.bookings_purge_old()
