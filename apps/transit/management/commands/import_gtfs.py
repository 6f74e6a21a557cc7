"""`manage.py import_gtfs PATH [--feed NAME]`: import a GTFS zip or folder as the live version of a
feed. Problems are listed with file and line, and then nothing changes."""

import time

from django.core.management.base import BaseCommand, CommandError

from apps.transit.errors import GtfsImportError
from apps.transit.services.gtfs_import import feed_import


class Command(BaseCommand):
    help = "Import a GTFS feed (zip or folder); replaces the live version of the feed atomically."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--feed", help="feed name (default: the file or folder name)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, path, feed=None, no_progress=False, **options):
        started = time.perf_counter()
        try:
            result = feed_import(path=path, name=feed, progress=not no_progress)
        except GtfsImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} problem(s); nothing was imported, the live feed is unchanged."
            ) from None
        counts = ", ".join(f"{v} {k}" for k, v in result.stats.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.name} {result.version} is live ({counts}) in "
                f"{time.perf_counter() - started:.1f}s"
            )
        )
