"""Helpers for tests: racing real database connections (PostgreSQL row locks, unique indexes),
and checking a response is in one language."""

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


# --- one language at a time ----------------------------------------------------------------------

_HANGUL = "[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"
_LATIN_WORD = "[A-Za-z]{3,}"


def hangul_in(value: Any, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Every string in ``value`` (a response body: dicts, lists, strings) that contains Hangul,
    after removing the ``allowed`` proper names that have no English form."""
    import re

    found = []
    for text in _strings(value):
        rest = text
        for name in allowed:
            rest = rest.replace(name, "")
        if re.search(_HANGUL, rest):
            found.append(text)
    return found


def english_in(value: Any, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Every string in ``value`` with an English word (3+ Latin letters) once ``allowed`` codes,
    brands and ids are removed: a Korean screen should have none."""
    import re

    found = []
    for text in _strings(value):
        rest = text
        for name in allowed:
            rest = rest.replace(name, "")
        if re.search(_LATIN_WORD, rest):
            found.append(text)
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []
