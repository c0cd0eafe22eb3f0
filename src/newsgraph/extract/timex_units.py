"""Unit phrases -> TIMEX3 values: durations ("three days" ``P3D``, "5 1/2 hours"
``PT5H30M``, "several weeks" ``PXW``) and points counted from an anchor ("last month",
"this quarter", "a year earlier", "two weeks ago", "the following day").

`Anchors` and `Timex`, the input and output of the whole normaliser, live here too, at
the bottom of the ``timex_*`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .timex_calendar import GRAINS, Point, point_of
from .timex_parse import Parsed, UnitPhrase
from .timex_vocabulary import load_timex_vocabulary

__all__ = ["Anchors", "Timex", "TimexType", "duration", "units_value"]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

GRAIN_OF_UNIT = {
    "D": "day",
    "W": "week",
    "FN": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "E": "decade",
    "C": "century",
}
_CLOCK_UNITS = {"S": "S", "MIN": "M", "H": "H"}
_DURATION_UNITS = {"D": ("D", 1), "W": ("W", 1), "FN": ("W", 2), "M": ("M", 1), "Q": ("Q", 1), "Y": ("Y", 1)}
_LONG_UNITS = {"E": ("E", 10), "C": ("C", 100), "L": ("L", 1000)}
_FRACTION_DOWN = {"Y": ("M", 12), "H": ("M", 60), "MIN": ("S", 60), "D": ("H", 24), "W": ("D", 7)}


@dataclass(frozen=True, slots=True)
class Anchors:
    """What an expression is anchored on besides its own words."""

    published: date | None
    tense: int = 0  # -1 the verb is past, 1 future, 0 present or unknown
    reference: Point | None = None  # the last point the document mentioned before
    local: Point | None = None  # the last point mentioned before in the same sentence
    period: Point | None = None  # the last quarter or half the document mentioned
    rate: bool = False  # the expression follows an amount: "$5 a year", "twice a week"


@dataclass(frozen=True, slots=True)
class Timex:
    type: TimexType
    value: str
    anchored: bool = True
    point: Point | None = None  # the calendar point, when the value is one


def duration(unit: str, count: float | None) -> str:
    """``P3D``, ``PT5H30M``, ``P2Y6M``, ``PXY`` (a count the text leaves open)."""
    if unit in _LONG_UNITS:
        letter, years = _LONG_UNITS[unit]
        return f"PX{letter}" if count is None else duration("Y", count * years)
    clock = unit in _CLOCK_UNITS
    letter = _CLOCK_UNITS[unit] if clock else _DURATION_UNITS[unit][0]
    prefix = "PT" if clock else "P"
    if count is None:
        return f"{prefix}X{letter}"
    if unit == "FN":
        count *= 2
    whole = int(count)
    rest = count - whole
    text = f"{prefix}{whole}{letter}" if whole else prefix
    if rest and unit in _FRACTION_DOWN:
        small, per = _FRACTION_DOWN[unit]
        extra = round(rest * per)
        if unit == "D":
            return f"{text}T{extra}H" if whole else f"PT{extra}H"
        return f"{text}{extra}{small}"
    if rest:
        return f"{prefix}{count:g}{letter}"
    return text


def _main_phrase(parsed: Parsed) -> UnitPhrase:
    counted = [p for p in parsed.units if p.count is not None and p.shift is None]
    return counted[0] if counted else parsed.units[0]


def units_value(parsed: Parsed, anchors: Anchors) -> Timex | None:
    shifted = next((p for p in parsed.units if p.shift is not None), None)
    if shifted is not None:
        return _shifted(shifted, parsed, anchors)
    phrase = _main_phrase(parsed)
    if phrase.count is not None or phrase.vague or phrase.plural:
        return Timex("DURATION", duration(phrase.unit, phrase.count))
    if phrase.unit == "Q" and phrase.direction is None and phrase.definite:
        return _last_quarter(anchors, back=0)
    if phrase.direction is not None:
        return _relative(phrase, anchors)
    if phrase.definite and phrase.unit == "Y":
        return _the_year(parsed, anchors)
    positions = load_timex_vocabulary().position_words
    if phrase.unit in {"Y", "M", "W"} and any(word in positions for word in parsed.words):
        return _relative(replace(phrase, direction=0), anchors)  # "year-end", "at month's end"
    if phrase.definite and phrase.unit == "W" and anchors.published is not None:
        return Timex("DATE", f"{anchors.published.year:04d}-WXX")  # "the week": some week of the year
    return None


def _the_year(parsed: Parsed, anchors: Anchors) -> Timex | None:
    """ "the year" is a length of time (P1Y) unless a part of it is meant: "the end of the
    year", "earlier in the year" (the year of publication)."""
    vocab = load_timex_vocabulary()
    if not any(word in vocab.position_words for word in parsed.words):
        return Timex("DURATION", "P1Y")
    if anchors.published is None:
        return Timex("DATE", "XXXX", anchored=False)
    point = Point("year", anchors.published.year)
    return Timex("DATE", point.value(), point=point)


def _last_quarter(anchors: Anchors, *, back: int) -> Timex:
    """The quarter the document reports on ("the quarter", "the latest quarter"): the last
    one it named, else the last one completed before publication; `back` years before."""
    named = anchors.local or anchors.period
    if named is not None and named.grain == "quarter":
        point = named.shift(-4 * back)
        return Timex("DATE", point.value(), point=point)
    if anchors.published is None:
        return Timex("DATE", "XXXX-QX", anchored=False)
    point = point_of(anchors.published, "quarter").shift(-1 - 4 * back)
    return Timex("DATE", point.value(), point=point)


def _relative(phrase: UnitPhrase, anchors: Anchors) -> Timex | None:
    """ "this year", "last month", "next week", "the following day", "that year"."""
    direction = phrase.direction or 0
    if phrase.unit in {"S", "MIN", "H", "L"}:
        return Timex("DURATION", duration(phrase.unit, 1.0))
    if phrase.unit in {"E", "C"} and direction != 0:
        return Timex("DURATION", duration(phrase.unit, 1.0))
    grain = GRAIN_OF_UNIT[phrase.unit]
    base = anchors.reference
    if phrase.anaphoric and base is not None and _grain_rank(base.grain) <= _grain_rank(grain):
        point = base.at(grain).shift(direction)
        return Timex("DATE", point.value(), point=point)
    if anchors.published is None:
        return Timex("DATE", _open_value(grain), anchored=False)
    if phrase.unit == "Q" and direction == -1 and phrase.definite:
        return _last_quarter(anchors, back=0)
    point = point_of(anchors.published, grain).shift(direction)
    return Timex("DATE", point.value(), point=point)


def _grain_rank(grain: str) -> int:
    return GRAINS.index(grain)


def _open_value(grain: str) -> str:
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(
        grain, "XXXX"
    )


def _shifted(phrase: UnitPhrase, parsed: Parsed, anchors: Anchors) -> Timex | None:
    """ "two years ago", "a year earlier", "three days later", "the year-earlier quarter"."""
    direction = phrase.shift or -1
    if phrase.vague or (phrase.count is None and phrase.plural):
        return Timex("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
    count = int(round(phrase.count or 1.0))
    if phrase.unit in {"S", "MIN", "H"}:
        return Timex("DURATION", duration(phrase.unit, phrase.count or 1.0))
    grain = GRAIN_OF_UNIT.get(phrase.unit, "year")
    others = [p for p in parsed.units if p is not phrase]
    if phrase.unit == "Y" and any(p.unit == "Q" for p in others):
        return _last_quarter(anchors, back=count)
    ago = "ago" in parsed.words
    base: Point | None = None
    local = anchors.local
    if not ago and local is not None and _grain_rank(local.grain) <= _grain_rank(grain):
        base = local  # "sales in September rose from a year earlier"
    elif phrase.unit == "Y" and count == 1 and anchors.period is not None:
        base = anchors.period  # the results of a quarter "against a year ago"
    elif ago:
        base = None  # "two years ago" counts from the publication date
    elif grain in {"day", "week"} and anchors.reference is not None:
        base = anchors.reference  # "three days later"
    if base is not None and base.grain in {"day", "month", "quarter", "half", "year", "week"}:
        unit = "year" if phrase.unit == "Y" else grain
        point = base.shift(direction * count, unit)
        return Timex("DATE", point.value(), point=point)
    if anchors.published is None:
        return Timex("DATE", _open_value(grain), anchored=False)
    if phrase.unit == "E":
        point = Point("year", anchors.published.year + 10 * direction * count)
    elif phrase.unit == "C":
        point = Point("year", anchors.published.year + 100 * direction * count)
    else:
        point = point_of(anchors.published, grain).shift(direction * count)
    return Timex("DATE", point.value(), point=point)
