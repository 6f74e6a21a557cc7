"""The retrieval engine: BM25 (bm25s) over weighted fields, for two analysers fused by rank.

For each language the index holds, per analyser, one BM25 index per field:

- ``head``: the title and the example questions (what a person would ask),
- ``body``: the curated answer and the category (what the answer talks about).

Korean uses content morphemes (kiwipiepy) plus synonym-group tokens, and character bigrams and
trigrams (spacing, compounds and spelling variants); English uses stemmed words plus synonym
tokens, and character trigrams. An analyser's score is ``HEAD_WEIGHT * head + body``; the two
analysers' rankings are fused by reciprocal rank (RRF, k = 60) plus a share of each one's score
relative to its best, so a clear winner in both stays first.

``BaselineIndex`` is plain kiwipiepy + BM25 (one field, morphemes only), kept for the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np

from .analysis import (
    Synonyms,
    char_ngrams,
    english_words,
    korean_morphemes,
    synonyms,
)

HEAD_WEIGHT = 1.0
BODY_WEIGHT = 0.6
RRF_K = 60
# how much of each analyser's score (relative to its best) joins the rank fusion
SCORE_SHARE = 0.02
# the word analyser counts for more than the n-gram one in the fusion
WEIGHTS = (1.0, 0.7)


@dataclass(frozen=True)
class Doc:
    id: str
    language: str
    category: str
    title: str
    answer: str
    questions: tuple[str, ...] = ()
    url: str = ""
    department: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float  # the fused score (ranking only)
    coverage: float  # share of the question's content words found in the entry, 0..1
    confidence: float  # 0..1


Analyser = Callable[[str], list[str]]


def _bm25(corpus: list[list[str]]) -> bm25s.BM25 | None:
    if not any(corpus):
        return None
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index(corpus, show_progress=False)
    return index


def _scores(index: bm25s.BM25 | None, tokens: list[str], size: int) -> np.ndarray:
    if index is None or not tokens:
        return np.zeros(size, dtype=np.float32)
    return np.asarray(index.get_scores(tokens), dtype=np.float32)


class _FieldIndex:
    """One analyser over the head and body fields."""

    def __init__(self, docs: Sequence[Doc], analyse: Analyser):
        self.analyse = analyse
        heads = [analyse(" \n".join((d.title, *d.questions))) for d in docs]
        bodies = [analyse(f"{d.category}\n{d.department}\n{d.answer}") for d in docs]
        self.size = len(docs)
        self.head = _bm25(heads)
        self.body = _bm25(bodies)
        self.vocab = [set(h) | set(b) for h, b in zip(heads, bodies, strict=True)]

    def scores(self, tokens: list[str]) -> np.ndarray:
        return HEAD_WEIGHT * _scores(self.head, tokens, self.size) + BODY_WEIGHT * _scores(
            self.body, tokens, self.size
        )


class Index:
    """All published, valid entries of one language."""

    def __init__(self, docs: Sequence[Doc], language: str, synonym_groups: Synonyms | None = None):
        self.docs = list(docs)
        self.language = language
        self.synonyms = synonym_groups if synonym_groups is not None else synonyms()
        if language == "ko":
            self.words: Analyser = lambda text: korean_morphemes(text) + self.synonyms.tokens(text)
            self.grams: Analyser = lambda text: char_ngrams(text, (2, 3))
        else:
            self.words = lambda text: english_words(text) + self.synonyms.tokens(text)
            self.grams = lambda text: char_ngrams(text, (3, 4))
        self.analysers = [_FieldIndex(self.docs, self.words), _FieldIndex(self.docs, self.grams)]

    def search(self, query: str, *, k: int = 5) -> list[Hit]:
        if not self.docs:
            return []
        word_tokens = self.words(query)
        fused = np.zeros(len(self.docs), dtype=np.float64)
        any_match = np.zeros(len(self.docs), dtype=bool)
        for weight, analyser in zip(WEIGHTS, self.analysers, strict=True):
            tokens = word_tokens if analyser.analyse is self.words else analyser.analyse(query)
            scores = analyser.scores(tokens)
            best = float(scores.max()) if scores.size else 0.0
            if best <= 0:
                continue
            any_match |= scores > 0
            order = np.argsort(-scores, kind="stable")
            ranks = np.empty(len(order), dtype=np.float64)
            ranks[order] = np.arange(1, len(order) + 1)
            contribution = 1.0 / (RRF_K + ranks) + SCORE_SHARE * (scores / best)
            fused += weight * np.where(scores > 0, contribution, 0.0)
        if not any_match.any():
            return []
        order = [int(i) for i in np.argsort(-fused, kind="stable")[:k] if any_match[i]]
        query_words = set(word_tokens)
        top, second = fused[order[0]], (fused[order[1]] if len(order) > 1 else 0.0)
        margin = (top - second) / top if top > 0 else 0.0
        hits = []
        for i in order:
            coverage = (
                len(query_words & self.analysers[0].vocab[i]) / len(query_words)
                if query_words
                else 0.0
            )
            confidence = (
                coverage * (0.75 + 0.25 * min(1.0, margin * 4))
                if i == order[0]
                else (coverage * 0.75 * (fused[i] / top if top > 0 else 0))
            )
            hits.append(
                Hit(
                    doc=self.docs[i],
                    score=float(fused[i]),
                    coverage=round(coverage, 3),
                    confidence=round(float(confidence), 3),
                )
            )
        return hits


class BaselineIndex:
    """Plain kiwipiepy + BM25: content morphemes of title, questions and answer in one document."""

    def __init__(self, docs: Sequence[Doc], language: str = "ko"):
        self.docs = list(docs)
        self.analyse: Analyser = korean_morphemes if language == "ko" else english_words
        self.index = _bm25(
            [self.analyse(" ".join((d.title, *d.questions, d.answer))) for d in self.docs]
        )

    def search(self, query: str, *, k: int = 5) -> list[Hit]:
        scores = _scores(self.index, self.analyse(query), len(self.docs))
        order = [int(i) for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
        return [Hit(self.docs[i], float(scores[i]), 0.0, 0.0) for i in order]
