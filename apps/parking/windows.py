"""When a shared place is open: recurring weekly windows and dated exceptions, in Asia/Seoul.

A window is a weekday and a start and end time on the local clock; an end at or before the start
runs past midnight into the next day (``22:00–07:00`` on Friday is Friday 22:00 to Saturday
07:00; ``00:00–00:00`` is the whole day). Exceptions are dated:

- *closed* with no times: the windows that start on that date do not open;
- *closed* with times: that stretch is taken out of whatever is open (it may cross midnight too);
- *open* (with times): an extra opening on that date, besides the weekly windows.

Korea keeps no daylight-saving time, so a local date and time is always one instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Window:
    weekday: int  # 0 = Monday … 6 = Sunday
    start: time
    end: time


@dataclass(frozen=True)
class Exception_:
    date: date
    closed: bool
    start: time | None = None
    end: time | None = None


def _span(day: date, start: time, end: time) -> Interval:
    begin = datetime.combine(day, start, tzinfo=SEOUL)
    finish_day = day + timedelta(days=1) if end <= start else day
    return begin, datetime.combine(finish_day, end, tzinfo=SEOUL)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _subtract(intervals: list[Interval], cut: Interval) -> list[Interval]:
    out: list[Interval] = []
    for start, end in intervals:
        if cut[1] <= start or cut[0] >= end:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


def open_intervals(
    *,
    windows: Iterable[Window],
    exceptions: Iterable[Exception_],
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """The stretches the place is open between ``start`` and ``end`` (aware datetimes), merged and
    clipped, in Asia/Seoul."""
    windows = list(windows)
    by_date: dict[date, list[Exception_]] = {}
    for exc in exceptions:
        by_date.setdefault(exc.date, []).append(exc)
    first = start.astimezone(SEOUL).date() - timedelta(days=1)  # yesterday's overnight window
    last = end.astimezone(SEOUL).date()
    spans: list[Interval] = []
    cuts: list[Interval] = []
    day = first
    while day <= last:
        todays = by_date.get(day, [])
        if not any(e.closed and e.start is None for e in todays):
            spans.extend(_span(day, w.start, w.end) for w in windows if w.weekday == day.weekday())
        for exc in todays:
            if exc.start is None or exc.end is None:
                continue
            (cuts if exc.closed else spans).append(_span(day, exc.start, exc.end))
        day += timedelta(days=1)
    merged = _merge(spans)
    for cut in cuts:
        merged = _subtract(merged, cut)
    clipped = [(max(s, start), min(e, end)) for s, e in merged if e > start and s < end]
    return [(s, e) for s, e in clipped if e > s]


def covers(
    *, windows: Iterable[Window], exceptions: Iterable[Exception_], start: datetime, end: datetime
) -> bool:
    """Whether the place is open for the whole of ``start``–``end``."""
    spans = open_intervals(windows=windows, exceptions=exceptions, start=start, end=end)
    return len(spans) == 1 and spans[0] == (start, end)


def max_overlap(busy: Iterable[Interval], start: datetime, end: datetime) -> int:
    """The most of ``busy`` (reservations) that overlap at any one instant within start–end."""
    points: list[tuple[datetime, int]] = []
    for s, e in busy:
        s, e = max(s, start), min(e, end)
        if s < e:
            points.append((s, 1))
            points.append((e, -1))
    points.sort(key=lambda p: (p[0], p[1]))  # an end before a start at the same instant
    most = now = 0
    for _, step in points:
        now += step
        most = max(most, now)
    return most
