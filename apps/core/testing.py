"""Helpers for tests that race real database connections (PostgreSQL row locks, unique indexes)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from .errors import ApplicationError


def run_together(count: int, work: Callable[[], Any]) -> tuple[list[Any], list[str]]:
    """Start ``work`` in ``count`` threads at the same instant. Returns (results, error codes of
    the ApplicationErrors raised); each thread closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    failures: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(work())
        except ApplicationError as error:
            failures.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, failures
