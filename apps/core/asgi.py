"""Django's ASGI handler for HTTP, with two changes measured in benchmarks/transit_planner.py.

Every HTTP view and middleware of Ieum is synchronous (DRF has no async views), yet Django's
handler runs the middleware chain in async mode: each middleware that can do both is called
through ``sync_to_async``, and a sync-only one in the middle bounces back to the event loop with
``async_to_sync``, so one request crossed between the event loop and a worker thread about fifteen
times, each crossing two thread wake-ups (a profile of daphne serving plans: a seventh of its
samples in ``call_soon_threadsafe`` alone). And each request got a new worker thread
(``ThreadSensitiveContext()`` makes a one-thread executor per request, and a second thread to join
it), so a thread's database connection never outlived its request.

This handler runs the synchronous chain (the one WSGI uses) in a single crossing, and keeps idle
request threads for the next requests. Each request still has a thread of its own while it runs,
so a slow request does not hold up the others; a thread's database connection now lives as long
as CONN_MAX_AGE says, as under a threaded WSGI server. WebSockets are not affected (Channels).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.http import FileResponse

# request threads kept waiting for work; more than this many requests at once start new threads,
# which end when their request does
IDLE_THREADS_MAX = 32


class IeumASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self._idle: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        with self._lock:
            executor = self._idle.pop() if self._idle else None
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ieum-request")
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        except BaseException:
            executor.shutdown(wait=False)  # its thread ends once it has done what it was given
            raise
        # Every way out of handle() that ran anything in this thread ends with one more call
        # there (response.close(), or the request_finished signal when the client went away),
        # queued behind whatever was still running: once handle() returns, the thread is idle.
        with self._lock:
            if len(self._idle) < IDLE_THREADS_MAX:
                self._idle.append(executor)
                return
        executor.shutdown(wait=False)

    async def run_get_response(self, request):
        response = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        return response


def ieum_asgi_application() -> IeumASGIHandler:
    """Like ``django.core.asgi.get_asgi_application``, with the handler above."""
    import django

    django.setup(set_prefix=False)
    return IeumASGIHandler()
