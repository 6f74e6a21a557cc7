"""Demo data for `make seed`: the Gimhae demo GTFS feed (apps/transit/fixtures/gimhae_demo_gtfs,
built by fixtures/build_gimhae_feed.py). Real light-rail stations (© OpenStreetMap contributors)
with a timetable shaped like the published one; the bus routes are invented — feed_info.txt says
so.

The feed is imported only when no version of it is live, or another demo version is (the fixture
changed): an unchanged feed is never imported again, and a feed staff imported under the same name
is left alone. Its
fares (apps/transit/fares/gimhae.py, demo amounts) are installed once; staff edits stay.
`seed --reset` imports the demo feed again, which replaces the live version and brings back the
demo stops, routes and fares."""

from pathlib import Path

from .models import Feed
from .services.gtfs_import import feed_import

FEED_NAME = "gimhae-demo"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gimhae_demo_gtfs"
VERSION = "gimhae-demo-2025.1"  # feed_info.txt feed_version
DEMO_VERSION_PREFIX = "gimhae-demo-"


def run(stdout, *, reset: bool = False) -> None:
    live = Feed.objects.filter(name=FEED_NAME, is_live=True).first()
    if live is not None and not reset:
        if live.version == VERSION:
            stdout.write(f"transit: {FEED_NAME} {VERSION} already live")
            _seed_fares(live, stdout)
            return
        if not live.version.startswith(DEMO_VERSION_PREFIX):
            stdout.write(f"transit: {FEED_NAME} {live.version} (imported by staff) left as it is")
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
