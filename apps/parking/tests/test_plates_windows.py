"""Korean plates, and time windows in Asia/Seoul: overnight windows, dated exceptions, overlaps."""

from datetime import date, datetime, time

import pytest

from apps.parking import windows
from apps.parking.plates import plate_hash, plate_normalise
from apps.parking.windows import SEOUL, Exception_, Window


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("12가3456", "12가3456"),
        ("123가4567", "123가4567"),
        ("서울12가3456", "서울12가3456"),
        ("경남 34 바 5678", "경남34바5678"),
        (" 12 가 3456 ", "12가3456"),
        ("123-허-4567", "123허4567"),
        ("45배1234", "45배1234"),
    ],
)
def test_korean_plates_are_accepted_and_written_one_way(raw, normal):
    assert plate_normalise(raw) == normal


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1가3456",
        "1234가5678",
        "12A3456",
        "12가345",
        "12가34567",
        "뉴욕12가3456",
        "12가0000",
        "12깋3456",
    ],
)
def test_other_strings_are_not_plates(raw):
    assert plate_normalise(raw) is None


def test_plate_hash_is_sha256_of_the_normal_form():
    assert plate_hash("12가3456") == plate_hash(plate_normalise("12 가 3456"))
    assert len(plate_hash("12가3456")) == 64


def at(day, hh, mm=0):
    return datetime(2026, 12, day, hh, mm, tzinfo=SEOUL)


# 2026-12-04 is a Friday
FRIDAY_NIGHT = [Window(weekday=4, start=time(22), end=time(7))]


def test_an_overnight_window_runs_into_the_next_morning():
    spans = windows.open_intervals(
        windows=FRIDAY_NIGHT, exceptions=[], start=at(4, 0), end=at(6, 0)
    )
    assert spans == [(at(4, 22), at(5, 7))]
    assert windows.covers(windows=FRIDAY_NIGHT, exceptions=[], start=at(4, 23), end=at(5, 6, 30))
    assert not windows.covers(windows=FRIDAY_NIGHT, exceptions=[], start=at(5, 6), end=at(5, 8))
    # asked from Saturday 01:00 only: yesterday's window is still found
    assert windows.covers(windows=FRIDAY_NIGHT, exceptions=[], start=at(5, 1), end=at(5, 2))


def test_back_to_back_windows_merge_across_midnight():
    weekly = [Window(4, time(18), time(0)), Window(5, time(0), time(9))]
    assert windows.covers(windows=weekly, exceptions=[], start=at(4, 20), end=at(5, 8))


def test_a_closed_day_drops_the_windows_starting_that_day():
    closed = [Exception_(date=date(2026, 12, 4), closed=True)]
    assert not windows.covers(
        windows=FRIDAY_NIGHT, exceptions=closed, start=at(4, 23), end=at(5, 1)
    )
    # the next Friday is open again
    assert windows.covers(windows=FRIDAY_NIGHT, exceptions=closed, start=at(11, 23), end=at(12, 1))


def test_closed_hours_cut_a_window_and_an_extra_opening_adds_one():
    cut = [Exception_(date=date(2026, 12, 4), closed=True, start=time(23, 30), end=time(1))]
    spans = windows.open_intervals(
        windows=FRIDAY_NIGHT, exceptions=cut, start=at(4, 0), end=at(6, 0)
    )
    assert spans == [(at(4, 22), at(4, 23, 30)), (at(5, 1), at(5, 7))]
    extra = [Exception_(date=date(2026, 12, 2), closed=False, start=time(9), end=time(12))]
    assert windows.covers(windows=FRIDAY_NIGHT, exceptions=extra, start=at(2, 9), end=at(2, 12))
    assert not windows.covers(
        windows=FRIDAY_NIGHT, exceptions=extra, start=at(2, 11), end=at(2, 13)
    )


def test_max_overlap_counts_reservations_at_the_busiest_instant():
    busy = [(at(4, 8), at(4, 10)), (at(4, 9), at(4, 11)), (at(4, 10), at(4, 12))]
    assert windows.max_overlap(busy, at(4, 8), at(4, 12)) == 2  # an end frees its space at once
    assert windows.max_overlap(busy, at(4, 11), at(4, 12)) == 1
    assert windows.max_overlap([], at(4, 8), at(4, 12)) == 0
