"""Messy feeds: each finding is a notice named like MobilityData's GTFS validator. Warnings are
repaired and the import goes on (and are refused with strict=True / --strict); errors still refuse.

Every feed here is the demo network of conftest.FILES with one invented defect."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.transit import models as m
from apps.transit.errors import GtfsImportError
from apps.transit.selectors import route_geometry
from apps.transit.services.gtfs_import import NOTICES, feed_import

from .conftest import FILES, write_feed

pytestmark = pytest.mark.django_db


def files(**changes) -> dict:
    """FILES with whole files replaced (text, or None to leave the file out)."""
    base = {name: textwrap.dedent(text).strip() for name, text in FILES.items()}
    for name, text in changes.items():
        base[name] = None if text is None else textwrap.dedent(text).strip()
    return base


def plus(name: str, *lines: str) -> str:
    return textwrap.dedent(FILES[name]).strip() + "\n" + "\n".join(lines)


def swap(name: str, old: str, new: str) -> str:
    text = textwrap.dedent(FILES[name]).strip()
    assert old in text
    return text.replace(old, new)


def found(report: dict, severity: str) -> dict[str, int]:
    return {n["code"]: n["count"] for n in report["notices"] if n["severity"] == severity}


# --- warnings: repaired, the import goes on --------------------------------------------------------


def _missing_shape():
    trips = """
        route_id,service_id,trip_id,trip_headsign,shape_id
        S,WK,S1,Charlie,SH1
        X,WK,X1,Charlie,NOPE
        Y,WK,Y1,Delta,
        Y,WK,Y2,Delta,
        L,WK,L1,Delta,
        W,WK,W1,Echo,
        N,WK,N1,Bravo,
    """
    shapes = """
        shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence
        SH1,35.2,128.8,1
        SH1,35.21,128.801,2
        SH1,35.22,128.8,3
    """
    return files(**{"trips.txt": trips, "shapes.txt": shapes})


def _check_missing_shape(feed):
    # X1's shape_id named no shape: the trip is kept, drawn stop to stop (A → C)
    assert m.Trip.objects.get(feed=feed, trip_id="X1").shape_id == ""
    assert m.Trip.objects.get(feed=feed, trip_id="S1").shape_id == "SH1"
    express = route_geometry(route=m.Route.objects.get(feed=feed, route_id="X"))
    assert express["coordinates"] == [[[128.8, 35.2], [128.8, 35.22]]]
    slow = route_geometry(route=m.Route.objects.get(feed=feed, route_id="S"))
    assert slow["coordinates"] == [[[128.8, 35.2], [128.801, 35.21], [128.8, 35.22]]]


def _unusable_trip():
    return files(
        **{
            "trips.txt": plus("trips.txt", "S,WK,ONE,Bravo"),
            "stop_times.txt": plus("stop_times.txt", "ONE,08:00:00,08:00:00,A,1"),
        }
    )


def _check_dropped(trip_id):
    def check(feed):
        assert not m.Trip.objects.filter(feed=feed, trip_id=trip_id).exists()
        assert m.Trip.objects.filter(feed=feed).count() == 7
        assert m.StopTime.objects.filter(feed=feed).count() == 17
        assert feed.stats["dropped_trips"] == 1

    return check


def _unused_trip():
    return files(**{"trips.txt": plus("trips.txt", "S,WK,GHOST,Nowhere")})


def _untimed_edges():
    # L1: A (no time) → B 08:40 → C (no time) → D 09:10 → E (no time): A and E dropped, C
    # interpolated; T1: only its middle stop has a time, so it is dropped as well.
    stop_times = swap(
        "stop_times.txt",
        "L1,08:00:00,08:00:00,A,1\nL1,08:40:00,08:40:00,B,2\n"
        "L1,09:10:00,09:10:00,C,3\nL1,09:30:00,09:30:00,D,4",
        "L1,,,A,1\nL1,08:40:00,08:40:00,B,2\nL1,,,C,3\nL1,09:10:00,09:10:00,D,4\nL1,,,E,5\n"
        "T1,,,A,1\nT1,08:00:00,08:00:00,B,2\nT1,,,C,3",
    )
    return files(
        **{"stop_times.txt": stop_times, "trips.txt": plus("trips.txt", "L,WK,T1,Charlie")}
    )


def _check_untimed_edges(feed):
    rows = m.StopTime.objects.filter(feed=feed, trip__trip_id="L1").order_by("stop_sequence")
    assert [(r.stop.stop_id, r.arrival) for r in rows] == [
        ("B", 8 * 3600 + 40 * 60),
        ("C", 8 * 3600 + 55 * 60),  # between timepoints: interpolated as before
        ("D", 9 * 3600 + 10 * 60),
    ]
    assert not m.Trip.objects.filter(feed=feed, trip_id="T1").exists()


def _only_arrival():
    stop_times = swap("stop_times.txt", "S1,08:30:00,08:30:00,B,2", "S1,08:30:00,,B,2")
    return files(**{"stop_times.txt": stop_times})


def _check_only_arrival(feed):
    row = m.StopTime.objects.get(feed=feed, trip__trip_id="S1", stop__stop_id="B")
    assert row.arrival == row.departure == 8 * 3600 + 30 * 60


def _route_without_names():
    return files(**{"routes.txt": swap("routes.txt", "W,4,Foxtrot-Echo,3", "W,,,3")})


def _check_route_without_names(feed):
    route = m.Route.objects.get(feed=feed, route_id="W")
    assert (route.short_name, route.long_name) == ("", "")


def _bad_transfer():
    transfers = """
        from_stop_id,to_stop_id,transfer_type,min_transfer_time
        C,F,2,120
        C,NOWHERE,2,120
    """
    return files(**{"transfers.txt": transfers})


def _check_bad_transfer(feed):
    assert list(
        m.Transfer.objects.filter(feed=feed).values_list("from_stop__stop_id", "to_stop__stop_id")
    ) == [("C", "F")]


def _bad_translation():
    translations = """
        table_name,field_name,language,translation,record_id
        stops,stop_name,ko,알파,A
        stops,stop_name,ko,없음,NOWHERE
    """
    return files(**{"translations.txt": translations})


def _check_bad_translation(feed):
    assert m.Stop.objects.get(feed=feed, stop_id="A").name_ko == "알파"


def _empty_optional_file():
    return files(**{"transfers.txt": ""})


WARNING_CASES = {
    "missing_shape": (_missing_shape, {"foreign_key_violation": 1}, _check_missing_shape),
    "unusable_trip": (_unusable_trip, {"unusable_trip": 1}, _check_dropped("ONE")),
    "unused_trip": (_unused_trip, {"unused_trip": 1}, _check_dropped("GHOST")),
    "untimed_edges": (
        _untimed_edges,
        {"missing_trip_edge": 4, "unusable_trip": 1},
        _check_untimed_edges,
    ),
    "only_arrival": (
        _only_arrival,
        {"stop_time_with_only_arrival_or_departure_time": 1},
        _check_only_arrival,
    ),
    "route_without_names": (
        _route_without_names,
        {"route_both_short_and_long_name_missing": 1},
        _check_route_without_names,
    ),
    "bad_transfer": (_bad_transfer, {"foreign_key_violation": 1}, _check_bad_transfer),
    "bad_translation": (
        _bad_translation,
        {"translation_foreign_key_violation": 1},
        _check_bad_translation,
    ),
    "empty_optional_file": (_empty_optional_file, {"empty_file": 1}, lambda feed: None),
}


@pytest.mark.parametrize("case", WARNING_CASES)
def test_warnings_are_repaired_and_reported(tmp_path, case):
    build, expected, check = WARNING_CASES[case]
    feed = feed_import(path=write_feed(tmp_path / case, build()), name="demo")
    assert feed.is_live
    assert found(feed.report, "warning") == expected
    assert found(feed.report, "error") == {}
    assert feed.report["counts"]["warning"] == sum(expected.values())
    check(feed)


@pytest.mark.parametrize("case", WARNING_CASES)
def test_strict_refuses_each_warning_and_writes_nothing(tmp_path, case):
    build, expected, _check = WARNING_CASES[case]
    old = feed_import(path=write_feed(tmp_path / "good", files()), name="demo")
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=write_feed(tmp_path / case, build()), name="demo", strict=True)
    error = caught.value
    assert error.strict and error.code == "transit.gtfs_invalid"
    assert {p.code for p in error.problems} == set(expected)
    assert {p.severity for p in error.problems} == {"warning"}
    assert found(error.report, "warning") == expected
    assert list(m.Feed.objects.values_list("id", "is_live")) == [(old.id, True)]


def test_report_keeps_counts_and_the_first_examples_as_file_line_message(tmp_path):
    trips = plus("trips.txt", *[f"S,WK,G{i},Nowhere" for i in range(8)])
    feed = feed_import(
        path=write_feed(tmp_path / "ghosts", files(**{"trips.txt": trips})), name="demo"
    )
    [notice] = feed.report["notices"]
    assert (notice["code"], notice["severity"], notice["count"]) == ("unused_trip", "warning", 8)
    assert notice["validator_severity"] == "warning"
    assert notice["description"] == NOTICES["unused_trip"][1]
    assert notice["examples"] == [
        f"trips.txt:{9 + i}: trip 'G{i}' has no stop_times; dropped" for i in range(5)
    ]
    assert feed.report["counts"] == {"error": 0, "warning": 8, "info": 0}
    assert feed.report["strict"] is False


def test_unknown_files_and_columns_are_info_and_ignored_even_when_strict(tmp_path):
    stops = """
        stop_id,stop_name,stop_lat,stop_lon,stop_colour
        A,Alpha,35.2000,128.8000,red
        B,Bravo,35.2100,128.8000,red
        C,Charlie,35.2200,128.8000,blue
        D,Delta,35.2300,128.8000,blue
        E,Echo,35.2400,128.8000,blue
        F,Foxtrot,35.2200,128.8022,green
    """
    folder = write_feed(
        tmp_path / "extra", files(**{"stops.txt": stops, "notes.txt": "just,some\nnotes,here"})
    )
    (folder / "README.md").write_text("not part of the feed")
    feed = feed_import(path=folder, name="demo", strict=True)
    assert found(feed.report, "info") == {"unknown_column": 1, "unknown_file": 2}
    assert feed.report["counts"] == {"error": 0, "warning": 0, "info": 3}
    examples = {n["code"]: n["examples"] for n in feed.report["notices"]}
    assert examples["unknown_column"] == ["stops.txt:1: column 'stop_colour' ignored"]
    assert examples["unknown_file"] == [
        "README.md: not a GTFS file; ignored",
        "notes.txt: not a GTFS file; ignored",
    ]
    assert m.Stop.objects.filter(feed=feed).count() == 6


def test_clean_feed_has_an_empty_report(demo_feed):
    assert demo_feed.report == {
        "strict": False,
        "counts": {"error": 0, "warning": 0, "info": 0},
        "notices": [],
    }


# --- errors: the timetable is undefined, nothing is written ----------------------------------------

ERROR_CASES = {
    "missing_required_file": (
        {"stops.txt": None},
        ("missing_required_file", "stops.txt", None),
    ),
    "missing_calendar": (
        {"calendar.txt": None, "calendar_dates.txt": None},
        ("missing_calendar_and_calendar_date_files", "calendar.txt", None),
    ),
    "missing_required_column": (
        {"trips.txt": swap("trips.txt", "route_id,service_id", "route_id,service")},
        ("missing_required_column", "trips.txt", 1),
    ),
    "missing_required_field": (
        {
            "stop_times.txt": swap(
                "stop_times.txt", "Y1,09:00:00,09:00:00,D,2", "Y1,09:00:00,09:00:00,,2"
            )
        },
        ("missing_required_field", "stop_times.txt", 8),
    ),
    "invalid_time": (
        {"stop_times.txt": swap("stop_times.txt", "X1,08:40:00,08:40:00", "X1,8.40,8.40")},
        ("invalid_time", "stop_times.txt", 6),
    ),
    "unknown_stop": (
        {"stop_times.txt": plus("stop_times.txt", "N1,25:30:00,25:30:00,ZZ,3")},
        ("foreign_key_violation", "stop_times.txt", 19),
    ),
    "unknown_trip": (
        {"stop_times.txt": plus("stop_times.txt", "Q1,08:00:00,08:00:00,A,1")},
        ("foreign_key_violation", "stop_times.txt", 19),
    ),
    "duplicate_trip_id": (
        {"trips.txt": plus("trips.txt", "S,WK,S1,Again")},
        ("duplicate_key", "trips.txt", 9),
    ),
    "duplicate_stop_sequence": (
        {"stop_times.txt": plus("stop_times.txt", "N1,25:30:00,25:30:00,C,2")},
        ("duplicate_key", "stop_times.txt", 19),
    ),
    "times_go_backwards": (
        {
            "stop_times.txt": swap(
                "stop_times.txt", "S1,09:00:00,09:00:00,C,3", "S1,07:00:00,07:00:00,C,3"
            )
        },
        ("stop_time_with_arrival_before_previous_departure_time", "stop_times.txt", 4),
    ),
}


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("case", ERROR_CASES)
def test_errors_refuse_with_their_code(tmp_path, case, strict):
    changes, (code, file, line) = ERROR_CASES[case]
    old = feed_import(path=write_feed(tmp_path / "good", files()), name="demo")
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=write_feed(tmp_path / case, files(**changes)), name="demo", strict=strict)
    error = caught.value
    assert not error.strict  # refused for an error, not for strictness
    errors = [(p.code, p.file, p.line) for p in error.problems if p.severity == "error"]
    assert errors == [(code, file, line)]
    assert error.extra["problems"][0]["code"] == code
    assert list(m.Feed.objects.values_list("id", "is_live")) == [(old.id, True)]


def test_error_and_warnings_together_list_only_the_error(tmp_path):
    changes = {
        "trips.txt": plus("trips.txt", "S,WK,GHOST,Nowhere"),
        "stop_times.txt": swap("stop_times.txt", "X1,08:40:00,08:40:00", "X1,8.40,8.40"),
    }
    with pytest.raises(GtfsImportError) as caught:
        feed_import(path=write_feed(tmp_path / "both", files(**changes)), name="demo")
    assert [p.code for p in caught.value.problems] == ["invalid_time"]
    assert found(caught.value.report, "error") == {"invalid_time": 1}
    # X1 is left with one usable stop_time, so it is reported too (but that is not fatal)
    assert found(caught.value.report, "warning") == {"unused_trip": 1, "unusable_trip": 1}


# --- the command and admin -------------------------------------------------------------------------


def test_command_prints_the_report_summary(tmp_path):
    folder = write_feed(tmp_path / "ghost", _unused_trip())
    out = io.StringIO()
    call_command("import_gtfs", str(folder), "--feed", "demo", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "demo" in text and "is live" in text
    assert "Report: 0 error(s), 1 warning(s), 0 info" in text
    assert "warning unused_trip" in " ".join(text.split())
    assert "trips.txt:9: trip 'GHOST' has no stop_times; dropped" in text


def test_command_strict_refuses_warnings(tmp_path):
    folder = write_feed(tmp_path / "ghost", _unused_trip())
    err = io.StringIO()
    with pytest.raises(CommandError, match="strict import; nothing was imported"):
        call_command(
            "import_gtfs", str(folder), "--feed", "demo", "--no-progress", "--strict", stderr=err
        )
    assert "trips.txt:9: trip 'GHOST' has no stop_times; dropped [unused_trip]" in err.getvalue()
    assert "Report: 0 error(s), 1 warning(s), 0 info" in err.getvalue()
    assert not m.Feed.objects.exists()


def test_strict_refusal_message_is_translated(tmp_path):
    from django.utils import translation

    folder = write_feed(tmp_path / "ghost", _unused_trip())
    with translation.override("ko"), pytest.raises(GtfsImportError) as caught:
        feed_import(path=folder, name="demo", strict=True)
    assert caught.value.message == "엄격 모드 가져오기라 GTFS 피드를 거부했습니다: 경고 1건."


@pytest.fixture
def staff_client(client):
    from apps.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_feed_page_shows_the_report_table(staff_client, tmp_path):
    feed = feed_import(path=write_feed(tmp_path / "ghost", _unused_trip()), name="demo")
    url = reverse("admin:transit_feed_change", args=[feed.id])
    ko = staff_client.get(url).content.decode()
    for text in (
        "검증 보고서",
        "코드",
        "심각도",
        "건수",
        "예시",
        "경고",
        "<code>unused_trip</code>",
    ):
        assert text in ko
    assert "trips.txt:9: trip &#x27;GHOST&#x27; has no stop_times; dropped" in ko
    staff_client.post("/language/", {"language": "en", "next": "/admin/"})
    en = staff_client.get(url).content.decode()
    for text in ("Validation report", "Severity", "Examples", "warning"):
        assert text in en
    clean = feed_import(path=write_feed(tmp_path / "clean", files()), name="other")
    en = staff_client.get(reverse("admin:transit_feed_change", args=[clean.id])).content.decode()
    assert "No findings." in en
