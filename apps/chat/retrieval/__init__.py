"""Retrieval over the knowledge base: one index per language of the published entries valid
today, rebuilt when an entry changes (the version is read with one small query per search).

The engine itself (engine.py, analysis.py) needs no Django, so the benchmark runs it on the
shipped knowledge files directly.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from .analysis import script_of
from .engine import Doc, Hit, Index

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: dict[str, tuple[Any, Index]] = {}


@dataclass(frozen=True)
class Found:
    language: str  # the language of the entries searched
    hits: list[Hit]


def _published(language: str):
    from ..models import KnowledgeEntry

    today = timezone.localdate()
    return KnowledgeEntry.objects.filter(
        language=language, status=KnowledgeEntry.Status.PUBLISHED
    ).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
    )


def _version(language: str) -> tuple:
    stats = _published(language).aggregate(n=Count("id"), changed=Max("updated_at"))
    return (stats["n"], stats["changed"], timezone.localdate())


def index_for(language: str) -> Index:
    version = _version(language)
    cached = _cache.get(language)
    if cached and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _cache.get(language)
        if cached and cached[0] == version:
            return cached[1]
        docs = [
            Doc(
                id=entry.external_id,
                language=entry.language,
                category=entry.category,
                title=entry.title,
                answer=entry.answer,
                questions=tuple(entry.question_list()),
                url=entry.url,
                department=entry.department,
                extra={"pk": entry.pk},
            )
            for entry in _published(language).order_by("external_id")
        ]
        index = Index(docs, language)
        _cache[language] = (version, index)
        return index


def clear_cache() -> None:
    _cache.clear()


def search(query: str, *, language: str, k: int = 5) -> Found:
    """Search the entries in the language the question is written in (an English screen may
    still ask in Korean), else in the screen's language."""
    written_in = script_of(query) or language
    hits = index_for(written_in).search(query, k=max(k, 5))
    hits = rerank(query, hits)
    return Found(language=written_in, hits=hits[:k])


def rerank(query: str, hits: list[Hit]) -> list[Hit]:
    """Optional dense re-ranking of the top hits, only when CHAT_DENSE_MODEL names a
    sentence-transformers model and that optional package is installed (not in the default
    install: it pulls torch). Lexical order is kept otherwise, or when anything fails."""
    model_name = getattr(settings, "CHAT_DENSE_MODEL", "")
    if not model_name or len(hits) < 2:
        return hits
    try:
        model = _dense_model(model_name)
        texts = [f"{hit.doc.title}\n{' '.join(hit.doc.questions)}" for hit in hits]
        vectors = model.encode([query, *texts], normalize_embeddings=True)
        similarity = (vectors[1:] @ vectors[0]).tolist()
    except Exception:
        logger.warning("dense re-ranking unavailable; lexical order kept", exc_info=True)
        return hits
    # the lexical rank still counts: a dense score only reorders close candidates
    scored = [
        (0.5 * sim + 0.5 * (1 - i / len(hits)), hit)
        for i, (sim, hit) in enumerate(zip(similarity, hits, strict=True))
    ]
    return [hit for _score, hit in sorted(scored, key=lambda pair: -pair[0])]


_dense: dict[str, Any] = {}


def _dense_model(name: str) -> Any:
    if name not in _dense:
        from sentence_transformers import SentenceTransformer  # optional extra

        _dense[name] = SentenceTransformer(name)
    return _dense[name]
