"""Time expressions -> the TIME object of SCHEMA.md, anchored on the publication date.

`normalise_time(text, published=...)` reads one time expression ("Wednesday (May 20th)",
"in October", "months ago", "since 2014") and returns `{"text", "value", "precision",
"relation"}`; `find_times(sent, published=...)` finds the expressions of one sentence.

The rules, and why (honesty first: a value never says more than the text does):

* `value` is ISO 8601 cut to `precision`: day `2020-05-20`, month `2019-10`, year `1967`.
  A decade is written as its first year with precision "decade" (`2010` = the 2010s), so
  that a reader which only knows years still reads a valid year and a prefix test
  (`"2010".startswith("201")`) still works.
* `relation` says how the thing stands to `value`: "on" (within it), "before", "after",
  "around" (an approximate date: "three months ago", "last week").
* A bare year stays a year, a month stays a month; no day or month is invented.
* Years the text leaves open come from `published`: "May 20th" is the past-or-same May 20
  (the year before when it would fall after publication), "in October" the most recent
  October, "Wednesday" the most recent Wednesday on or before publication.
* Vague distances keep only what they say: "months ago" is before the publication month
  (`2020-05`, relation "before"), "years ago" before the publication year. Counted
  distances are approximate: "three months ago" is `2020-02`, relation "around".
* "the last decade" is the decade around five years before publication, relation "around"
  (2020-05-21 -> `2010`, the 2010s); "the past three years" is "after" 2017.
* A range ("from 2010 to 2014", "2010-2014") keeps its start, relation "after".
* With no publication date, a date whose year is open keeps only what the text says:
  `--05-20` (day) or `--10` (month), plus `candidates`, the years in 1990-2035 that agree
  with a stated weekday; expressions relative to the publication ("last year", "months
  ago", a bare weekday) get value and precision None.
* Expressions with no anchor at all ("three years", "decades", "the same day", "that
  year", "the age of 43") are not times: `normalise_time` returns None.

dateparser (imported lazily, one parser per anchor) reads only the all-numeric dates
("20/05/2020", "2020/05/20"), whose field order it knows by locale. It is not used for the
rest: it returns None for "months ago" and "since 2014", invents a month and day for
"1967", and reads "the 2010s" as a clock time. Results are cached per (text, anchor).
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import Errors, NewsgraphError
from ..schema import TimeJSON

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["CANDIDATE_YEARS", "find_times", "normalise_time"]

CANDIDATE_YEARS = range(1990, 2036)
"""The years listed as `candidates` for a weekday and a date with no year and no anchor."""

UPCOMING_DAYS = 31
"""How far after publication a weekday-and-date ("Friday, May 22") may point: an announced event."""

TIME_LABELS = frozenset({"DATE", "TIME"})

_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}(?:-\d{1,2})?)(?![\d/.])"
    r"|(?P<numeric>\d{1,4}[/.]\d{1,2}[/.]\d{1,4})"
    r"|(?P<decade>'?(?:\d{3}|\d)0s)\b"
    r"|(?P<number>\d+)(?P<ordinal>st|nd|rd|th)?\b"
    r"|(?P<word>[a-z]+)"
)
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-\u2013\u2014/]\s*(\d{2}|\d{4})\b")


@dataclass(frozen=True, slots=True)
class TimeVocabulary:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, int]
    numbers: dict[str, int]
    vague_quantities: frozenset[str]
    units: dict[str, str]
    day_parts: frozenset[str]
    deictic_days: dict[str, int]
    direction_words: dict[str, str]
    anaphoric_words: frozenset[str]
    age_words: frozenset[str]
    relation_phrases: tuple[tuple[str, str], ...]  # longest first
    range_separators: tuple[str, ...]
    range_openers: frozenset[str]
    absorb_before: frozenset[str]
    absorb_after: frozenset[str]


@lru_cache(maxsize=1)
def load_time_vocabulary() -> TimeVocabulary:
    raw = json.loads(resources.files("newsgraph.data").joinpath("time_vocabulary.json").read_text("utf-8"))
    phrases = sorted(raw["relation_phrases"].items(), key=lambda item: -len(item[0]))
    return TimeVocabulary(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        seasons=dict(raw["seasons"]),
        numbers=dict(raw["numbers"]),
        vague_quantities=frozenset(raw["vague_quantities"]),
        units=dict(raw["units"]),
        day_parts=frozenset(raw["day_parts"]),
        deictic_days=dict(raw["deictic_days"]),
        direction_words=dict(raw["direction_words"]),
        anaphoric_words=frozenset(raw["anaphoric_words"]),
        age_words=frozenset(raw["age_words"]),
        relation_phrases=tuple(phrases),
        range_separators=tuple(raw["range_separators"]),
        range_openers=frozenset(raw["range_openers"]),
        absorb_before=frozenset(raw["absorb_before"]),
        absorb_after=frozenset(raw["absorb_after"]),
    )


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Reading:
    """What one expression states, before it is anchored."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    decade: int | None = None
    season: int | None = None
    numeric: str | None = None  # an all-numeric date for dateparser
    deictic: int | None = None  # day offset: today 0, yesterday -1
    day_part: bool = False
    unit: str | None = None
    quantity: int | None = None  # counted units ("three months")
    vague: bool = False  # uncounted units ("months", "a few years")
    plural: bool = False
    ago: bool = False
    direction: str | None = None  # last | this | next
    anaphoric: bool = False
    age: bool = False
    numbers: list[tuple[int, int]] = field(default_factory=list)  # (token index, value) of 1..31
    month_at: int = -1

    @property
    def has_date(self) -> bool:
        return self.year is not None or self.decade is not None or self.numeric is not None


@dataclass(frozen=True, slots=True)
class _Time:
    value: str | None
    precision: str | None
    relation: str
    candidates: tuple[int, ...] = ()


def _strip_relation(text: str, vocab: TimeVocabulary) -> tuple[str, str | None]:
    """Drop a leading relation phrase ("since", "prior to") and return it as a relation."""
    lowered = text
    relation: str | None = None
    changed = True
    while changed:
        changed = False
        for phrase, rel in vocab.relation_phrases:
            if lowered == phrase or lowered.startswith(phrase + " "):
                lowered = lowered[len(phrase) :].strip()
                relation = relation or rel
                changed = True
                break
    return lowered, relation


def _read(text: str, vocab: TimeVocabulary) -> _Reading:
    reading = _Reading()
    tokens = [m for m in _TOKEN.finditer(text)]
    words = [m.group("word") for m in tokens]
    has_this = "this" in words
    for index, match in enumerate(tokens):
        kind = match.lastgroup if match.lastgroup != "ordinal" else "number"
        token = match.group(0)
        if kind == "iso":
            parts = [int(p) for p in token.split("-")]
            if 1 <= parts[1] <= 12 and (len(parts) == 2 or 1 <= parts[2] <= 31):
                reading.year, reading.month = parts[0], parts[1]
                reading.day = parts[2] if len(parts) == 3 else None
        elif kind == "numeric":
            reading.numeric = token
        elif kind == "decade":
            digits = token.strip("'")[:-1]
            reading.decade = int(digits) if len(digits) == 4 else _two_digit_decade(int(digits))
        elif kind == "number":
            value = int(match.group("number"))
            if len(match.group("number")) == 4 and not match.group("ordinal") and 1000 <= value <= 2199:
                reading.year = reading.year if reading.year is not None else value
            elif 1 <= value <= 31:
                reading.numbers.append((index, value))
        else:
            _read_word(reading, match.group("word"), index, vocab, has_this=has_this)
    _read_quantity(reading, tokens, vocab)
    if reading.month is not None and reading.day is None and reading.month_at >= 0:
        for index, value in reading.numbers:
            gap = abs(index - reading.month_at)
            between = words[min(index, reading.month_at) + 1 : max(index, reading.month_at)]
            if gap <= 3 and all(w in {"of", "the"} for w in between):
                reading.day = value
                break
    return reading


def _read_word(reading: _Reading, word: str, index: int, vocab: TimeVocabulary, *, has_this: bool) -> None:
    if word in vocab.months and reading.month is None:
        reading.month, reading.month_at = vocab.months[word], index
    elif word in vocab.weekdays:
        reading.weekday = vocab.weekdays[word] if reading.weekday is None else reading.weekday
    elif word in vocab.seasons:
        reading.season = vocab.seasons[word]
    elif word in vocab.deictic_days:
        reading.deictic = vocab.deictic_days[word]
    elif word in vocab.day_parts:
        reading.day_part = True
    elif word in vocab.units:
        reading.unit = vocab.units[word]
        reading.plural = word.endswith("s")
    elif word in vocab.absorb_after:
        reading.ago = True
    elif word in vocab.direction_words:
        reading.direction = reading.direction or vocab.direction_words[word]
    elif word in vocab.age_words:
        reading.age = True
    elif word in vocab.anaphoric_words and not (has_this and word in {"earlier", "later"}):
        reading.anaphoric = True


def _read_quantity(reading: _Reading, tokens: list[re.Match[str]], vocab: TimeVocabulary) -> None:
    """The count before the unit: "three months", "a year", "several weeks", "twenty-five years"."""
    if reading.unit is None:
        return
    unit_at = next(
        i
        for i, m in enumerate(tokens)
        if m.group("word") and vocab.units.get(m.group("word")) == reading.unit
    )
    total = 0
    i = unit_at - 1
    while i >= 0:
        match = tokens[i]
        word = match.group("word")
        if match.group("number") and not match.group("ordinal"):
            total += int(match.group("number"))
        elif word in vocab.numbers:
            total += vocab.numbers[word]
        elif word in vocab.vague_quantities:
            reading.vague = True
        elif word != "of":
            break
        i -= 1
    if total and not reading.vague:
        reading.quantity = total
    elif reading.plural:
        reading.vague = True


def _two_digit_decade(digits: int) -> int:
    """'90s -> 1990, '10s -> 2010 (the text leaves the century open; news rarely means 1910)."""
    return (2000 if digits <= 20 else 1900) + digits


# --------------------------------------------------------------------------- anchoring


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _day(value: date, relation: str = "on") -> _Time:
    return _Time(value.isoformat(), "day", relation)


def _add_months(anchor: date, months: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months
    return index // 12, index % 12 + 1


def _valid(year: int, month: int, day: int) -> bool:
    return day <= calendar.monthrange(year, month)[1]


def _month_day(reading: _Reading, anchor: date) -> _Time:
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
            return _day(upcoming)
    return _day(past)


def _month_only(reading: _Reading, anchor: date) -> _Time:
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
    return _Time(_iso(year, month), "month", "on")


def _weekday_only(reading: _Reading, anchor: date) -> _Time:
    weekday = reading.weekday
    assert weekday is not None
    if reading.direction == "next":
        return _day(anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7))
    back = (anchor.weekday() - weekday) % 7
    if reading.direction == "last" and back == 0:
        back = 7
    return _day(anchor - timedelta(days=back))


def _season_only(reading: _Reading, anchor: date) -> _Time:
    start = reading.season
    assert start is not None
    if reading.direction == "next":
        year = anchor.year if start > anchor.month else anchor.year + 1
    elif reading.direction == "last":
        year = anchor.year if start + 3 <= anchor.month else anchor.year - 1
    else:
        year = anchor.year if start <= anchor.month else anchor.year - 1
    return _Time(_iso(year), "year", "on")


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


def _relative(reading: _Reading, anchor: date) -> _Time | None:
    """Units relative to the anchor: "three months ago", "months ago", "last year", "this month"."""
    unit = reading.unit
    assert unit is not None
    approximate = unit not in {"minute", "hour", "day"}
    if reading.ago:
        if reading.vague or reading.quantity is None:
            value, precision = _cut(anchor, unit)
            return _Time(value, precision, "before")
        value, precision = _shift(anchor, unit, -reading.quantity)
        return _Time(value, precision, "around" if approximate else "on")
    if reading.direction is None:
        return None  # a duration ("three years", "decades"): no anchor
    if reading.direction == "last" and (reading.vague or reading.quantity is not None):
        if reading.quantity is None:
            value, precision = _cut(anchor, unit)
            return _Time(value, precision, "before")
        if unit == "decade":
            return _Time(_decade_of(anchor.year - 10 * reading.quantity), "decade", "after")
        value, precision = _shift(anchor, unit, -reading.quantity)
        return _Time(value, precision, "after")
    step = {"last": -1, "this": 0, "next": 1}[reading.direction]
    if unit == "decade":
        if step == -1:
            return _Time(_decade_of(anchor.year - 5), "decade", "around")
        return _Time(_decade_of(anchor.year + 10 * step), "decade", "on")
    value, precision = _shift(anchor, unit, step)
    return _Time(value, precision, "around" if unit in {"week", "fortnight"} else "on")


def _numeric(text: str, anchor: date | None) -> _Time | None:
    """All-numeric dates ("20/05/2020") through dateparser, which knows the locale's field order."""
    parts = re.split(r"[/.]", text)
    if len(parts) != 3 or not any(len(p) == 4 for p in (parts[0], parts[2])):
        return None
    parsed = _date_parser(anchor)(text)
    if parsed is None or parsed.date_obj is None:
        return None
    return _day(parsed.date_obj.date())


@lru_cache(maxsize=32)
def _date_parser(anchor: date | None) -> Callable[[str], Any]:
    from dateparser.date import DateDataParser  # slow to import: only when a numeric date turns up

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    return parser.get_date_data  # type: ignore[no-any-return]


def _absolute(reading: _Reading, anchor: date | None) -> _Time | None:
    if reading.numeric is not None:
        return _numeric(reading.numeric, anchor)
    if reading.year is not None:
        if (
            reading.month is not None
            and reading.day is not None
            and _valid(reading.year, reading.month, reading.day)
        ):
            return _Time(_iso(reading.year, reading.month, reading.day), "day", "on")
        if reading.month is not None:
            return _Time(_iso(reading.year, reading.month), "month", "on")
        return _Time(_iso(reading.year), "year", "on")
    assert reading.decade is not None
    return _Time(_iso(reading.decade), "decade", "on")


def _open_year(reading: _Reading, anchor: date | None) -> _Time | None:
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
        return _Time(f"--{reading.month:02d}-{reading.day:02d}", "day", "on", candidates)
    if reading.month is not None:
        if anchor is None:
            return _Time(f"--{reading.month:02d}", "month", "on")
        return _month_only(reading, anchor)
    if reading.weekday is not None:
        return None if anchor is None else _weekday_only(reading, anchor)
    assert reading.season is not None
    return None if anchor is None else _season_only(reading, anchor)


def _interpret(text: str, anchor: date | None) -> _Time | None:
    vocab = load_time_vocabulary()
    body, relation = _strip_relation(text, vocab)
    start, is_range = _range_start(body, vocab)
    if is_range:
        found = _interpret_body(start, anchor, vocab)
        if found is not None:
            return _Time(found.value, found.precision, relation or "after", found.candidates)
    found = _interpret_body(body, anchor, vocab)
    if found is None:
        return None
    return _Time(found.value, found.precision, relation or found.relation, found.candidates)


def _interpret_body(body: str, anchor: date | None, vocab: TimeVocabulary) -> _Time | None:
    reading = _read(body, vocab)
    if reading.age or (reading.anaphoric and not reading.has_date and reading.month is None):
        return None
    unanchored = _Time(None, None, "on")
    result: _Time | None
    if reading.has_date:
        result = _absolute(reading, anchor)
    elif reading.month is not None or reading.weekday is not None or reading.season is not None:
        result = _open_year(reading, anchor)
        if result is None and anchor is None and (reading.weekday is not None or reading.season is not None):
            result = unanchored
    elif reading.deictic is not None or (reading.day_part and reading.direction is not None):
        offset = (
            reading.deictic if reading.deictic is not None else (-1 if reading.direction == "last" else 0)
        )
        result = unanchored if anchor is None else _day(anchor + timedelta(days=offset))
    elif reading.unit is not None:
        if anchor is None:
            probe = _relative(reading, date(2000, 6, 15))
            result = None if probe is None else _Time(None, None, probe.relation)
        else:
            result = _relative(reading, anchor)
    else:
        result = None
    return result


def _range_start(body: str, vocab: TimeVocabulary) -> tuple[str, bool]:
    """Keep the start of a range: "from 2010 to 2014", "between 2010 and 2014", "2010-2014"."""
    year_range = _YEAR_RANGE.search(body)
    end = year_range.group(2) if year_range is not None else ""
    if year_range is not None and (len(end) == 4 or (int(end) > 12 and "/" not in year_range.group(0))):
        return body[: year_range.start()] + year_range.group(1), True
    words = body.split()
    if words and words[0] in vocab.range_openers and " and " in body:
        return body[len(words[0]) :].split(" and ")[0].strip(), True
    for separator in vocab.range_separators:
        left, found, _ = body.partition(separator)
        if found and left.strip():
            return left.strip(), True
    return body, False


def _parse_published(published: str | None) -> date | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        raise NewsgraphError(Errors.E012.format(value=published)) from None


@lru_cache(maxsize=4096)
def _normalise_cached(text: str, published: date | None) -> _Time | None:
    cleaned = " ".join(text.lower().replace("\u2019", "'").replace("(", " ").replace(")", " ").split())
    return _interpret(cleaned.strip(" ,.;:"), published)


def normalise_time(text: str, *, published: str | None) -> TimeJSON | None:
    """Normalise one time expression against the publication date (YYYY-MM-DD), or return None.

    >>> normalise_time("in October", published="2020-05-21")["value"]
    '2019-10'
    """
    found = _normalise_cached(text, _parse_published(published))
    if found is None:
        return None
    time: TimeJSON = {
        "text": text.strip(),
        "value": found.value,
        "precision": found.precision,
        "relation": found.relation,
    }
    if found.candidates:
        time["candidates"] = list(found.candidates)
    return time


# --------------------------------------------------------------------------- sentences


def find_times(sent: Span, *, published: str | None) -> list[tuple[Span, TimeJSON]]:
    """The time expressions of one sentence, each with its TIME object.

    DATE and TIME entities, widened by a preceding preposition or modifier ("in", "since",
    "last", "early") and a following "ago"; "Wednesday (May 20th)" is one expression.
    Durations with no anchor ("three years", "decades") are left out.
    """
    ents = [ent for ent in sent.ents if ent.label_ in TIME_LABELS]
    if not ents:
        return []
    vocab = load_time_vocabulary()
    doc = sent.doc
    found: list[tuple[Span, TimeJSON]] = []
    i = 0
    while i < len(ents):
        start, end = ents[i].start, ents[i].end
        while end - start > 1 and doc[end - 1].is_punct:
            end -= 1
        following = ents[i + 1] if i + 1 < len(ents) else None
        if (
            following is not None
            and following.start == end + 1
            and doc[end].text == "("
            and following.end < sent.end
            and doc[following.end].text == ")"
        ):
            end = following.end + 1
            i += 1
        widened = 0
        while widened < 2 and start > sent.start and doc[start - 1].lower_ in vocab.absorb_before:
            start -= 1
            widened += 1
        if end < sent.end and doc[end].lower_ in vocab.absorb_after:
            end += 1
        span = doc[start:end]
        time = normalise_time(span.text, published=published)
        if time is not None:
            found.append((span, time))
        i += 1
    return found
