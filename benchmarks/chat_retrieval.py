"""`make bench`: retrieval accuracy and latency of the consultation chat (apps/chat/retrieval).

The knowledge is what Ieum ships (apps/chat/knowledge_files.py: the 157 easylaw Q/A cases and
Gimhae's services in Korean and English). The questions are benchmarks/data/chat_paraphrases.json:
paraphrases written for this benchmark, none of them an entry's own example question. The category
named in that file (`holdout_category`) was kept out of all tuning — weights, synonyms and
analysers — and is reported on its own row: retrieval has to work on knowledge it was not tuned on.

For each question: top-1 and top-3 accuracy (the expected entry's id first / among the first
three) and the time one search takes (analysis + scoring), p50 and p95, for

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
from apps.chat.retrieval.engine import BaselineIndex, Doc, Index  # noqa: E402

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
        )
        for row in seed_rows()
        if row["language"] == language
    ]


def measure(index, questions: list[dict]) -> dict:
    top1 = top3 = 0
    times = []
    for item in questions:
        start = time.perf_counter()
        hits = index.search(item["q"], k=3)
        times.append((time.perf_counter() - start) * 1000)
        ids = [hit.doc.id for hit in hits]
        top1 += bool(ids) and ids[0] == item["expect"]
        top3 += item["expect"] in ids
    n = len(questions) or 1
    times.sort()
    return {
        "n": len(questions),
        "top1": 100 * top1 / n,
        "top3": 100 * top3 / n,
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
            groups.append((f"{language} held out ({holdout})", [q for q in asked if q.get("holdout")]))
        groups.append((f"{language} all", asked))
        for label, group in groups:
            for name, index in (("ieum", ours), ("baseline", base)):
                rows.append((label, name, len(docs), measure(index, group)))
        if "-v" in sys.argv:
            print(f"\nmisses ({language}, ieum):")
            print("\n".join(failures(ours, asked)) or "  none")
    print()
    header = f"{'questions':<32} {'method':<9} {'entries':>7} {'n':>4} {'top-1':>7} {'top-3':>7} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    for label, name, entries, m in rows:
        print(
            f"{label:<32} {name:<9} {entries:>7} {m['n']:>4} {m['top1']:>6.1f}% {m['top3']:>6.1f}% "
            f"{m['p50']:>7.2f} {m['p95']:>7.2f}"
        )
    print("\ngoals (Korean): top-1 ≥ 75 %, top-3 ≥ 92 %, p95 < 50 ms; ahead of the baseline.")


if __name__ == "__main__":
    main()
