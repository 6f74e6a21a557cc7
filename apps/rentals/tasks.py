"""Periodic jobs (registered in RentalsConfig.ready()); each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def expire_reservations() -> int:
    return services.rental_expire_reservations()


@shared_task
def alert_open_rides() -> int:
    return services.rental_alert_open_rides()


@shared_task
def charge_pending_rides() -> int:
    return services.rental_charge_pending()


@shared_task
def charge_ride(rental_id: str) -> str:
    return services.rental_charge(rental_id=rental_id).payment_status
