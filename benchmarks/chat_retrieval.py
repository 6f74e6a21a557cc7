"""`make bench`: retrieval accuracy and latency of the consultation chat (apps/chat/retrieval).

The knowledge is what Ieum ships (apps/chat/knowledge_files.py: the 157 easylaw Q/A cases and
Gimhae's services in Korean and English). The questions are benchmarks/data/chat_paraphrases.json:
paraphrases written for this benchmark, none of them an entry's own example question. The category
named in that file (`holdout_category`) was kept out of all tuning — weights, synonyms and
analysers — and is reported on its own row: retrieval has to work on knowledge it was not tuned on.

For each question: top-1 and top-3 accuracy (the expected entry's id first / among the first
three) and the time one search takes (analysis + scoring; each question timed 5 times), p50 and
p95, for

- ``ieum``: morphemes + character n-grams, synonyms, weighted fields, rank fusion (the product);
- ``baseline``: plain kiwipiepy + BM25 (content morphemes of title, question and answer in one
  document), the same questions in the same run.

Goals (issue 14): Korean top-1 ≥ 75 %, top-3 ≥ 92 %, p95 < 50 ms. Printed, never asserted.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.chat.knowledge_files import seed_rows  # noqa: E402
from apps.chat.retrieval import analysis  # noqa: E402
from apps.chat.retrieval.engine import BaselineIndex, Doc, Index  # noqa: E402


def clear_analysis_caches() -> None:
    analysis._korean_morphemes.cache_clear()
    analysis._char_ngrams.cache_clear()


QUESTIONS = ROOT / "benchmarks" / "data" / "chat_paraphrases.json"


def docs_for(language: str) -> list[Doc]:
    return [
        Doc(
            id=row["id"],
            language=row["language"],
            category=row["category"],
            title=row["title"],
            answer=row["answer"],
            questions=tuple(q for q in row["question"].splitlines() if q.strip()),
            url=row["url"],
            department=row.get("department", ""),
        )
        for row in seed_rows()
        if row["language"] == language
    ]


THRESHOLD = 0.4  # CHAT_CONFIDENCE_THRESHOLD's default
REPEATS = 5  # each question is timed this many times (p95 over more than a handful of samples)


def measure(index, questions: list[dict]) -> dict:
    top1 = top3 = sure = 0
    times = []
    for item in questions:
        for _ in range(REPEATS):
            clear_analysis_caches()  # time the question's analysis too, as a new question would
            start = time.perf_counter()
            hits = index.search(item["q"], k=3)
            times.append((time.perf_counter() - start) * 1000)
        ids = [hit.doc.id for hit in hits]
        top1 += bool(ids) and ids[0] == item["expect"]
        top3 += item["expect"] in ids
        sure += bool(hits) and ids[0] == item["expect"] and hits[0].confidence >= THRESHOLD
    n = len(questions) or 1
    times.sort()
    return {
        "n": len(questions),
        "top1": 100 * top1 / n,
        "top3": 100 * top3 / n,
        "sure": 100 * sure / n,
        "p50": statistics.median(times) if times else 0.0,
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0,
    }


def failures(index, questions: list[dict]) -> list[str]:
    out = []
    for item in questions:
        hits = index.search(item["q"], k=3)
        ids = [hit.doc.id for hit in hits]
        if not ids or ids[0] != item["expect"]:
            out.append(f"  {item['q']}  → {ids} (expected {item['expect']})")
    return out


def main() -> None:
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    questions = data["questions"]
    holdout = data["holdout_category"]
    print("chat retrieval: building the indexes …")
    rows = []
    offtopic: list[tuple[str, int, list[str]]] = []
    for language in ("ko", "en"):
        docs = docs_for(language)
        ours = Index(docs, language)
        base = BaselineIndex(docs, language)
        # warm up: the first call loads the morphological model
        ours.search("김해시청" if language == "ko" else "city hall")
        base.search("김해시청" if language == "ko" else "city hall")
        asked = [q for q in questions if q["lang"] == language]
        groups = [(f"{language} tuned", [q for q in asked if not q.get("holdout")])]
        if any(q.get("holdout") for q in asked):
            groups.append(
                (f"{language} held out ({holdout})", [q for q in asked if q.get("holdout")])
            )
        groups.append((f"{language} all", asked))
        for label, group in groups:
            for name, index in (("ieum", ours), ("baseline", base)):
                rows.append((label, name, len(docs), measure(index, group)))
        off = [q["q"] for q in data["offtopic"] if q["lang"] == language]
        confident = [q for q in off if (h := ours.search(q, k=1)) and h[0].confidence >= THRESHOLD]
        offtopic.append((language, len(off), confident))
        if "-v" in sys.argv:
            print(f"\nmisses ({language}, ieum):")
            print("\n".join(failures(ours, asked)) or "  none")
    print()
    header = (
        f"{'questions':<30} {'method':<9} {'entries':>7} {'n':>4} {'top-1':>7} {'top-3':>7} "
        f"{'sure':>7} {'p50 ms':>7} {'p95 ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, name, entries, m in rows:
        # Hangul is two columns wide in a terminal
        pad = 30 - sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in label)
        sure = f"{m['sure']:>6.1f}%" if name == "ieum" else f"{'—':>7}"
        print(
            f"{label}{' ' * max(1, pad + 1)}{name:<9} {entries:>7} {m['n']:>4} {m['top1']:>6.1f}% "
            f"{m['top3']:>6.1f}% {sure} {m['p50']:>7.2f} {m['p95']:>7.2f}"
        )
    print(
        f"\nsure = right first AND confidence ≥ {THRESHOLD} (answered without the 'not sure' note)."
    )
    for language, n, confident in offtopic:
        print(
            f"off-topic {language}: {n - len(confident)} of {n} said 'not sure'"
            + (f"; confident on: {confident}" if confident else "")
        )
    print("goals (Korean): top-1 ≥ 75 %, top-3 ≥ 92 %, p95 < 50 ms; ahead of the baseline.")


if __name__ == "__main__":
    main()
