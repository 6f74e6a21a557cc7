"""Text analysis for retrieval: Korean content morphemes (kiwipiepy), English words (lowercase,
stopwords, a light suffix stemmer), character n-grams for spelling and spacing variants, and
synonym groups read from data (apps/chat/data/synonyms.txt)."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[0-9a-z\uac00-\ud7a3\u3131-\u318e]+")
ENGLISH_WORD = re.compile(r"[a-z0-9]+")

# Kiwi's part-of-speech tags that carry meaning: nouns, verb and adjective stems, roots, foreign
# words, numbers and hanja. Particles, endings and affixes are left out.
CONTENT_TAGS = ("NNG", "NNP", "NR", "XR", "SL", "SN", "SH", "VV", "VA", "VX", "MAG")
# content morphemes so common in questions that they say nothing about the topic
KOREAN_STOPWORDS = frozenset(
    "하 되 있 없 않 같 이렇 그렇 어떻 어떠 싶 주 알 받 보 좀 더 잘 꼭 왜 뭐 무엇 어디 언제 "
    "누구 경우 방법 것 수 등 때 곳 거 제 저 나 우리 문의 질문 궁금 알려주 알리 요 놓 두 가 오 지".split()
)
ENGLISH_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from about as into through over after
    before under again is are was were be been being am do does did doing have has had having i me
    my we our you your he she it its they them their this that these those what which who whom
    when where why how can could should would will shall may might must there here than then so
    not no yes just also too very any some all each more most other such only own same both few
    please tell know want need like get got let make one s t""".split()
)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def script_of(text: str) -> str:
    """ "ko" when the text is mostly Hangul, "en" when mostly Latin letters ("" when neither)."""
    hangul, latin = len(HANGUL.findall(text)), len(LATIN.findall(text))
    if hangul == latin == 0:
        return ""
    return "ko" if hangul >= latin else "en"


_kiwi_lock = threading.Lock()


@lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_morphemes(text: str) -> list[str]:
    """Content morphemes of Korean (and mixed) text, e.g. "대형폐기물은 어떻게 버리나요" →
    ["대형", "폐기물", "버리"]. Cached: an index rebuild re-reads mostly the same entries."""
    return list(_korean_morphemes(text))


@lru_cache(maxsize=8192)
def _korean_morphemes(text: str) -> tuple[str, ...]:
    kiwi = _kiwi()
    with _kiwi_lock:  # one Kiwi instance is shared; tokenize is not documented thread-safe
        tokens = kiwi.tokenize(normalise(text))
    out: list[str] = []
    for token in tokens:
        tag = token.tag.split("-")[0]
        if tag not in CONTENT_TAGS:
            continue
        form = token.form.lower()
        if form in KOREAN_STOPWORDS:
            continue
        out.append(form)
    return tuple(out)


def english_stem(word: str) -> str:
    """A light suffix stemmer (plural, -ing, -ed, -ly), the same on both sides of the match."""
    if len(word) <= 3:
        return word
    for suffix, replacement, minimum in (
        ("ies", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("ly", "", 6),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= minimum:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes", "zes")):
                continue
            return word[: len(word) - len(suffix)] + replacement
    return word


def english_words(text: str) -> list[str]:
    return [
        english_stem(word)
        for word in ENGLISH_WORD.findall(normalise(text))
        if word not in ENGLISH_STOPWORDS
    ]


def char_ngrams(text: str, sizes: tuple[int, ...] = (2, 3)) -> list[str]:
    """Character n-grams inside each word (spacing and spelling variants still share most)."""
    return list(_char_ngrams(text, sizes))


@lru_cache(maxsize=8192)
def _char_ngrams(text: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for word in WORD.findall(normalise(text)):
        if len(word) < min(sizes):
            out.append(word)
            continue
        for size in sizes:
            out.extend(word[i : i + size] for i in range(len(word) - size + 1))
    return tuple(out)


# --- synonyms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same (one group a line, comma-separated; the first is the
    group's name). A text that contains any variant also gets the group's token, on both sides of
    the match — the knowledge and the question."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        groups: list[tuple[str, tuple[str, ...]]] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            words = [normalise(w.strip()) for w in line.split(",") if len(w.strip()) >= 2]
            if len(words) < 2:
                continue
            compact = tuple(sorted({w.replace(" ", "") for w in words}, key=len, reverse=True))
            groups.append((words[0].replace(" ", "_"), compact))
        return cls(tuple(groups))

    def tokens(self, text: str) -> list[str]:
        """The group tokens ("syn:<name>") for every group a variant of which the text contains."""
        if not self.groups:
            return []
        compact = normalise(text).replace(" ", "")
        words = set(english_words(text)) | set(ENGLISH_WORD.findall(normalise(text)))
        out = []
        for name, variants in self.groups:
            for variant in variants:
                if HANGUL.search(variant):
                    if variant in compact:
                        out.append(f"syn:{name}")
                        break
                elif (
                    variant in words
                    or english_stem(variant) in words
                    or (len(variant) > 5 and variant in compact)
                ):
                    out.append(f"syn:{name}")
                    break
        return out


SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


@lru_cache(maxsize=4)
def synonyms(path: str = str(SYNONYMS_FILE)) -> Synonyms:
    file = Path(path)
    return Synonyms.load(file) if file.exists() else Synonyms(())
