"""Demo data for `make seed`: the knowledge base the chat answers from (apps/chat/knowledge_files.py
— the real easylaw Q/A cases, and Gimhae's services written for Ieum in Korean and English, which
are labelled as written for the demo in their ``source``). Entries are added when missing and
otherwise left as staff edited them (apps/core/seeding.py)."""

from apps.core.seeding import seed_row

from .civic import seed as civic_seed
from .imports import row_to_fields
from .knowledge_files import seed_rows
from .models import KnowledgeEntry


def run(stdout, *, reset: bool = False) -> None:
    added = 0
    rows = seed_rows()
    for row in rows:
        _entry, created = seed_row(
            KnowledgeEntry,
            reset=reset,
            external_id=row["id"],
            language=row["language"],
            defaults=row_to_fields(row),
        )
        added += created
    stdout.write(f"chat: {added} knowledge entries added ({len(rows)} in the seed)")
    civic_seed.run(stdout, reset=reset)
