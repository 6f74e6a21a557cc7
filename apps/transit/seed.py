"""Demo data for `make seed`: the Gimhae demo GTFS feed (apps/transit/fixtures/gimhae_demo_gtfs,
built by fixtures/build_gimhae_feed.py). Real light-rail stations (© OpenStreetMap contributors)
with a timetable shaped like the published one; the bus routes are invented — feed_info.txt says
so. Skipped when the same version is already live."""

from pathlib import Path

from .models import Feed
from .services.gtfs_import import feed_import

FEED_NAME = "gimhae-demo"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gimhae_demo_gtfs"
VERSION = "gimhae-demo-2025.1"  # feed_info.txt feed_version


def run(stdout) -> None:
    live = Feed.objects.filter(name=FEED_NAME, version=VERSION, is_live=True).first()
    if live is not None:
        stdout.write(f"transit: {FEED_NAME} {VERSION} already live")
        _seed_fares(live, stdout)
        return
    feed = feed_import(path=FIXTURE, name=FEED_NAME)
    stdout.write(
        f"transit: {FEED_NAME} {feed.version} ({feed.stats['stops']} stops, {feed.stats['trips']} trips)"
    )
    _seed_fares(feed, stdout)


def _seed_fares(feed, stdout) -> None:
    """Gimhae's default fares (demo amounts, apps/transit/fares/gimhae.py); staff edits kept."""
    from .fares.gimhae import gimhae_fares_install

    if gimhae_fares_install(feed=feed):
        stdout.write("transit: Gimhae fares installed (demo amounts, editable in admin)")
