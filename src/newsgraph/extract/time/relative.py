"""Times stated against another event: "three days after the raid", "days later", "the next day".

`shift_time(text, reference, later=...)` reads the distance in `text` and moves the
reference TIME by it. A counted distance moves the date ("three days after" a day is
a day); an uncounted one keeps only what it can: "days later" than a day is its month,
"hours later" its day. Nothing is returned when the reference is too coarse for the
distance (a month reference and "three days after").
"""

from __future__ import annotations

from datetime import date, timedelta

from ...schema import TimeJSON
from .anchoring import _add_months
from .reading import read
from .vocabulary import load_time_vocabulary

_DAYS = {"day": 1, "week": 7, "fortnight": 14}
_VAGUE_PRECISION = {"minute": "day", "hour": "day", "day": "month", "week": "month", "month": "year"}


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10 or value.startswith("-"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def shift_time(text: str, reference: TimeJSON, *, later: bool) -> TimeJSON | None:
    """`reference` moved by the distance `text` states ("three days", "days later", "the next day").

    >>> shift_time("three days", {"text": "", "value": "2013-04-15", "precision": "day",
    ...            "relation": "on"}, later=True)["value"]
    '2013-04-18'
    """
    vocab = load_time_vocabulary()
    reading = read(" ".join(text.lower().split()).strip(" ,.;:"), vocab)
    unit = reading.unit
    anchor = _day(reference.get("value"))
    if unit is None or reading.has_date or reading.month is not None or reading.weekday is not None:
        return None
    count = reading.quantity
    if count is None and not reading.vague and not reading.plural:
        count = 1  # "the next day", "a week later"
    value: str | None = None
    precision: str | None = None
    if count is not None and anchor is not None:
        sign = 1 if later else -1
        if unit in ("minute", "hour"):
            value, precision = anchor.isoformat(), "day"
        elif unit in _DAYS:
            value, precision = (anchor + timedelta(days=sign * count * _DAYS[unit])).isoformat(), "day"
        elif unit == "month":
            year, month = _add_months(anchor, sign * count)
            value, precision = f"{year:04d}-{month:02d}", "month"
        elif unit == "year":
            value, precision = f"{anchor.year + sign * count:04d}", "year"
    elif count is None and reference.get("value"):
        cut = _VAGUE_PRECISION.get(unit)
        ref_value = str(reference["value"])
        width = {"day": 10, "month": 7, "year": 4}.get(cut or "", 0)
        if cut is not None and len(ref_value) >= width and not ref_value.startswith("-"):
            value, precision = ref_value[:width], cut
    if value is None:
        return None
    return {"text": text.strip(), "value": value, "precision": precision, "relation": "on"}
