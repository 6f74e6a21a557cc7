"""`manage.py export_knowledge FILE.csv|FILE.json`: every knowledge entry in the columns
import_knowledge reads, so the city can edit the knowledge in a spreadsheet and import it back."""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from apps.chat.models import KnowledgeEntry

COLUMNS = [
    "id",
    "language",
    "category",
    "title",
    "question",
    "answer",
    "url",
    "department",
    "phone",
    "owner_department",
    "action",
    "valid_from",
    "valid_to",
    "status",
    "source",
    "links",
]


def entry_row(entry: KnowledgeEntry) -> dict:
    return {
        "id": entry.external_id,
        "language": entry.language,
        "category": entry.category,
        "title": entry.title,
        "question": entry.questions,
        "answer": entry.answer,
        "url": entry.url,
        "department": entry.department,
        "phone": entry.phone,
        "owner_department": entry.owner_department,
        "action": entry.action,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else "",
        "valid_to": entry.valid_to.isoformat() if entry.valid_to else "",
        "status": entry.status,
        "source": entry.source,
        "links": entry.links,
    }


class Command(BaseCommand):
    help = "Write every chat knowledge entry to a CSV or JSON file that import_knowledge reads."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        rows = [
            entry_row(entry) for entry in KnowledgeEntry.objects.order_by("external_id", "language")
        ]
        if file.suffix.lower() == ".json":
            file.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            with file.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=COLUMNS)
                writer.writeheader()
                for row in rows:
                    writer.writerow({**row, "links": json.dumps(row["links"], ensure_ascii=False)})
        self.stdout.write(self.style.SUCCESS(f"knowledge: {len(rows)} entries written to {file}"))
