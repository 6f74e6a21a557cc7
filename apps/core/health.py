"""`GET /healthz`: the load balancer's check, and a view of every component for operators.

The answer is 200 while this process can serve from the database, with each component's state in
the body (ok / degraded / down); 503 only when the database is unreachable. A Redis blip must not
take every web process out of rotation: caching and throttles fail open, live pushes pause.
"""

from __future__ import annotations

import asyncio
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

CHANNEL_LAYER_TIMEOUT = 2  # seconds


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 5)
    if cache.get(key) != "ok":  # django-redis ignores a down Redis: the value never comes back
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)
    return "ok"


def _check_channel_layer() -> str:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz"})
        message = await layer.receive(channel)
        if message.get("type") != "healthz":
            raise RuntimeError("channel layer returned another message")

    async def bounded():
        await asyncio.wait_for(roundtrip(), CHANNEL_LAYER_TIMEOUT)

    async_to_sync(bounded)()
    return "ok"


def _background() -> dict[str, str]:
    """Worker and beat: their heartbeats when they run as processes (Redis configured)."""
    from .heartbeats import heartbeat_states

    states = heartbeat_states()
    if settings.CELERY_TASK_ALWAYS_EAGER:
        states["worker"] = "embedded"  # tasks run in the web process
    if settings.IEUM_TICKER_ENABLED:
        states["beat"] = "embedded"  # periodic jobs on the in-process ticker
    return states


CHECKS = {"database": _check_database, "cache": _check_cache, "channel_layer": _check_channel_layer}


def healthz(request):
    checks: dict[str, dict] = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = {"state": check()}
        except Exception as exc:  # report, never crash the health check
            checks[name] = {"state": "down", "error": f"{type(exc).__name__}: {exc}"[:200]}
    if checks["database"]["state"] == "ok":
        try:
            for name, state in _background().items():
                checks[name] = {"state": state}
        except Exception as exc:
            checks["worker"] = {"state": "down", "error": f"{type(exc).__name__}: {exc}"[:200]}
    database_up = checks["database"]["state"] == "ok"
    all_ok = all(check["state"] in ("ok", "embedded") for check in checks.values())
    status = "ok" if all_ok else ("degraded" if database_up else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if database_up else 503)
