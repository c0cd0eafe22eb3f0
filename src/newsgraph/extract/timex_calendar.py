"""Calendar points at a granularity, and the TIMEX3 values they are written as.

A `Point` is a date cut to what is known of it: a day, an ISO week, a month, a quarter,
a half, a season, a year, a decade or a century. Points move by their own unit or by
years ("a year earlier" of the third quarter is the third quarter of the year before),
and each is written the TimeML way: ``2020-05-20``, ``2020-W21``, ``2020-05``,
``2020-Q2``, ``2020-H1``, ``2020-SU``, ``2020``, ``202`` (the 2020s), ``20`` (the 21st
century).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "GRAINS",
    "Point",
    "Precision",
    "add_months",
    "easter_sunday",
    "holiday_date",
    "point_of",
    "precision_of",
]

Precision = Literal["day", "month", "year", "decade"]

GRAINS = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")
"""Granularities, finest first."""

SEASON_ORDER = ("SP", "SU", "FA", "WI")


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar point: `grain` says which of the other fields are meaningful."""

    grain: str
    year: int
    month: int = 1
    day: int = 1
    part: int = 1  # the week, quarter or half number; the decade or century count
    season: str = ""

    def value(self) -> str:
        """The TIMEX3 value."""
        y = f"{self.year:04d}"
        if self.grain == "day":
            return f"{y}-{self.month:02d}-{self.day:02d}"
        if self.grain == "week":
            return f"{y}-W{self.part:02d}"
        if self.grain == "month":
            return f"{y}-{self.month:02d}"
        if self.grain == "quarter":
            return f"{y}-Q{self.part}"
        if self.grain == "half":
            return f"{y}-H{self.part}"
        if self.grain == "season":
            return f"{y}-{self.season}"
        if self.grain == "decade":
            return f"{self.year // 10:03d}"
        if self.grain == "century":
            return f"{self.year // 100:02d}"
        return y

    def as_date(self) -> date:
        """The first day of the point (a week: its Monday)."""
        if self.grain == "week":
            return date.fromisocalendar(self.year, self.part, 1)
        return date(self.year, self.month, min(self.day, calendar.monthrange(self.year, self.month)[1]))

    def shift(self, count: int, unit: str | None = None) -> Point:
        """Move by `count` units (the point's own grain when `unit` is None; "year" moves the year only)."""
        unit = unit or self.grain
        if unit == "year":
            if self.grain == "day":
                last = calendar.monthrange(self.year + count, self.month)[1]
                return replace(self, year=self.year + count, day=min(self.day, last))
            if self.grain == "week":
                return replace(self, year=self.year + count, part=min(self.part, 52))
            return replace(self, year=self.year + count)
        if unit == "day":
            return day_point(self.as_date() + timedelta(days=count))
        if unit == "week":
            return week_point(self.as_date() + timedelta(days=7 * count))
        if unit == "month":
            year, month = add_months(self.year, self.month, count)
            return replace(self, year=year, month=month)
        if unit in {"quarter", "half"}:
            per_year = 4 if unit == "quarter" else 2
            index = self.year * per_year + self.part - 1 + count
            return replace(self, year=index // per_year, part=index % per_year + 1)
        if unit == "season":
            index = self.year * 4 + SEASON_ORDER.index(self.season) + count
            return replace(self, year=index // 4, season=SEASON_ORDER[index % 4])
        if unit == "decade":
            return replace(self, year=self.year + 10 * count)
        if unit == "century":
            return replace(self, year=self.year + 100 * count)
        return self

    def at(self, grain: str) -> Point:
        """The same point at a coarser (or equal) grain."""
        start = self.as_date()
        if grain == "day":
            return day_point(start)
        if grain == "week":
            return week_point(start)
        if grain == "month":
            return Point("month", start.year, start.month)
        if grain == "quarter":
            return Point("quarter", start.year, part=(start.month - 1) // 3 + 1)
        if grain == "half":
            return Point("half", start.year, part=(start.month - 1) // 6 + 1)
        return Point(grain, start.year)


def day_point(value: date) -> Point:
    return Point("day", value.year, value.month, value.day)


def week_point(value: date) -> Point:
    iso = value.isocalendar()
    return Point("week", iso.year, part=iso.week)


def holiday_date(rule: dict[str, int], year: int) -> date:
    """The day a holiday rule gives in `year`: a fixed date ({"month": 12, "day": 25}), the
    first weekday on or after a day ({"month": 11, "weekday": 4, "from_day": 22}: the fourth
    Thursday of November), or days from Easter Sunday ({"easter": -2})."""
    if "easter" in rule:
        return easter_sunday(year) + timedelta(days=rule["easter"])
    if "weekday" in rule:
        first = date(year, rule["month"], rule["from_day"])
        return first + timedelta(days=(rule["weekday"] - first.isoweekday()) % 7)
    return date(year, rule["month"], rule["day"])


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def point_of(value: date, grain: str) -> Point:
    """The point of `grain` that holds `value`."""
    return day_point(value).at(grain)


def precision_of(value: str) -> Precision | None:
    """The contract's precision of a DATE or TIME value: day, month, year or decade, from its
    shape (``XXXX-05-20`` is a day whose year is open); None for weeks, quarters, seasons and
    the PRESENT_REF kind, which have no such precision."""
    for pattern, precision in _PRECISIONS:
        if pattern.fullmatch(value):
            return precision
    return None


_PRECISIONS: tuple[tuple[re.Pattern[str], Precision], ...] = (
    (re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}(T.*)?"), "day"),
    (re.compile(r"[\dX]{4}-[\dX]{2}"), "month"),
    (re.compile(r"[\dX]{4}"), "year"),
    (re.compile(r"\d{3}"), "decade"),
)
