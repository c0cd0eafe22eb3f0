"""Where the temporal expressions of a Doc are: candidate spans, cut the TimeML way.

Two sources, in this order of trust:

* spaCy's DATE and TIME entities, joined when a clock time or part of the day stands next
  to a day ("5 p.m. EST, Nov. 9", "Friday evening"), trimmed (a leading preposition is no
  part of a TIMEX3: "on Wednesday" -> "Wednesday"; a modifier is: "about two years"),
  widened ("this" + "quarter", "each" + "Thursday", "Wednesday" + "night") and split where
  one entity holds two expressions ("from 1990 to 1995", "the quarter ended Sept. 30",
  "the first nine months" of "1997");
* patterns for what the NER leaves out, kept where they overlap no entity: references
  ("now", "currently", "the past"), sets ("daily", "every week", "$5 a year"), unit
  phrases ("two more weeks", "this quarter", "for years"), weekdays, "today", named days
  ("Christmas") and reporting periods ("the latest period").

Ages are no times: "65 years old", "a 6-year-old boy", "aged 43" are dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..nlp.spans import lower_words, positions
from .timex_vocabulary import TimexVocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["candidate_spans", "is_rate"]

TIME_LABELS = frozenset({"DATE", "TIME"})
_GLUE = frozenset({"the", "of", "-", "and"})


def candidate_spans(doc: Doc, vocab: TimexVocabulary) -> list[Span]:
    """Entity spans, then pattern spans that overlap none, in text order and disjoint."""
    spans: list[Span] = []
    taken = [False] * len(doc)

    def take(span: Span) -> None:
        spans.append(span)
        for i in range(span.start, span.end):
            taken[i] = True

    for ent in _joined_entities(doc, vocab):
        for span in _split(_widen(_trim(ent, vocab), vocab), vocab):
            if len(span) and not any(taken[span.start : span.end]) and _keeps(span, vocab):
                take(span)
        for i in range(ent.start, ent.end):
            taken[i] = True
    for span in _patterns(doc, vocab):
        if not any(taken[span.start : span.end]) and not _is_age(span, vocab):
            take(span)
    return sorted(spans, key=lambda span: span.start)


def is_rate(span: Span, vocab: TimexVocabulary) -> bool:
    """The expression is a rate after an amount: "$5 a year", "twice a week", "per day"."""
    first = span[0].lower_
    if first in vocab.set_rates and first not in {"a", "an"}:
        return True
    return first in vocab.set_rates and span.start > 0 and _after_amount(span.doc, span.start, vocab)


# --------------------------------------------------------------------------- entities


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _joined_entities(doc: Doc, vocab: TimexVocabulary) -> list[Span]:
    joined: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in TIME_LABELS:
            continue
        if joined and _joins(joined[-1], ent, vocab):
            joined[-1] = doc[joined[-1].start : ent.end]
        else:
            joined.append(ent)
    return joined


def _joins(left: Span, right: Span, vocab: TimexVocabulary) -> bool:
    """A clock time or part of the day next to a day, at most a comma between them."""
    if any(token.text != "," for token in left.doc[left.end : right.start]):
        return False
    return (_has_clock(left, vocab) and _names_day(right, vocab)) or (
        _names_day(left, vocab) and _has_clock(right, vocab)
    )


def _has_clock(span: Span, vocab: TimexVocabulary) -> bool:
    clock_words = vocab.day_parts.keys() | vocab.clock_words.keys() | vocab.meridiems.keys()
    return any(_word(token) in clock_words or ":" in token.text for token in span)


def _names_day(span: Span, vocab: TimexVocabulary) -> bool:
    day_words = vocab.weekdays.keys() | vocab.months.keys() | vocab.deictic_days.keys()
    return any(_word(token) in day_words for token in span)


def _trim(ent: Span, vocab: TimexVocabulary) -> Span:
    """Drop trailing punctuation and conjunctions, leading prepositions ("in", "on",
    "since"; "over the past year" -> "the past year", but "over a week" stays); take a
    following "ago"."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end > start + 1 and doc[end - 1].lower_ in vocab.trailing_drop:
        end -= 1
    while start < end - 1 and _drops_first(doc[start], doc[start + 1], vocab):
        start += 1
    if end < len(doc) and doc[end].lower_ == "ago":
        end += 1
    return doc[start:end]


def _drops_first(first: Token, following: Token, vocab: TimexVocabulary) -> bool:
    word = first.lower_
    if first.is_punct or word in vocab.leading_conjunctions:
        return True
    if word not in vocab.leading_prepositions:
        return False
    # "at least", "up to", "over a week", "under an hour" are modifiers, kept
    return word not in vocab.kept_modifiers or following.lower_ in vocab.determiners


def _widen(span: Span, vocab: TimexVocabulary) -> Span:
    """ "this" + "quarter" (a direction before a bare unit), "each" + "Thursday", and
    "Wednesday" + "night" (the part of the day after a day)."""
    if not len(span):
        return span
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    first = _word(span[0])
    if (first in vocab.units and before in vocab.directions) or (
        before in vocab.cycle_quantifiers and _is_cycle_word(first, vocab)
    ):
        span = doc[span.start - 1 : span.end]
    last = _word(span[-1])
    if (
        span.end < len(doc)
        and _word(doc[span.end]) in vocab.day_parts
        and (last in vocab.weekdays or last in vocab.deictic_days)
    ):
        span = doc[span.start : span.end + 1]
    return span


def _split(span: Span, vocab: TimexVocabulary) -> list[Span]:
    """Two expressions in one entity: "the quarter ended Sept. 30", "from 1990 to 1995",
    "between May and July", "the first nine months of 1997", "1994, 1995"."""
    if len(span) < 3:
        return [span]
    doc = span.doc
    for k in range(span.start + 1, span.end - 1):
        word = doc[k].lower_
        left, right = doc[span.start : k], doc[k + 1 : span.end]
        if word in vocab.period_verbs:
            return [*_split(left, vocab), *_split(right, vocab)]
        if word == "of" and _is_counted(left, vocab) and _names_point(right, vocab):
            return [left, *_split(right, vocab)]
        if word == "," and _is_year(left) and _is_year(right):
            return [left, *_split(right, vocab)]
        if word in vocab.range_joiners and _names_point(left, vocab) and _names_point(right, vocab):
            if left[0].lower_ in vocab.range_openers and len(left) > 1:
                left = left[1:]
            return [left, *_split(right, vocab)]
    return [span]


def _is_counted(span: Span, vocab: TimexVocabulary) -> bool:
    """ "the first nine months", "the past two years": a count before a plural unit."""
    last = span[-1].lower_
    counted = any(token.like_num or token.lower_ in vocab.numbers for token in span[:-1])
    return last in vocab.units and last.endswith("s") and counted


def _is_year(span: Span) -> bool:
    return len(span) == 1 and _is_year_token(span[0])


def _is_year_token(token: Token) -> bool:
    return token.shape_ == "dddd" and 1000 <= int(token.text) <= 2199


def _names_point(span: Span, vocab: TimexVocabulary) -> bool:
    """A month, weekday, "today", a year or "the year" ("1990", "last year")."""
    if _names_day(span, vocab) or any(_is_year_token(token) for token in span):
        return True
    return span[-1].lower_ == "year" and span[0].lower_ in vocab.directions.keys() | {"the"}


def _keeps(span: Span, vocab: TimexVocabulary) -> bool:
    """Not an age, and not a lone frequency adverb that is mostly no time ("quarterly report")."""
    lone = span[0].lower_ if len(span) == 1 else ""
    weak = lone in vocab.set_adverbs and lone not in vocab.set_triggers
    return not weak and not _is_age(span, vocab)


def _is_age(span: Span, vocab: TimexVocabulary) -> bool:
    """ "65 years old", "the 6-year-old boy", "aged 43"."""
    doc = span.doc
    after = [token.lower_ for token in doc[span.end : span.end + 2] if token.text != "-"]
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if after and after[0] in vocab.age_words:
        return True
    return before in vocab.age_words or "-old" in span.text.lower()


# --------------------------------------------------------------------------- patterns


def _patterns(doc: Doc, vocab: TimexVocabulary) -> Iterator[Span]:
    words = lower_words(doc)
    starts = positions(doc, "lower", _starters(vocab))  # the only tokens a pattern can start at
    k, done = 0, 0
    while k < len(starts):
        i = starts[k]
        found = _pattern_at(doc, words, i, vocab)
        if found is None and words[i] in vocab.units:
            found = _unit_phrase(doc, words, i, done, vocab)
        if found is None:
            k += 1
            continue
        yield found
        done = found.end
        k = bisect_left(starts, found.end, k + 1)


_STARTERS: dict[int, frozenset[str]] = {}


def _starters(vocab: TimexVocabulary) -> frozenset[str]:
    """The openers of `_pattern_at` and the units a unit phrase is found at."""
    key = id(vocab)
    if key not in _STARTERS:
        _STARTERS[key] = _openers(vocab) | frozenset(vocab.units)
    return _STARTERS[key]


_OPENERS: dict[int, frozenset[str]] = {}


def _openers(vocab: TimexVocabulary) -> frozenset[str]:
    """Every word a pattern of `_pattern_at` can start with, so most tokens are passed at once."""
    key = id(vocab)
    if key not in _OPENERS:
        _OPENERS[key] = frozenset(
            {trigger[0] for trigger in vocab.reference_triggers}
            | {words[0] for words in vocab.holidays}
            | set(vocab.set_triggers)
            | set(vocab.cycle_quantifiers)
            | set(vocab.set_rates)
            | set(vocab.deictic_days)
            | set(vocab.weekdays)
            | set(vocab.period_words)
            | set(vocab.weekend_words)
        )
    return _OPENERS[key]


def _pattern_at(doc: Doc, words: list[str], i: int, vocab: TimexVocabulary) -> Span | None:
    word = words[i]
    if word not in _openers(vocab):
        return None
    following = words[i + 1] if i + 1 < len(doc) else ""
    for trigger in vocab.reference_triggers:
        if tuple(words[i : i + len(trigger)]) == trigger:
            if len(trigger) == 1 and following in vocab.units:
                return None  # "current quarter": a unit phrase
            return doc[i : i + len(trigger)]
    if word in vocab.set_triggers:
        return doc[i : i + 1]
    if word in vocab.cycle_quantifiers:
        end = i + 1
        while end < len(doc) and (doc[end].like_num or words[end] in vocab.cycle_counts):
            end += 1
        return doc[i : end + 1] if end < len(doc) and _is_cycle_word(words[end], vocab) else None
    if word in vocab.set_rates and following in vocab.units and not following.endswith("s"):
        after = words[i + 2] if i + 2 < len(doc) else ""
        rate = after not in vocab.shift_words and _after_amount(doc, i, vocab)
        return doc[i : i + 2] if rate else None
    if word in vocab.deictic_days or (word in vocab.weekdays and doc[i].is_title and len(word) > 4):
        return doc[i : i + 1]
    if word in vocab.weekend_words and i > 0 and words[i - 1] in vocab.directions.keys() | {"the"}:
        return doc[i - 1 : i + 1]
    if doc[i].is_title:
        for length in (3, 2, 1):
            if tuple(words[i : i + length]) in vocab.holidays:
                return doc[i : i + length]
    if word in vocab.period_words:
        return _period_phrase(doc, words, i, vocab)
    return None


def _period_phrase(doc: Doc, words: list[str], i: int, vocab: TimexVocabulary) -> Span | None:
    """ "the latest period", "the year-earlier period", "the 1989 period"."""
    start, qualified = i, False
    while start > max(i - 5, 0):
        token = doc[start - 1]
        if words[start - 1] in vocab.period_qualifiers or _is_year_token(token):
            qualified = True
        elif not (words[start - 1] in _GLUE or words[start - 1] in vocab.units or token.tag_ == "PRP$"):
            break
        start -= 1
    return doc[start : i + 1] if qualified else None


def _unit_phrase(doc: Doc, words: list[str], i: int, done: int, vocab: TimexVocabulary) -> Span | None:
    """A unit with what counts or places it: "at least two more weeks", "this quarter",
    "the past three years", "a year earlier", "recent months"; a plural unit alone after
    "for", "in" or "over" ("for years")."""
    plural = words[i].endswith("s")
    start, qualified = i, False
    while start > done:
        prior = words[start - 1]
        if prior in vocab.directions or prior in vocab.ordinals or prior in vocab.latest_words:
            qualified = True
        elif prior in vocab.numbers or doc[start - 1].like_num or prior in vocab.vague_quantities:
            qualified = qualified or prior not in {"a", "an"} or not plural
        elif not (prior in vocab.unit_adjectives or prior in _GLUE or prior in vocab.fiscal_words):
            break
        start -= 1
    while qualified and start > done and words[start - 1] in vocab.kept_modifiers:
        start -= 1
    while start < i and (
        words[start] in _GLUE and words[start] != "the" or words[start] == "the" and not qualified
    ):
        start += 1
    end = i + 1
    if end < len(doc) and words[end] in vocab.shift_words:
        end, qualified = end + 1, True
    if qualified:
        return doc[start:end]
    if words[i] in vocab.unit_words_kept_alone and i > 0 and words[i - 1] in vocab.duration_prepositions:
        return doc[i : i + 1]
    return None


def _after_amount(doc: Doc, i: int, vocab: TimexVocabulary) -> bool:
    """Whether doc[i] follows an amount: "$5 a year", "50,000 copies a year", "twice a week"."""
    return any(
        token.like_num or token.is_currency or token.lower_ in vocab.rate_cues
        for token in doc[max(i - 3, 0) : i]
    )


def _is_cycle_word(word: str, vocab: TimexVocabulary) -> bool:
    return any(
        word in words
        for words in (
            vocab.units,
            vocab.weekdays,
            vocab.seasons,
            vocab.day_parts,
            vocab.months,
            vocab.weekend_words,
        )
    )
