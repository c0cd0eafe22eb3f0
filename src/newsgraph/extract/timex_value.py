"""A read expression (`timex_parse.Parsed`) -> its TIMEX3 type and value, anchored on the
publication date, the way the TimeML guidelines write them.

* Dates the text states keep what it states: "1990" -> ``1990``, "Sept. 30" -> the year
  from the publication date (the nearest, or by the tense of the verb: a past verb points
  back, "will" forward), "the 1990s" -> ``199``.
* Relative to the publication date: "yesterday", "last month" (``2020-04``), "this week"
  (``2020-W21``), "the third quarter" (``2020-Q3``, the most recent one), "last fall"
  (``2019-FA``), "Wednesday" (the most recent Wednesday, the next one for a future verb),
  "two years ago" (``2018``), "this morning" (``2020-05-20TMO``).
* Relative to a time the text mentioned before: "the following day", "that year", and "a
  year earlier" / "a year ago" after a month or quarter of the same sentence or a quarter
  the document reports on (the same quarter a year before: ``2019-Q3``); "the latest
  period" is that quarter. Named days: "Christmas", "Thanksgiving Day".
* Durations: "three days" ``P3D``, "the past two years" ``P2Y``, "several weeks" ``PXW``,
  "5 1/2 hours" ``PT5H30M``; sets: "every week" / "weekly" ``P1W``, "each Thursday"
  ``XXXX-WXX-4``; references: "now" ``PRESENT_REF``, "recently" ``PAST_REF``, "the
  future" ``FUTURE_REF``.
* With no publication date, what the text leaves to it stays open: "May 20" ->
  ``XXXX-05-20``, "Wednesday" -> ``XXXX-WXX-3``, "last year" -> ``XXXX``; such a value is
  not anchored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .timex_calendar import Point, day_point, holiday_date, point_of, week_point
from .timex_parse import Parsed, parse
from .timex_units import Anchors, Timex, TimexType, duration, units_value
from .timex_vocabulary import TimexVocabulary, load_timex_vocabulary

__all__ = ["Anchors", "Timex", "TimexType", "normalise_timex", "resolve"]


def normalise_timex(
    text: str, *, published: str | None, tense: int = 0, reference: str | None = None
) -> Timex | None:
    """Type and value of one expression against a publication date (YYYY-MM-DD or None).

    >>> normalise_timex("last month", published="2020-05-20").value
    '2020-04'
    """
    anchor = date.fromisoformat(published) if published else None
    ref = day_point(date.fromisoformat(reference)) if reference else None
    return resolve(parse(text), Anchors(anchor, tense=tense, reference=ref))


def resolve(parsed: Parsed, anchors: Anchors) -> Timex | None:
    """The TIMEX3 type and value of a read expression, or None when it is no time."""
    vocab = load_timex_vocabulary()
    if parsed.age or not parsed.words:
        return None
    joined = " ".join(w for w in parsed.words if w != "'s")
    if joined in vocab.references:
        return Timex("DATE", vocab.references[joined])
    if parsed.set_value or parsed.every or parsed.recurring or _is_rate(parsed, anchors):
        return _set(parsed)
    if parsed.clock is not None:
        return _time(parsed, anchors)
    if parsed.period and anchors.period is not None and parsed.month is None:
        return _period(parsed, anchors)
    if parsed.calendar:
        return _date(parsed, anchors, vocab)
    if parsed.part is not None:
        base = (
            anchors.reference if anchors.reference is not None and anchors.reference.grain == "day" else None
        )
        return _with_part(base, parsed.part, anchors.published)
    if parsed.units:
        return units_value(parsed, anchors)
    return None


# --------------------------------------------------------------------------- sets and times


def _is_rate(parsed: Parsed, anchors: Anchors) -> bool:
    return (
        anchors.rate
        and len(parsed.units) == 1
        and parsed.words[0] in load_timex_vocabulary().set_rates
        and parsed.units[0].count in {None, 1.0}
        and parsed.units[0].shift is None
    )


def _set(parsed: Parsed) -> Timex | None:
    part = f"T{parsed.part}" if parsed.part else ""
    if parsed.weekday is not None:
        return Timex("SET", f"XXXX-WXX-{parsed.weekday}{part}")
    if parsed.season is not None:
        return Timex("SET", f"XXXX-{parsed.season}")
    if parsed.month is not None:
        return Timex("SET", f"XXXX-{parsed.month:02d}")
    if parsed.units:
        phrase = parsed.units[-1]
        return Timex("SET", duration(phrase.unit, phrase.count or 1.0))
    if parsed.set_value is not None:
        return Timex("SET", parsed.set_value)
    if parsed.part is not None:
        return Timex("SET", f"XXXX-XX-XXT{parsed.part}")
    return None


def _time(parsed: Parsed, anchors: Anchors) -> Timex:
    day: Point | None = None
    if parsed.calendar:
        found = _date(parsed, anchors, load_timex_vocabulary())
        if found is not None and found.point is not None and found.point.grain == "day":
            day = found.point
    if day is None and anchors.reference is not None and anchors.reference.grain == "day":
        day = anchors.reference
    if day is None and anchors.published is not None:
        day = day_point(anchors.published)
    if day is None:
        return Timex("TIME", f"XXXX-XX-XXT{parsed.clock}", anchored=False)
    return Timex("TIME", f"{day.value()}T{parsed.clock}", point=day)


def _with_part(day: Point | None, part: str, published: date | None) -> Timex:
    if day is None and published is not None:
        day = day_point(published)
    if day is None:
        return Timex("TIME", f"XXXX-XX-XXT{part}", anchored=False)
    return Timex("TIME", f"{day.value()}T{part}", point=day)


# --------------------------------------------------------------------------- dates


def _container_year(parsed: Parsed, anchors: Anchors) -> tuple[int | None, bool]:
    """The year of "June last year", "the fourth quarter of next year", "this year's third
    quarter": (year, whether the text gives one at all)."""
    if parsed.year is not None:
        return parsed.year, True
    for phrase in parsed.units:
        if phrase.unit == "Y" and phrase.direction is not None and phrase.count is None:
            base = anchors.published
            if phrase.anaphoric and anchors.reference is not None:
                return anchors.reference.year + phrase.direction, True
            return (None if base is None else base.year + phrase.direction), True
    return None, False


def _date(parsed: Parsed, anchors: Anchors, vocab: TimexVocabulary) -> Timex | None:
    anchor = anchors.published
    year, has_year = _container_year(parsed, anchors)
    point: Point | None
    if parsed.iso is not None:
        point = _iso_point(parsed.iso)
    elif parsed.numeric is not None:
        point = _numeric_point(parsed.numeric)
    elif parsed.holiday is not None:
        return _holiday(parsed, anchors, year)
    elif parsed.month is not None:
        return _month(parsed, anchors, year, has_year)
    elif parsed.quarter is not None or parsed.half is not None:
        return _quarter(parsed, anchors, year, has_year)
    elif parsed.season is not None:
        return _season(parsed, anchors, year, has_year, vocab)
    elif parsed.decade is not None:
        point = Point("decade", parsed.decade)
    elif parsed.century is not None:
        point = Point("century", parsed.century)
    elif parsed.year is not None and any(p.unit == "Q" and p.count is None for p in parsed.units):
        period = anchors.period or anchors.local
        number = period.part if period is not None and period.grain == "quarter" else None
        if number is None:
            return Timex("DATE", f"{parsed.year:04d}-QX")
        point = Point("quarter", parsed.year, part=number)
    elif parsed.year is not None and parsed.weekday is None:
        point = Point("year", parsed.year)
    elif parsed.weekend:
        return _weekend(parsed, anchors)
    elif parsed.weekday is not None:
        if anchor is None:
            return _open(f"XXXX-WXX-{parsed.weekday}", parsed)
        point = day_point(_weekday(parsed.weekday, parsed.direction, anchor, anchors.tense))
    elif parsed.deictic is not None:
        if anchor is None:
            return _open("XXXX-XX-XX", parsed)
        point = day_point(anchor + timedelta(days=parsed.deictic))
    else:
        point = None if not has_year else (Point("year", year) if year is not None else None)
        if point is None:
            return _open("XXXX", parsed) if has_year else None
    if point is None:
        return None
    if parsed.part is not None and point.grain == "day":
        return Timex("TIME", f"{point.value()}T{parsed.part}", point=point)
    return Timex("DATE", point.value(), point=point)


def _period(parsed: Parsed, anchors: Anchors) -> Timex:
    """ "the latest period", "the year-earlier period", "the 1989 period": the quarter (or
    half) the document reports on, in the year the text says."""
    assert anchors.period is not None
    point = anchors.period
    if parsed.year is not None:
        point = replace(point, year=parsed.year)
    elif any(u.unit == "Y" and (u.shift or u.direction == -1) for u in parsed.units):
        point = point.shift(-1, "year")
    return Timex("DATE", point.value(), point=point)


def _holiday(parsed: Parsed, anchors: Anchors, year: int | None) -> Timex:
    rule, anchor = parsed.holiday, anchors.published
    assert rule is not None
    if year is None and anchor is not None:
        here = holiday_date(rule, anchor.year)
        year = _infer_year(here.month, here.day, anchor, anchors.tense, parsed.direction)
    if year is None:
        fixed = f"XXXX-{rule['month']:02d}-{rule['day']:02d}" if "day" in rule else "XXXX-XX-XX"
        return _open(fixed, parsed)
    point = day_point(holiday_date(rule, year))
    if any(u.unit == "W" for u in parsed.units):
        point = point.at("week")
    return Timex("DATE", point.value(), point=point)


def _open(value: str, parsed: Parsed) -> Timex:
    """A value whose open fields the missing publication date would have filled."""
    kind: TimexType = "TIME" if parsed.part is not None and value.count("-") == 2 else "DATE"
    suffix = f"T{parsed.part}" if kind == "TIME" else ""
    return Timex(kind, value + suffix, anchored=False)


def _iso_point(text: str) -> Point | None:
    year, month, day = (int(x) for x in text.split("-"))
    try:
        return day_point(date(year, month, day))
    except ValueError:
        return None


def _numeric_point(text: str) -> Point | None:
    """US order, month first, as American newswire writes it: 5/20/98."""
    month, day, year = (int(x) for x in text.split("/"))
    if year < 100:
        year += 1900 if year >= 30 else 2000
    try:
        return day_point(date(year, month, day))
    except ValueError:
        return None


def _month(parsed: Parsed, anchors: Anchors, year: int | None, has_year: bool) -> Timex | None:
    month, day, anchor = parsed.month, parsed.day, anchors.published
    assert month is not None
    if day is not None and not _valid_day(month, day):
        day = None
    if year is None:
        if has_year or anchor is None:
            text = f"XXXX-{month:02d}" + (f"-{day:02d}" if day is not None else "")
            return _open(text, parsed)
        year = _infer_year(month, day, anchor, anchors.tense, parsed.direction)
    if day is not None:
        try:
            point = day_point(date(year, month, day))
        except ValueError:
            return None
        if parsed.part is not None:
            return Timex("TIME", f"{point.value()}T{parsed.part}", point=point)
    else:
        point = Point("month", year, month)
    return Timex("DATE", point.value(), point=point)


def _valid_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _infer_year(month: int, day: int | None, anchor: date, tense: int, direction: int | None) -> int:
    """The year of a month (and day) the text gives without one: the publication year,
    unless that puts it far ahead (the year before) or far behind for a verb that is not
    past (the year after)."""
    here = (month, day or 0)
    now = (anchor.month, anchor.day if day is not None else 0)
    if direction == -1:
        return anchor.year if here < now else anchor.year - 1
    if direction == 1:
        return anchor.year if here > now else anchor.year + 1
    if direction == 0:
        return anchor.year
    months = month - anchor.month + ((day or 15) - anchor.day) / 31
    if months > (4 if tense < 0 else 5 if tense == 0 else 12):
        return anchor.year - 1  # "in October" said in May: the October before
    if months < (-12 if tense < 0 else -7):
        return anchor.year + 1  # "in January" said in November of a coming event
    return anchor.year


def _quarter(parsed: Parsed, anchors: Anchors, year: int | None, has_year: bool) -> Timex | None:
    grain, number = ("quarter", parsed.quarter) if parsed.quarter is not None else ("half", parsed.half)
    assert number is not None
    letter = "Q" if grain == "quarter" else "H"
    if number > (4 if grain == "quarter" else 2):
        return None
    anchor = anchors.published
    if year is None and not has_year and parsed.year_direction is None and anchor is not None:
        current = point_of(anchor, grain).part
        year = anchor.year if number <= current else anchor.year - 1
        if any(p.unit == "Y" and p.shift is not None for p in parsed.units):
            year -= 1  # "the year-earlier third quarter"
    elif year is None and parsed.year_direction is not None and anchor is not None:
        year = anchor.year + parsed.year_direction
    if year is None:
        return _open(f"XXXX-{letter}{number}", parsed)
    point = Point(grain, year, part=number)
    return Timex("DATE", point.value(), point=point)


def _season(
    parsed: Parsed, anchors: Anchors, year: int | None, has_year: bool, vocab: TimexVocabulary
) -> Timex | None:
    season, anchor = parsed.season, anchors.published
    assert season is not None
    if year is None and not has_year and anchor is not None:
        start = vocab.season_start_months[season]
        month = anchor.month
        if parsed.direction == -1:
            year = anchor.year if start + 3 <= month else anchor.year - 1
        elif parsed.direction == 1:
            year = anchor.year if start > month else anchor.year + 1
        elif parsed.direction is None and anchors.tense < 0:
            year = anchor.year if start <= month else anchor.year - 1
        elif parsed.direction is None and anchors.tense > 0:
            year = anchor.year if start + 3 > month else anchor.year + 1
        else:
            year = anchor.year
    if year is None:
        return _open(f"XXXX-{season}", parsed)
    point = Point("season", year, season=season)
    return Timex("DATE", point.value(), point=point)


def _weekday(weekday: int, direction: int | None, anchor: date, tense: int) -> date:
    """The most recent such day on or before the anchor; the next one for "next" or a future verb."""
    back = (anchor.isoweekday() - weekday) % 7
    if direction == 1 or (direction in {None, 0} and tense > 0):
        ahead = (weekday - anchor.isoweekday()) % 7
        return anchor + timedelta(days=ahead or (7 if direction == 1 else 0))
    if direction == -1 and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _weekend(parsed: Parsed, anchors: Anchors) -> Timex:
    anchor = anchors.published
    if anchor is None:
        return _open("XXXX-WXX-WE", parsed)
    iso = anchor.isoweekday()
    ahead = parsed.direction == 1 or (parsed.direction in {None, 0} and anchors.tense > 0)
    if ahead:
        day = anchor + timedelta(days=max(6 - iso, 0))
    else:
        day = anchor if iso >= 6 else anchor - timedelta(days=iso)
    if parsed.direction == -1 and iso >= 6:
        day -= timedelta(days=7)
    week = week_point(day)
    return Timex("DATE", f"{week.value()}-WE", point=week)
