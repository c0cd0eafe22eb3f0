"""Anchoring a reading on the calendar, relative to the publication date."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .reading import Reading

CANDIDATE_YEARS = range(1990, 2036)
"""The years listed as `candidates` for a weekday and a date with no year and no anchor."""

UPCOMING_DAYS = 31
"""How far after publication a weekday-and-date ("Friday, May 22") may point: an announced event."""


@dataclass(frozen=True, slots=True)
class TimeValue:
    value: str | None
    precision: str | None
    relation: str
    candidates: tuple[int, ...] = ()


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def day_value(value: date, relation: str = "on") -> TimeValue:
    return TimeValue(value.isoformat(), "day", relation)


def _add_months(anchor: date, months: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months
    return index // 12, index % 12 + 1


def _valid(year: int, month: int, day: int) -> bool:
    return day <= calendar.monthrange(year, month)[1]


def _month_day(reading: Reading, anchor: date) -> TimeValue:
    """A month and day with no year: the past-or-same one (the year before when it would fall
    after publication). A stated weekday that fits only the coming date (within a month of
    publication: an announced event) picks that; otherwise the stated date outranks the weekday."""
    month, day = reading.month, reading.day
    assert month is not None and day is not None
    past = next(
        date(y, month, day)
        for y in range(anchor.year, anchor.year - 9, -1)
        if _valid(y, month, day) and date(y, month, day) <= anchor
    )
    if reading.weekday is not None and past.weekday() != reading.weekday:
        upcoming = date(anchor.year, month, day) if _valid(anchor.year, month, day) else past
        if (
            anchor < upcoming <= anchor + timedelta(days=UPCOMING_DAYS)
            and upcoming.weekday() == reading.weekday
        ):
            return day_value(upcoming)
    return day_value(past)


def _month_only(reading: Reading, anchor: date) -> TimeValue:
    month = reading.month
    assert month is not None
    if reading.direction == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif reading.direction == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif reading.direction == "this":
        year = anchor.year
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return TimeValue(_iso(year, month), "month", "on")


def _weekday_only(reading: Reading, anchor: date) -> TimeValue:
    weekday = reading.weekday
    assert weekday is not None
    if reading.direction == "next":
        return day_value(anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7))
    back = (anchor.weekday() - weekday) % 7
    if reading.direction == "last" and back == 0:
        back = 7
    return day_value(anchor - timedelta(days=back))


def _season_only(reading: Reading, anchor: date) -> TimeValue:
    start = reading.season
    assert start is not None
    if reading.direction == "next":
        year = anchor.year if start > anchor.month else anchor.year + 1
    elif reading.direction == "last":
        year = anchor.year if start + 3 <= anchor.month else anchor.year - 1
    else:
        year = anchor.year if start <= anchor.month else anchor.year - 1
    return TimeValue(_iso(year), "year", "on")


def _decade_of(year: int) -> str:
    return _iso(year // 10 * 10)


def _shift(anchor: date, unit: str, count: int) -> tuple[str, str]:
    """The anchor moved by `count` units (negative = back), at the unit's own precision."""
    if unit in {"minute", "hour"}:
        return anchor.isoformat(), "day"
    if unit == "day":
        return (anchor + timedelta(days=count)).isoformat(), "day"
    if unit in {"week", "fortnight"}:
        days = 7 * count * (2 if unit == "fortnight" else 1)
        return (anchor + timedelta(days=days)).isoformat(), "day"
    if unit == "month":
        year, month = _add_months(anchor, count)
        return _iso(year, month), "month"
    if unit == "year":
        return _iso(anchor.year + count), "year"
    return _iso(anchor.year + 10 * count), "year"  # decades counted back: a year, approximately


def _cut(anchor: date, unit: str) -> tuple[str, str]:
    """The anchor at the precision that a vague distance in `unit` still allows."""
    if unit in {"minute", "hour", "day", "week", "fortnight"}:
        return anchor.isoformat(), "day"
    if unit == "month":
        return _iso(anchor.year, anchor.month), "month"
    return _iso(anchor.year), "year"


def relative(reading: Reading, anchor: date) -> TimeValue | None:
    """Units relative to the anchor: "three months ago", "months ago", "last year", "this month"."""
    unit = reading.unit
    assert unit is not None
    approximate = unit not in {"minute", "hour", "day"}
    if reading.ago:
        if reading.vague or reading.quantity is None:
            value, precision = _cut(anchor, unit)
            return TimeValue(value, precision, "before")
        value, precision = _shift(anchor, unit, -reading.quantity)
        return TimeValue(value, precision, "around" if approximate else "on")
    if reading.direction is None:
        return None  # a duration ("three years", "decades"): no anchor
    if reading.direction == "last" and (reading.vague or reading.quantity is not None):
        if reading.quantity is None:
            value, precision = _cut(anchor, unit)
            return TimeValue(value, precision, "before")
        if unit == "decade":
            return TimeValue(_decade_of(anchor.year - 10 * reading.quantity), "decade", "after")
        value, precision = _shift(anchor, unit, -reading.quantity)
        return TimeValue(value, precision, "after")
    step = {"last": -1, "this": 0, "next": 1}[reading.direction]
    if unit == "decade":
        if step == -1:
            return TimeValue(_decade_of(anchor.year - 5), "decade", "around")
        return TimeValue(_decade_of(anchor.year + 10 * step), "decade", "on")
    value, precision = _shift(anchor, unit, step)
    return TimeValue(value, precision, "around" if unit in {"week", "fortnight"} else "on")


def _numeric(text: str, anchor: date | None) -> TimeValue | None:
    """All-numeric dates ("20/05/2020") through dateparser, which knows the locale's field order."""
    parts = re.split(r"[/.]", text)
    if len(parts) != 3 or not any(len(p) == 4 for p in (parts[0], parts[2])):
        return None
    parsed = _date_parser(anchor)(text)
    if parsed is None or parsed.date_obj is None:
        return None
    return day_value(parsed.date_obj.date())


@lru_cache(maxsize=32)
def _date_parser(anchor: date | None) -> Callable[[str], Any]:
    from dateparser.date import DateDataParser  # slow to import: only when a numeric date turns up

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    return parser.get_date_data  # type: ignore[no-any-return]


def absolute(reading: Reading, anchor: date | None) -> TimeValue | None:
    if reading.numeric is not None:
        return _numeric(reading.numeric, anchor)
    if reading.year is not None:
        if (
            reading.month is not None
            and reading.day is not None
            and _valid(reading.year, reading.month, reading.day)
        ):
            return TimeValue(_iso(reading.year, reading.month, reading.day), "day", "on")
        if reading.month is not None:
            return TimeValue(_iso(reading.year, reading.month), "month", "on")
        return TimeValue(_iso(reading.year), "year", "on")
    assert reading.decade is not None
    return TimeValue(_iso(reading.decade), "decade", "on")


def open_year(reading: Reading, anchor: date | None) -> TimeValue | None:
    """A month, day, weekday or season whose year the text leaves to the anchor."""
    if reading.month is not None and reading.day is not None:
        if not _valid(2000, reading.month, reading.day):  # 2000 is a leap year
            return None
        if anchor is not None:
            return _month_day(reading, anchor)
        candidates: tuple[int, ...] = ()
        if reading.weekday is not None:
            candidates = tuple(
                y
                for y in CANDIDATE_YEARS
                if _valid(y, reading.month, reading.day)
                and date(y, reading.month, reading.day).weekday() == reading.weekday
            )
        return TimeValue(f"--{reading.month:02d}-{reading.day:02d}", "day", "on", candidates)
    if reading.month is not None:
        if anchor is None:
            return TimeValue(f"--{reading.month:02d}", "month", "on")
        return _month_only(reading, anchor)
    if reading.weekday is not None:
        return None if anchor is None else _weekday_only(reading, anchor)
    assert reading.season is not None
    return None if anchor is None else _season_only(reading, anchor)
