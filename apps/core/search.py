"""The home screen's search box: one query, answered by every service that registers a searcher.

Each app's facade offers ``search(query, language)`` and registers it from ``AppConfig.ready``:

    from apps.core import search
    search.register("parking", "apps.parking.facade.search")

A searcher returns ``SearchHit`` rows: what was found, in the request's language, and the web
client path that opens it. ``search_all`` asks every registered searcher, drops one that fails
(the home search never breaks because one service does) and orders the hits by score.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchHit:
    service: str  # the home tile's slug: "parking", "drt", "chat", ...
    kind: str  # what the hit is within the service: "lot", "hub", "entry", ...
    title: str  # in the request's language
    subtitle: str  # one line of context, in the request's language ("" when none)
    path: str  # the web client's path that opens it, e.g. "/services/parking/lots/<id>"
    score: float  # 0..1, how well it matches


Searcher = Callable[[str, str], list[SearchHit]]

_searchers: dict[str, str] = {}


def register(service: str, dotted_path: str) -> None:
    """Register ``service``'s searcher: a dotted path to ``search(query, language) -> [SearchHit]``."""
    _searchers[service] = dotted_path


def registered() -> dict[str, str]:
    return dict(_searchers)


def search_all(query: str, language: str, *, limit: int = 20) -> list[SearchHit]:
    query = " ".join(query.split())
    if not query:
        return []
    hits: list[SearchHit] = []
    for service, dotted in sorted(_searchers.items()):
        try:
            searcher: Searcher = import_string(dotted)
            hits.extend(searcher(query, language))
        except Exception:
            logger.exception("search: the %s searcher failed; its hits are left out", service)
    hits.sort(key=lambda hit: -hit.score)
    return hits[:limit]
