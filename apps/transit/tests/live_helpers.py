"""Shared helpers for the live-bus tests: a fake TAGO HTTP boundary serving recorded answers."""

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

RECORDED = Path(__file__).resolve().parent / "recorded"
SEOUL = ZoneInfo("Asia/Seoul")


def at(hh: int, mm: int, ss: int = 0, day: int = 4) -> datetime:
    """A moment on March 2025 (the 4th is a Tuesday) in Seoul."""
    return datetime(2025, 3, day, hh, mm, ss, tzinfo=SEOUL)


def recorded(name: str) -> str:
    return (RECORDED / name).read_text(encoding="utf-8")


class FakeTagoHttp:
    """requests.get stand-in: answers by (service, nodeId/routeId) from recorded files."""

    def __init__(self, answers: dict[tuple[str, str], str], default: str = "arrivals_empty.json"):
        self.answers = answers
        self.default = default
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, url, params=None, timeout=None):
        self.calls.append((url, dict(params or {})))
        service = "arrivals" if "ArvlInfoInqireService" in url else "positions"
        ident = (params or {}).get("nodeId") or (params or {}).get("routeId")
        name = self.answers.get((service, ident), self.default)
        if isinstance(name, Exception):
            raise name
        return SimpleNamespace(text=recorded(name), status_code=200)


@pytest.fixture(autouse=True)
def live_cache_cleared():
    """Live data lives in the cache (Redis db on CI): every test starts without any."""
    cache.clear()
    yield
    cache.clear()
