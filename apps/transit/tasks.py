"""Periodic jobs of transit (registered in TransitConfig.ready()); each is safe to run twice."""

from celery import shared_task


@shared_task
def realtime_refresh() -> dict:
    """Live buses: poll TAGO (key set) or run the schedule simulator, push what changed."""
    from .realtime.refresh import live_refresh

    return live_refresh()


@shared_task
def purge_arrival_notices() -> int:
    from .realtime.favourites import arrival_notices_purge

    return arrival_notices_purge()
