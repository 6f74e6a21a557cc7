"""Knowledge import: CSV or JSON rows with the columns id, language, category, title, question,
answer, url (extra columns are ignored; ``question`` may be empty — a city knowledge base often has
none). A row updates the entry with the same id and language, else creates one. A bad row is
reported with its number and reason and changes nothing; the good rows are still imported.

Optional columns the importer understands: department, phone, owner_department, action,
valid_from, valid_to (YYYY-MM-DD), status (draft|published), source, links (a JSON list of
{"title", "url"}; in a CSV cell as JSON text). Imported entries are
published unless the row or ``--draft`` says draft.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from .models import Action, KnowledgeEntry, Language

REQUIRED = ("id", "language", "category", "title", "answer")
LIMITS = {"id": 80, "category": 60, "title": 200, "url": 500, "department": 100, "phone": 30}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), else CP949 (Korean spreadsheets often save in it)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def read_rows(path: Path) -> list[dict[str, Any]]:
    text = decode(path.read_bytes())
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        data = json.loads(text)
        if isinstance(data, dict):
            data = data.get("entries") or data.get("rows") or []
        if not isinstance(data, list):
            raise ValueError('a JSON file holds a list of rows (or {"entries": [...]})')
        return [row if isinstance(row, dict) else {"_invalid": row} for row in data]
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        return []
    return [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, list):  # JSON may list several questions
        return "\n".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column}: not a date YYYY-MM-DD ({value!r})") from None


def row_to_fields(row: dict[str, Any], *, draft: bool = False) -> dict[str, Any]:
    if "_invalid" in row:
        raise ValueError("not an object with columns")
    missing = [column for column in REQUIRED if not _text(row, column)]
    if missing:
        raise ValueError("missing " + ", ".join(missing))
    language = _text(row, "language").lower()
    if language not in Language.values:
        raise ValueError(f"language: use ko or en ({language!r})")
    for column, limit in LIMITS.items():
        if len(_text(row, column)) > limit:
            raise ValueError(f"{column}: longer than {limit} characters")
    url = _text(row, "url")
    if url and not url.startswith("/"):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValueError(f"url: not a web address ({url!r})") from None
    action = _text(row, "action")
    if action and action not in Action.values:
        raise ValueError(f"action: one of {', '.join(Action.values)} ({action!r})")
    status = _text(row, "status").lower() or (
        KnowledgeEntry.Status.DRAFT if draft else KnowledgeEntry.Status.PUBLISHED
    )
    if status not in KnowledgeEntry.Status.values:
        raise ValueError(f"status: draft or published ({status!r})")
    valid_from, valid_to = (
        _date(_text(row, "valid_from"), "valid_from"),
        _date(_text(row, "valid_to"), "valid_to"),
    )
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError("valid_to is before valid_from")
    links = row.get("links") or []
    if isinstance(links, str):  # a CSV cell holds the list as JSON
        try:
            links = json.loads(links)
        except ValueError:
            raise ValueError('links: not a JSON list of {"title", "url"}') from None
    if not isinstance(links, list):
        raise ValueError('links: not a JSON list of {"title", "url"}')
    return {
        "category": _text(row, "category"),
        "title": _text(row, "title"),
        "questions": _text(row, "question") or _text(row, "questions"),
        "answer": _text(row, "answer"),
        "url": url,
        "links": [
            {"title": str(link.get("title", "")), "url": str(link.get("url", ""))}
            for link in links
            if isinstance(link, dict) and link.get("url")
        ],
        "department": _text(row, "department"),
        "phone": _text(row, "phone"),
        "owner_department": _text(row, "owner_department")[:100],
        "action": action,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "status": status,
        "source": _text(row, "source")[:300],
    }


def import_rows(rows: list[dict[str, Any]], *, draft: bool = False) -> ImportReport:
    report = ImportReport()
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=1):
        try:
            fields = row_to_fields(row, draft=draft)
        except ValueError as exc:
            report.errors.append(f"row {number}: {exc}")
            continue
        key = (_text(row, "id"), _text(row, "language").lower())
        if key in seen:
            report.errors.append(f"row {number}: id {key[0]!r} ({key[1]}) appears twice")
            continue
        seen.add(key)
        with transaction.atomic():
            entry = (
                KnowledgeEntry.objects.select_for_update()
                .filter(external_id=key[0], language=key[1])
                .first()
            )
            if entry is None:
                KnowledgeEntry.objects.create(external_id=key[0], language=key[1], **fields)
                report.created += 1
                continue
            if not _text(row, "status"):
                fields.pop("status")  # a re-import leaves an entry's review state as it was
            changed = [name for name, value in fields.items() if getattr(entry, name) != value]
            if not changed:
                report.unchanged += 1
                continue
            for name in changed:
                setattr(entry, name, fields[name])
            entry.save(update_fields=[*changed, "updated_at"])
            report.updated += 1
    return report
