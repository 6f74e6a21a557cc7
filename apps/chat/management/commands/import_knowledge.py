"""`manage.py import_knowledge FILE` (CSV or JSON): create or update chat knowledge entries by id
and language (apps/chat/imports.py says which columns)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.chat.imports import import_rows, read_rows


class Command(BaseCommand):
    help = (
        "Create or update chat knowledge entries from a CSV or JSON file with the columns id, "
        "language, category, title, question, answer, url (extra columns ignored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Import new entries as drafts, to be reviewed and published in admin.",
        )

    def handle(self, *args, file: Path, draft: bool = False, **options):
        try:
            rows = read_rows(file)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is neither UTF-8 nor CP949/EUC-KR") from None
        except (json.JSONDecodeError, ValueError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from None
        report = import_rows(rows, draft=draft)
        for error in report.errors:
            self.stderr.write(error)
        summary = (
            f"knowledge: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} rows with errors"
        )
        self.stdout.write(self.style.SUCCESS(summary) if not report.errors else summary)
