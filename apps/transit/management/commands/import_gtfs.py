"""`manage.py import_gtfs PATH [--feed NAME] [--strict]`: import a GTFS zip or folder as the live
version of a feed. Findings are classified like MobilityData's GTFS validator: errors stop the import
(listed with file and line, and then nothing changes), warnings are repaired — or, with --strict,
stop it too. The report's summary (counts per severity and notice code) is printed at the end."""

import time

from django.core.management.base import BaseCommand, CommandError

from apps.transit.errors import GtfsImportError
from apps.transit.services.gtfs_import import feed_import


def report_summary(report: dict) -> list[str]:
    """'2 error(s), 3 warning(s), 1 info' and one line per notice code with its first example."""
    counts = report.get("counts", {})
    lines = [
        f"Report: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} warning(s), "
        f"{counts.get('info', 0)} info"
    ]
    for notice in report.get("notices", []):
        example = notice["examples"][0] if notice["examples"] else ""
        lines.append(
            f"  {notice['severity']:<7} {notice['code']:<48} {notice['count']:>6}  {example}"
        )
    return lines


class Command(BaseCommand):
    help = "Import a GTFS feed (zip or folder); replaces the live version of the feed atomically."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--feed", help="feed name (default: the file or folder name)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")
        parser.add_argument(
            "--strict", action="store_true", help="refuse the feed on warnings too, not only errors"
        )

    def handle(self, *args, path, feed=None, no_progress=False, strict=False, **options):
        started = time.perf_counter()
        try:
            result = feed_import(path=path, name=feed, progress=not no_progress, strict=strict)
        except GtfsImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem} [{problem.code}]")
            for line in report_summary(exc.report):
                self.stderr.write(line)
            raise CommandError(
                f"{len(exc.problems)} {'warning' if exc.strict else 'problem'}(s)"
                f"{' in a strict import' if exc.strict else ''}; "
                "nothing was imported, the live feed is unchanged."
            ) from None
        counts = ", ".join(f"{v} {k}" for k, v in result.stats.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.name} {result.version} is live ({counts}) in "
                f"{time.perf_counter() - started:.1f}s"
            )
        )
        for line in report_summary(result.report):
            self.stdout.write(line)
