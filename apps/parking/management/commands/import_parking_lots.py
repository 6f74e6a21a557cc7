"""`manage.py import_parking_lots FILE.csv`: lots from 전국주차장정보표준데이터 (UTF-8 or CP949)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.parking.imports import decode, lot_import_csv


class Command(BaseCommand):
    help = "Create or update parking lots from the national parking-lot standard data (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)

    def handle(self, *args, csv: Path, **options):
        try:
            text = decode(csv.read_bytes())
        except OSError as error:
            raise CommandError(f"cannot read {csv}: {error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{csv} is neither UTF-8 nor CP949/EUC-KR") from None
        report = lot_import_csv(text=text)
        for error in report.errors:
            self.stderr.write(error)
        summary = (
            f"parking lots: {report.created} created, {report.updated} updated, "
            f"{len(report.errors)} rows with errors, {report.skipped_blank} blank rows skipped"
        )
        self.stdout.write(self.style.SUCCESS(summary) if not report.errors else summary)
