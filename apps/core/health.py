"""`GET /healthz`: database, cache and channel layer; 503 when one is down."""

import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz"})
        message = await layer.receive(channel)
        if message.get("type") != "healthz":
            raise RuntimeError("channel layer returned another message")

    async_to_sync(roundtrip)()


CHECKS = {"database": _check_database, "cache": _check_cache, "channel_layer": _check_channel_layer}


def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = {"ok": True}
        except Exception as exc:  # report, never crash the health check
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
