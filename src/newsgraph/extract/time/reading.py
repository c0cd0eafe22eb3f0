"""Reading a time expression: what it states, before it is anchored on a date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocabulary import TimeVocabulary

_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}(?:-\d{1,2})?)(?![\d/.])"
    r"|(?P<numeric>\d{1,4}[/.]\d{1,2}[/.]\d{1,4})"
    r"|(?P<decade>'?(?:\d{3}|\d)0s)\b"
    r"|(?P<number>\d+)(?P<ordinal>st|nd|rd|th)?\b"
    r"|(?P<word>[a-z]+)"
)
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-\u2013\u2014/]\s*(\d{2}|\d{4})\b")


@dataclass(slots=True)
class Reading:
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


def strip_relation(text: str, vocab: TimeVocabulary) -> tuple[str, str | None]:
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


def read(text: str, vocab: TimeVocabulary) -> Reading:
    reading = Reading()
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


def _read_word(reading: Reading, word: str, index: int, vocab: TimeVocabulary, *, has_this: bool) -> None:
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


def _read_quantity(reading: Reading, tokens: list[re.Match[str]], vocab: TimeVocabulary) -> None:
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


def range_start(body: str, vocab: TimeVocabulary) -> tuple[str, bool]:
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
