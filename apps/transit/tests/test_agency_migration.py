"""Agencies imported before their names were bilingual keep their name in the feed's language, and
the Gimhae demo feed's get their English names without a re-import."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from apps.transit import models as m

pytestmark = pytest.mark.django_db

migration = importlib.import_module("apps.transit.migrations.0009_agency_name_ko_en")


def _as_0008_left_it(agency: m.Agency, name: str) -> None:
    with connection.cursor() as cursor:  # one column, in the feed's language
        cursor.execute(
            "UPDATE transit_agency SET name = %s, name_ko = NULL, name_en = NULL WHERE id = %s",
            [name, agency.id],
        )


def test_names_land_in_the_feeds_language_and_the_demo_ones_in_both(make_feed):
    english_feed = make_feed(name="en")  # agency_lang en: "Demo Transit"
    korean_feed = make_feed(
        name="ko",
        **{
            "agency.txt": """
            agency_name,agency_url,agency_timezone,agency_lang
            김해시 시내버스 (데모),https://example.org,Asia/Seoul,ko
        """
        },
    )
    m.Feed.objects.filter(id=korean_feed.id).update(default_lang="ko")
    english, korean = (m.Agency.objects.get(feed=f) for f in (english_feed, korean_feed))
    _as_0008_left_it(english, "Demo Transit")
    _as_0008_left_it(korean, "김해시 시내버스 (데모)")
    state = MigrationLoader(connection).project_state(("transit", "0009_agency_name_ko_en"))

    migration.name_to_feed_language(state.apps, None)

    names = {
        a.feed_id: (a.name_ko, a.name_en)
        for a in m.Agency.objects.only("feed_id", "name_ko", "name_en")
    }
    assert names[english_feed.id] == (None, "Demo Transit")
    assert names[korean_feed.id] == ("김해시 시내버스 (데모)", "Gimhae city bus (demo)")
