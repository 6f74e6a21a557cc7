"""The knowledge that ships with Ieum, as import rows (id, language, category, title, question,
answer, url, …): read by the seed and by the retrieval benchmark (no Django needed).

- ``data/easylaw_civil_qa.json``: 157 real Q/A cases written by the government (법제처
  찾기쉬운 생활법령정보, easylaw.go.kr), copied from shared/data/chatbot/easylaw_civil_qa_pairs.json
  (titles that were empty or garbled fall back to the topic). Korean only; amounts date from
  about 2020–21.
- ``data/gimhae_services.json``: Gimhae's own services written for Ieum in Korean and English
  (departments, bulky waste, parking, Tagogaya, DRT, welfare, tourism, …). Phone numbers are the
  city's main switchboard; check the details with each department before going live.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
EASYLAW_SOURCE = "법제처 찾기쉬운 생활법령정보 (easylaw.go.kr), via shared/data/chatbot"
GIMHAE_SOURCE = "Written for Ieum (demo): check with the department before going live"


def easylaw_rows() -> list[dict[str, Any]]:
    rows = json.loads((DATA / "easylaw_civil_qa.json").read_text(encoding="utf-8"))
    return [
        {
            "id": row["id"],
            "language": "ko",
            "category": row["category"],
            "title": row["title"],
            "question": row["question"],
            "answer": row["answer"],
            "url": row["url"],
            "source": f"{EASYLAW_SOURCE}; {row['cited_source']}".strip("; ")[:300],
        }
        for row in rows
    ]


def gimhae_rows() -> list[dict[str, Any]]:
    items = json.loads((DATA / "gimhae_services.json").read_text(encoding="utf-8"))
    rows = []
    for item in items:
        for n, language in enumerate(("ko", "en")):
            rows.append(
                {
                    "id": item["id"],
                    "language": language,
                    "category": item["category"],
                    "title": item["title"][n],
                    "question": "\n".join(item["questions"][n]),
                    "answer": item["answer"][n],
                    "url": item["url"],
                    "department": item["department"][n],
                    "owner_department": item["department"][n],
                    "phone": item["phone"],
                    "action": item.get("action", ""),
                    "links": [
                        {"title": link["title"][n], "url": link["url"]}
                        for link in item.get("links", [])
                    ],
                    "source": GIMHAE_SOURCE,
                }
            )
    return rows


def seed_rows() -> list[dict[str, Any]]:
    return gimhae_rows() + easylaw_rows()
