"""What one temporal expression states, read word by word, before it is anchored.

`parse(text)` splits the expression into words ("Sept. 30, 1989" -> sept, 30, 1989;
"third-quarter" -> third, quarter; "10:35 a.m." -> 10:35, a.m) and fills a `Parsed`:
the calendar fields the text names (year, month, day, weekday, season, quarter, decade),
the clock, the part of the day, and the unit phrases ("the past three years": unit year,
count 3, direction -1; "a year ago": unit year, count 1, shift -1). Nothing is anchored
here: `timex_value` turns a `Parsed` into a TIMEX3 type and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .timex_vocabulary import TimexVocabulary, load_timex_vocabulary

__all__ = ["Parsed", "UnitPhrase", "parse", "words_of"]

_WORD = re.compile(
    r"(?P<clock>\d{1,2}:\d{2})(?::\d{2})?"
    r"|(?P<meridiem>[ap]\.\s?m\b\.?|[ap]m\b)"
    r"|(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<numeric>\d{1,2}/\d{1,2}/\d{2,4})"
    r"|(?P<fraction>\d/\d{1,2})(?!\d)"
    r"|(?P<decade>'?\d{2,4}s)\b"
    r"|(?P<ordinal>\d{1,2}(?:st|nd|rd|th))\b"
    r"|(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"|(?P<word>[a-z]+(?:'s)?|'s)"
)


@dataclass(slots=True)
class UnitPhrase:
    """A unit word with what qualifies it: "the past three years", "a year ago", "recent weeks"."""

    unit: str  # S MIN H D W FN M Q Y E C L
    at: int  # word index of the unit
    plural: bool
    count: float | None = None
    vague: bool = False
    direction: int | None = None  # -1 last/past, 0 this, 1 next
    anaphoric: bool = False  # "the following year", "that day", "the previous quarter"
    shift: int | None = None  # ago / earlier -1, later +1
    ordinal: int | None = None  # "the first nine months", "the third quarter"
    definite: bool = False
    latest: bool = False  # "the latest quarter"


@dataclass(slots=True)
class Parsed:
    words: tuple[str, ...]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    decade: int | None = None  # the first year: 1990 for "the 1990s"
    century: int | None = None  # the first year: 1900 for "the 20th century"
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    clock: str | None = None  # "14:00"
    part: str | None = None  # MO AF EV NI
    deictic: int | None = None  # today 0, yesterday -1
    weekend: bool = False
    holiday: dict[str, int] | None = None  # the rule of a named day: {"month": 12, "day": 25}
    period: bool = False  # "the latest period", "the year-earlier period"
    direction: int | None = None  # a direction before a month, weekday or season: "last May"
    year_direction: int | None = None  # "next year's first quarter"
    units: list[UnitPhrase] = field(default_factory=list)
    every: bool = False
    set_value: str | None = None
    recurring: bool = False
    age: bool = False
    numeric: str | None = None
    iso: str | None = None

    @property
    def names_point(self) -> bool:
        """Whether the text names a point itself, not relative to another ("May", "1990",
        "the third quarter", "Friday"): what "a year earlier" later in the sentence counts from."""
        named = (self.year, self.month, self.weekday, self.decade, self.season, self.quarter, self.half)
        return any(v is not None for v in named)

    @property
    def calendar(self) -> bool:
        """Whether the text names a calendar point itself (not only units)."""
        return (
            any(
                v is not None
                for v in (
                    self.year,
                    self.month,
                    self.weekday,
                    self.decade,
                    self.century,
                    self.season,
                    self.quarter,
                    self.half,
                    self.deictic,
                    self.numeric,
                    self.iso,
                )
            )
            or self.weekend
            or self.holiday is not None
        )


def words_of(text: str) -> tuple[str, ...]:
    """The words of an expression, lower case, without punctuation ("a.m." -> "a.m")."""
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    out: list[str] = []
    for match in _WORD.finditer(lowered):
        token = match.group(0)
        if match.lastgroup == "meridiem":
            token = "a.m" if token[0] == "a" else "p.m"
        elif match.lastgroup == "word" and token.endswith("'s") and len(token) > 2:
            out.append(token[:-2])
            token = "'s"
        out.append(token)
    return tuple(out)


def _number_value(word: str, vocab: TimexVocabulary) -> float | None:
    if word in vocab.numbers:
        return vocab.numbers[word]
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", word):
        return float(word.replace(",", ""))
    if re.fullmatch(r"\d/\d{1,2}", word):
        top, bottom = word.split("/")
        return int(top) / int(bottom) if int(bottom) else None
    return None


_RANGE_WORDS = frozenset({"to", "or"})
_GLUE_WORDS = frozenset({"of", "and"})
_ARTICLES = frozenset({"a", "an", "another"})


def _is_quantity_word(word: str, vocab: TimexVocabulary) -> bool:
    return (
        word in vocab.numbers
        or word in vocab.multipliers
        or word in vocab.vague_quantities
        or word in vocab.unit_adjectives
        or word in _RANGE_WORDS
        or word in _GLUE_WORDS
        or word in _ARTICLES
        or _number_value(word, vocab) is not None
    )


def _is_year_number(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1000 <= int(word) <= 2199


def _quantity(words: tuple[str, ...], end: int, vocab: TimexVocabulary) -> tuple[float | None, bool, int]:
    """The count before words[end]: (count, vague, index of the first word of the count).

    "three", "twenty-five", "a couple of", "5 1/2", "two and a half", "several"
    (vague: no count), "12 to 18" (a range: its lower bound).
    """
    i = end - 1
    singular = not words[end].endswith("s")
    while i >= 0 and _is_quantity_word(words[i], vocab) and not (singular and _is_year_number(words[i])):
        i -= 1
    run = list(words[i + 1 : end])
    while run and (run[0] in _RANGE_WORDS or run[0] in _GLUE_WORDS or run[0] in vocab.unit_adjectives):
        run.pop(0)
    start = end - len(run)
    if any(word in vocab.vague_quantities for word in run):
        return None, True, start
    for k, word in enumerate(run):
        if word in _RANGE_WORDS and k > 0:
            run = run[:k]
            break
    numeric = [
        w for w in run if w not in _ARTICLES and w not in _GLUE_WORDS and w not in vocab.unit_adjectives
    ]
    if not numeric:
        return (1.0 if any(w in _ARTICLES for w in run) else None), False, start
    total, current = 0.0, 0.0
    for word in numeric:
        if word in vocab.multipliers:
            current = max(current, 1.0) * vocab.multipliers[word]
            if vocab.multipliers[word] >= 1000:
                total, current = total + current, 0.0
            continue
        value = _number_value(word, vocab)
        if value is not None:
            current += value
    count = total + current
    return (count or None), False, start


def parse(text: str, *, vocab: TimexVocabulary | None = None) -> Parsed:
    """Read one expression (no anchoring)."""
    vocab = vocab or load_timex_vocabulary()
    words = words_of(text)
    parsed = Parsed(words=words)
    numbers: list[tuple[int, int]] = []  # (index, 1..31) candidates for a day of the month
    month_at = -1
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        if word in vocab.age_words:
            parsed.age = True
        if re.fullmatch(r"\d{4}", word):
            value = int(word)
            following = words[i + 1] if i + 1 < len(words) else ""
            if 1000 <= value <= 2199 and not _plural_unit(following, vocab):
                parsed.year = parsed.year if parsed.year is not None else value
                continue
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", word):
            parsed.iso = word
        elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", word):
            parsed.numeric = word
        elif re.fullmatch(r"'?\d{2,4}s", word):
            digits = word.strip("'")[:-1]
            if digits.endswith("0"):
                value = int(digits)
                if len(digits) == 2:
                    value += 1900 if value >= 20 else 2000
                if len(digits) != 3:
                    parsed.decade = value
        elif word in vocab.decade_words:
            parsed.decade = 1900 + 10 * vocab.decade_words[word]
        elif re.fullmatch(r"\d{1,2}:\d{2}", word):
            hour, minute = (int(x) for x in word.split(":"))
            parsed.clock = f"{hour:02d}:{minute:02d}"
        elif word in vocab.meridiems:
            _meridiem(parsed, words, i, vocab)
        elif word in vocab.clock_words:
            parsed.clock = vocab.clock_words[word]
        elif word in vocab.months and not (word == "may" and i == 0 and len(words) == 1 and text.islower()):
            if parsed.month is None:
                parsed.month, month_at = vocab.months[word], i
                parsed.direction = _direction_before(words, i, vocab, parsed)
        elif word in vocab.weekdays:
            parsed.weekday = parsed.weekday or vocab.weekdays[word]
            parsed.direction = _direction_before(words, i, vocab, parsed)
        elif word in vocab.weekday_plurals:
            parsed.weekday, parsed.recurring = vocab.weekday_plurals[word], True
        elif word in vocab.seasons:
            parsed.season = vocab.seasons[word]
            parsed.direction = _direction_before(words, i, vocab, parsed)
            parsed.recurring = parsed.recurring or word.endswith("s")
        elif word in vocab.deictic_days:
            parsed.deictic = vocab.deictic_days[word]
            parsed.part = vocab.day_parts.get(word, parsed.part)  # "tonight"
        elif word in vocab.day_parts:
            parsed.part = vocab.day_parts[word]
            parsed.recurring = parsed.recurring or word.endswith("s")  # "Tuesday nights"
            if before == "last" and word in {"night", "evening"} and parsed.deictic is None:
                parsed.deictic = -1  # "last night" is yesterday's; "last morning" is no phrase
            elif before == "this" and parsed.deictic is None:
                parsed.deictic = 0
        elif word in vocab.weekend_words:
            parsed.weekend = True
            parsed.direction = _direction_before(words, i, vocab, parsed)
        elif word in vocab.set_adverbs:
            parsed.set_value = vocab.set_adverbs[word]
        elif word in vocab.set_quantifiers:
            parsed.every = True
        elif word in vocab.units and not (word in vocab.ordinals and _before_unit(words, i, vocab)):
            _unit(parsed, words, i, vocab)
        elif word == "half" and before in vocab.ordinals or before == "last" and word == "half":
            parsed.half = 2 if before == "last" else vocab.ordinals[before]
        elif word in vocab.ordinals or re.fullmatch(r"\d{1,2}(st|nd|rd|th)", word):
            value = vocab.ordinals.get(word) or int(word[:-2])
            if 1 <= value <= 31:
                numbers.append((i, value))
        elif re.fullmatch(r"\d{1,2}", word) and 1 <= int(word) <= 31:
            numbers.append((i, int(word)))
    _spoken_year(parsed, words, vocab)
    _holiday(parsed, words, vocab)
    parsed.period = any(word in vocab.period_words for word in words)
    if parsed.month is not None and parsed.day is None:
        for index, value in numbers:
            between = words[min(index, month_at) + 1 : max(index, month_at)]
            if abs(index - month_at) <= 3 and all(w in {"of", "the"} for w in between):
                following = words[index + 1] if index + 1 < len(words) else ""
                if following not in vocab.units:
                    parsed.day = value
                    break
    return parsed


def _ordinal(word: str, vocab: TimexVocabulary) -> int | None:
    if word in vocab.ordinals:
        return vocab.ordinals[word]
    if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", word):
        return int(word[:-2])
    return None


def _plural_unit(word: str, vocab: TimexVocabulary) -> bool:
    return word in vocab.units and word.endswith("s")


def _before_unit(words: tuple[str, ...], i: int, vocab: TimexVocabulary) -> bool:
    """Whether words[i] qualifies a following unit: "second quarter", "second half"."""
    following = words[i + 1] if i + 1 < len(words) else ""
    return following in vocab.units or following == "half"


def _direction_before(words: tuple[str, ...], i: int, vocab: TimexVocabulary, parsed: Parsed) -> int | None:
    """The direction word before a month, weekday, season or weekend ("last May", "this past spring")."""
    j = i - 1
    while j >= 0 and (words[j] == "the" or words[j] in vocab.position_words):
        j -= 1
    if j >= 0 and words[j] in vocab.directions:
        if words[j] == "past" and j > 0 and words[j - 1] == "this":
            return -1
        if words[j] == "this" and j + 1 < i and words[j + 1] == "past":
            return -1
        return vocab.directions[words[j]]
    return parsed.direction


def _meridiem(parsed: Parsed, words: tuple[str, ...], i: int, vocab: TimexVocabulary) -> None:
    """ "10 p.m", "10:35 a.m", "ten p.m"."""
    shift = vocab.meridiems[words[i]]
    if parsed.clock is not None:
        hour, minute = (int(x) for x in parsed.clock.split(":"))
    elif i > 0 and (words[i - 1].isdigit() or words[i - 1] in vocab.numbers):
        value = _number_value(words[i - 1], vocab)
        if value is None or not 1 <= value <= 12:
            return
        hour, minute = int(value), 0
    else:
        return
    if hour == 12:
        hour = 0
    parsed.clock = f"{hour + shift:02d}:{minute:02d}"


def _unit(parsed: Parsed, words: tuple[str, ...], i: int, vocab: TimexVocabulary) -> None:
    word = words[i]
    unit = vocab.units[word]
    phrase = UnitPhrase(unit=unit, at=i, plural=word.endswith("s") or word == "centuries")
    count, vague, start = _quantity(words, i, vocab)
    phrase.count, phrase.vague = count, vague
    if (
        i + 2 < len(words)
        and words[i + 1] == "and"
        and words[i + 2] == "a"
        and "half" in words[i + 2 : i + 4]
    ):
        phrase.count = (phrase.count or 1.0) + 0.5
    j = start - 1
    while j >= 0:
        prior = words[j]
        if _ordinal(prior, vocab) is not None and phrase.ordinal is None:
            phrase.ordinal = _ordinal(prior, vocab)
        elif prior in vocab.latest_words:
            phrase.latest = True
        elif prior in vocab.directions and phrase.direction is None:
            if prior in vocab.anaphoric_directions and j > 0 and words[j - 1] == "the":
                phrase.anaphoric = True
            phrase.direction = vocab.directions[prior]
            if prior == "past" and j > 0 and words[j - 1] == "this":
                phrase.direction = -1
        elif prior in vocab.anaphoric_same:
            phrase.anaphoric, phrase.direction = True, 0
        elif prior == "the":
            phrase.definite = True
        elif not (prior == "of" or prior in vocab.position_words or prior in vocab.unit_adjectives):
            break  # "the end of the year", "the full year" go on; anything else ends the phrase
        j -= 1
    if i + 1 < len(words) and words[i + 1] in vocab.shift_words:
        phrase.shift = vocab.shift_words[words[i + 1]]
    elif (
        i + 2 < len(words) and words[i + 1] == "or" and words[i + 2] == "so" and "ago" in words[i + 3 : i + 4]
    ):
        phrase.shift = -1
    if unit == "C" and phrase.ordinal is not None:
        parsed.century = 100 * (phrase.ordinal - 1)
    if unit == "Q" and phrase.ordinal is not None and phrase.count is None:
        parsed.quarter = phrase.ordinal
    if unit == "Y" and i + 1 < len(words) and words[i + 1] == "'s" and phrase.direction is not None:
        parsed.year_direction = phrase.direction
    parsed.units.append(phrase)


def _holiday(parsed: Parsed, words: tuple[str, ...], vocab: TimexVocabulary) -> None:
    """ "Christmas", "Thanksgiving Day", "last Easter": a named day; its words are no units."""
    for length in (3, 2, 1):
        for i in range(len(words) - length + 1):
            rule = vocab.holidays.get(words[i : i + length])
            if rule is not None:
                parsed.holiday = rule
                parsed.units = [u for u in parsed.units if not i <= u.at < i + length]
                if i > 0 and words[i - 1] in vocab.directions:
                    parsed.direction = vocab.directions[words[i - 1]]
                return


def _spoken_year(parsed: Parsed, words: tuple[str, ...], vocab: TimexVocabulary) -> None:
    """ "nineteen ninety-six" -> 1996; "the year two thousand" -> 2000."""
    if parsed.year is not None:
        return
    for i, word in enumerate(words[:-1]):
        head = vocab.numbers.get(word)
        if head is not None and 10 <= head <= 20 and words[i + 1] in vocab.numbers:
            tail = vocab.numbers[words[i + 1]]
            if tail >= 20:
                extra = vocab.numbers.get(words[i + 2], 0.0) if i + 2 < len(words) else 0.0
                parsed.year = int(head * 100 + tail + (extra if extra < 10 else 0))
                parsed.units = [u for u in parsed.units if u.at < i]
                return
        if word == "two" and words[i + 1] == "thousand" and i > 0 and words[i - 1] == "year":
            parsed.year = 2000
            parsed.units = [u for u in parsed.units if u.at != i - 1]
            return
