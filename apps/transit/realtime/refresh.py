"""One refresh of the live data: TAGO when TAGO_SERVICE_KEY is set, else the simulator."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.transit.errors import TransitError
from apps.transit.planner.timetable import timetable_for
from apps.transit.selectors import feed_get_live

from . import predictions, simulator, tago

logger = logging.getLogger(__name__)

TAGO_POLL_SECONDS = 30  # TAGO keys have a daily call quota: poll less often than we simulate
LOCK_SECONDS = 60


def live_refresh(*, now: datetime | None = None, force: bool = False) -> dict:
    """Refresh the default live feed's predictions and positions. Safe to run twice at once: a
    cache lock lets one run through and the other return."""
    try:
        feed = feed_get_live()
    except TransitError:
        return {"skipped": "no live feed"}
    now = now or timezone.now()
    key = tago.service_key()
    lock = f"transit:rt:{feed.id}:lock"
    if not force and not cache.add(lock, 1, LOCK_SECONDS):
        return {"skipped": "already running"}
    try:
        if key:
            every = getattr(settings, "TAGO_POLL_SECONDS", TAGO_POLL_SECONDS)
            if not force and not cache.add(f"transit:rt:{feed.id}:tago-due", 1, every):
                return {"skipped": "not due"}
            client = tago.TagoClient(
                key=key, city_code=getattr(settings, "TAGO_CITY_CODE", tago.GIMHAE_CITY_CODE)
            )
            poll = tago.tago_poll(feed=feed, client=client, now=int(now.timestamp()))
            stats = predictions.live_publish(
                feed=feed, arrivals=poll.arrivals, vehicles=poll.vehicles, now=int(now.timestamp())
            )
            return {"source": "tago", "errors": len(poll.errors), **stats}
        seed = getattr(settings, "TRANSIT_SIMULATOR_SEED", simulator.DEFAULT_SEED)
        sim = simulator.simulate(timetable_for(feed), now=now, seed=seed)
        stats = predictions.live_publish(
            feed=feed,
            arrivals=sim.arrivals,
            vehicles=sim.vehicles,
            now=sim.now,
            trip_delays=sim.delays,
        )
        return {"source": "simulator", **stats}
    finally:
        if not force:
            cache.delete(lock)
