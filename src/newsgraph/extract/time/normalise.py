"""Normalising one expression (cached per text and anchor), and finding those of a sentence."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from ...errors import Errors, NewsgraphError
from ...nlp.spans import span_ents
from ...schema import TimeJSON
from .anchoring import TimeValue, absolute, day_value, open_year, relative
from .reading import range_start, read, strip_relation
from .vocabulary import TimeVocabulary, load_time_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Span

TIME_LABELS = frozenset({"DATE", "TIME"})


def _interpret(text: str, anchor: date | None) -> TimeValue | None:
    vocab = load_time_vocabulary()
    body, relation = strip_relation(text, vocab)
    start, is_range = range_start(body, vocab)
    if is_range:
        found = _interpret_body(start, anchor, vocab)
        if found is not None:
            return TimeValue(found.value, found.precision, relation or "after", found.candidates)
    found = _interpret_body(body, anchor, vocab)
    if found is None:
        return None
    return TimeValue(found.value, found.precision, relation or found.relation, found.candidates)


def _interpret_body(body: str, anchor: date | None, vocab: TimeVocabulary) -> TimeValue | None:
    reading = read(body, vocab)
    if reading.age or (reading.anaphoric and not reading.has_date and reading.month is None):
        return None
    unanchored = TimeValue(None, None, "on")
    result: TimeValue | None
    if reading.has_date:
        result = absolute(reading, anchor)
    elif reading.month is not None or reading.weekday is not None or reading.season is not None:
        result = open_year(reading, anchor)
        if result is None and anchor is None and (reading.weekday is not None or reading.season is not None):
            result = unanchored
    elif reading.deictic is not None or (reading.day_part and reading.direction is not None):
        offset = (
            reading.deictic if reading.deictic is not None else (-1 if reading.direction == "last" else 0)
        )
        result = unanchored if anchor is None else day_value(anchor + timedelta(days=offset))
    elif reading.unit is not None:
        if anchor is None:
            probe = relative(reading, date(2000, 6, 15))
            result = None if probe is None else TimeValue(None, None, probe.relation)
        else:
            result = relative(reading, anchor)
    else:
        result = None
    return result


def _parse_published(published: str | None) -> date | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        raise NewsgraphError(Errors.E012.format(value=published)) from None


@lru_cache(maxsize=4096)
def _normalise_cached(text: str, published: date | None) -> TimeValue | None:
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
    ents = [ent for ent in span_ents(sent) if ent.label_ in TIME_LABELS]
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
