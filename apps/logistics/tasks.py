from celery import shared_task

from . import services


@shared_task
def dispatch_missions() -> int:
    return services.missions_dispatch()


@shared_task
def return_unclaimed_parcels() -> int:
    return services.parcels_unclaimed_return()


@shared_task
def simulate_machines() -> int:
    return services.simulate()


@shared_task
def apply_retention() -> int:
    return services.logistics_retention_apply()
