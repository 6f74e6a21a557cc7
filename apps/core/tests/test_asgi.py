"""The HTTP handler of config/asgi.py (apps/core/asgi.py): same responses as Django's own, the
middleware and view in one request thread, and request threads reused rather than made anew."""

import asyncio
import json
import threading

from django.core.handlers.asgi import ASGIHandler

from apps.core.asgi import IeumASGIHandler


async def _get(app, path: str, query: str = "", language: str = "en") -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-language", language.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    received = False

    async def receive():
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Future()  # the client stays: Django cancels this when the response is sent

    messages = []

    async def send(message):
        messages.append(message)

    await app(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {name.lower(): value for name, value in start["headers"]}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], headers, body


def _request_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("ieum-request")}


def test_answers_as_djangos_handler_does():
    ours, django = IeumASGIHandler(), ASGIHandler()
    for path, query, language in [
        ("/api/v1/nothing-here/", "", "en"),
        ("/api/v1/transit/plan/", "from_stop=A", "ko"),  # 400 in the envelope, in Korean
        ("/api/v1/transit/plan/", "from_stop=A&depart_at=yesterday", "en"),
    ]:
        a = asyncio.run(_get(ours, path, query, language))
        b = asyncio.run(_get(django, path, query, language))
        assert a[0] == b[0] and json.loads(a[2]) == json.loads(b[2]), (path, query)
        assert a[1] == b[1]


def test_requests_one_after_another_reuse_one_thread():
    app = IeumASGIHandler()
    before = _request_threads()

    async def many():
        for _ in range(20):
            status, _headers, body = await _get(app, "/api/v1/transit/plan/", "from_stop=A")
            assert status == 400, body

    asyncio.run(many())
    assert len(_request_threads() - before) == 1


def test_requests_at_once_each_get_a_thread_then_stay_idle_for_the_next():
    app = IeumASGIHandler()
    before = _request_threads()

    async def at_once(n):
        results = await asyncio.gather(
            *(_get(app, "/api/v1/transit/plan/", "from_stop=A") for _ in range(n))
        )
        assert all(status == 400 for status, _h, _b in results)

    asyncio.run(at_once(4))
    made = _request_threads() - before
    assert 1 <= len(made) <= 4
    asyncio.run(at_once(4))
    assert _request_threads() - before == made  # no new thread for the second round
