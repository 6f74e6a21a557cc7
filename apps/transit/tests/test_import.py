import io
import textwrap

import pytest
from django.core.management import CommandError, call_command

from apps.transit import models as m
from apps.transit.errors import GtfsImportError
from apps.transit.services.gtfs_import import feed_import

from .conftest import FILES, write_feed

pytestmark = pytest.mark.django_db


def test_import_builds_every_table(demo_feed):
    assert demo_feed.is_live and demo_feed.timezone == "Asia/Seoul"
    assert m.Stop.objects.filter(feed=demo_feed).count() == 6
    assert m.Trip.objects.filter(feed=demo_feed).count() == 7
    assert m.StopTime.objects.filter(feed=demo_feed).count() == 17
    night = m.StopTime.objects.get(trip__trip_id="N1", stop__stop_id="B")
    assert night.arrival == 25 * 3600 + 10 * 60  # 25:10:00 stays on its service day
    assert m.CalendarDate.objects.filter(feed=demo_feed, exception_type=2).count() == 1
    route = m.Route.objects.get(feed=demo_feed, route_id="X")
    assert route.agency.name == "Demo Transit"  # agency_id optional with one agency


def test_bad_reference_is_reported_with_file_and_line(tmp_path, db):
    stop_times = (
        textwrap.dedent(FILES["stop_times.txt"])
        .strip()
        .replace("X1,08:40:00,08:40:00,C,2", "X1,08:40:00,08:40:00,ZZ,2")
    )
    folder = write_feed(
        tmp_path / "bad",
        {
            **FILES,
            "stop_times.txt": stop_times,
            "trips.txt": FILES["trips.txt"] + "        S,NOPE,S9,x\n",
        },
    )
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=folder, name="demo")
    problems = {(p.file, p.line): p.message for p in caught.value.problems}
    assert problems[("stop_times.txt", 6)] == "stop_id 'ZZ' is not in stops.txt"
    assert "service_id 'NOPE'" in problems[("trips.txt", 9)]
    assert caught.value.code == "transit.gtfs_invalid"
    assert not m.Feed.objects.exists() and not m.Stop.objects.exists()


def test_command_lists_problems_and_changes_nothing(tmp_path, db):
    folder = write_feed(
        tmp_path / "bad", {**FILES, "routes.txt": "route_id,route_short_name\nS,1\n"}
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_gtfs", str(folder), "--feed", "demo", "--no-progress", stderr=err)
    assert "routes.txt:1: missing column(s): route_type" in err.getvalue()


def test_missing_files_and_bad_times(tmp_path, db):
    files = {**FILES, "agency.txt": None}
    files["stop_times.txt"] = FILES["stop_times.txt"].replace(
        "S1,08:30:00,08:30:00,B,2", "S1,8h30,8h30,B,2"
    )
    folder = write_feed(tmp_path / "bad", files)
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=folder)
    assert [str(p) for p in caught.value.problems] == ["agency.txt: required file is missing"]

    files["agency.txt"] = FILES["agency.txt"]
    folder = write_feed(tmp_path / "bad2", files)
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=folder)
    assert ("stop_times.txt", 3) in [(p.file, p.line) for p in caught.value.problems]


def test_failed_reimport_keeps_the_old_feed_live(make_feed, tmp_path):
    old = make_feed()
    stops = FILES["stops.txt"] + "        G,Golf,35.25,128.8,0,NOWHERE\n"
    with pytest.raises(GtfsImportError) as caught:
        make_feed(**{"stops.txt": stops})
    assert [(p.file, p.line) for p in caught.value.problems] == [("stops.txt", 8)]
    live = m.Feed.objects.get(name="demo", is_live=True)
    assert live.id == old.id and m.Feed.objects.count() == 1
    assert m.Stop.objects.filter(feed=old).count() == 6


def test_reimport_replaces_the_feed(api_client, make_feed):
    old = make_feed()
    assert api_client.get("/api/v1/transit/stops/E/?feed=demo").status_code == 200
    stops = FILES["stops.txt"].replace("E,Echo", "E,Echo Plaza")
    new = make_feed(**{"stops.txt": stops})
    assert new.id != old.id and new.version != old.version
    assert list(m.Feed.objects.values_list("id", "is_live")) == [(new.id, True)]
    assert m.StopTime.objects.count() == 17 and m.Stop.objects.count() == 6
    body = api_client.get("/api/v1/transit/stops/E/?feed=demo", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["name"] == "Echo Plaza"


def test_frequencies_are_expanded_into_trips(make_feed, api_client):
    feed = make_feed(
        **{
            "frequencies.txt": "trip_id,start_time,end_time,headway_secs\nX1,07:00:00,08:00:00,600\n"
        }
    )
    trips = m.Trip.objects.filter(feed=feed, frequency_template_id="X1").order_by("trip_id")
    assert [t.trip_id for t in trips] == [f"X1@07:{mm:02d}:00" for mm in range(0, 60, 10)]
    assert m.Trip.objects.get(feed=feed, trip_id="X1").is_frequency_template
    first = m.StopTime.objects.get(trip=trips[1], stop__stop_id="C")
    assert (first.departure, first.arrival) == (7 * 3600 + 30 * 60, 7 * 3600 + 30 * 60)
    its = api_client.get(
        "/api/v1/transit/plan/",
        {"from_stop": "A", "to_stop": "C", "depart_at": "2025-03-04T07:05:00+09:00"},
    ).json()["itineraries"]
    assert its[0]["legs"][0]["trip_id"] == "X1@07:10:00"
    assert its[0]["arrival"] == "2025-03-04T07:30:00+09:00"


def test_translations_fill_ko_and_en_names(make_feed, api_client):
    make_feed(
        **{
            "translations.txt": """
            table_name,field_name,language,translation,record_id,field_value
            stops,stop_name,ko,알파,A,
            stops,stop_name,ko,브라보,,Bravo
            routes,route_long_name,ko,급행,X,
            agency,agency_name,ko,데모 교통,,Demo Transit
        """,
        }
    )
    ko = api_client.get("/api/v1/transit/stops/A/").json()
    en = api_client.get("/api/v1/transit/stops/A/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (ko["name"], en["name"]) == ("알파", "Alpha")
    assert m.Stop.objects.get(stop_id="B").name_ko == "브라보"
    assert m.Stop.objects.get(stop_id="C").name_ko == ""  # falls back to the feed's English
    assert api_client.get("/api/v1/transit/stops/C/").json()["name"] == "Charlie"
    routes = api_client.get("/api/v1/transit/routes/").json()
    assert {r["id"]: r["long_name"] for r in routes}["X"] == "급행"
    assert {r["id"]: r["agency"] for r in routes}["X"] == "데모 교통"
    agency = m.Agency.objects.get()
    assert (agency.name_ko, agency.name_en) == ("데모 교통", "Demo Transit")


def test_zip_and_several_agencies_need_agency_id(tmp_path, db):
    import zipfile

    agency = "agency_id,agency_name,agency_url,agency_timezone\na1,One,https://a,Asia/Seoul\na2,Two,https://b,Asia/Seoul\n"
    folder = write_feed(tmp_path / "two", {**FILES, "agency.txt": agency})
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.iterdir():
            z.write(path, path.name)
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=archive)
    assert ("routes.txt", 2) in [(p.file, p.line) for p in caught.value.problems]
    assert "agency_id" in caught.value.problems[0].message
