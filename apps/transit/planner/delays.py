"""Predicted delays for the planner — the hook the live-bus part feeds.

The planner asks ``current(feed_id=, day=)`` for ``(version, {trip_id: delay_seconds})`` and
shifts those trips on that service day (the whole trip, arrival and departure alike). By default
the delays live in this process (``trip_delays_set``); a deployment with several processes
registers a source that reads them from the cache instead (``delay_source_register``). The
version is part of the planner's day-table cache key, so keep it cheap and change it only when
the delays change.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import date

DelaySource = Callable[[int, date], tuple[object, dict[str, int]]]

_lock = threading.Lock()
_versions = itertools.count(1)
_local: dict[tuple[int, date], tuple[int, dict[str, int]]] = {}
_source: DelaySource | None = None


def trip_delays_set(*, feed_id: int, day: date, delays: dict[str, int]) -> None:
    """Replace the known delays (seconds, + late / − early) of trips on one service day."""
    with _lock:
        _local[(feed_id, day)] = (next(_versions), {k: int(v) for k, v in delays.items() if v})


def delay_source_register(source: DelaySource | None) -> None:
    """Use ``source(feed_id, day) -> (version, {trip_id: seconds})`` instead of the local store."""
    global _source
    _source = source


def current(*, feed_id: int, day: date) -> tuple[object, dict[str, int]]:
    if _source is not None:
        return _source(feed_id, day)
    return _local.get((feed_id, day), (0, {}))


def clear() -> None:
    with _lock:
        _local.clear()
