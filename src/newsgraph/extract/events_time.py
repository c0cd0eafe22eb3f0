"""Which time belongs to an event: the expression of its own clause, or one stated against
another event ("three days after the bombing", "Days later", "the next day").

An expression belongs to a trigger when the dependency path from the expression up to
the trigger crosses no other verb: "killed ... on Sunday" gives "killed" Sunday, while a
date in another clause of the sentence ("said on Monday that ... was killed") does not.
A nominal trigger inside a verb's "in" / "during" phrase ("killed in an attack on
Sunday") shares that verb's time, and so does one whose phrase the expression directly
follows, however the parser attached it ("died after a gunfight with police three days
after the bombing"). A date written before a nominal trigger is its date ("the April 15,
2013, attack", "Saturday's attack", "the May 22 concert bombing"). A date that belongs to
a picture ("in this handout photo released, May 27, 2017", a caption "FILE - ...") is
nobody's event time. An event the text gives no time keeps none: the publication date is
never put in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..nlp.spans import doc_text, span_ents
from ..schema import TimeJSON
from .time import normalise_time, shift_time
from .time.vocabulary import TimeVocabulary, load_time_vocabulary

SHARED_TIME_PREPOSITIONS = frozenset({"in", "during", "amid"})
LATER_WORDS = frozenset({"later", "after", "next", "following", "subsequent"})
EARLIER_WORDS = frozenset({"earlier", "before", "previous", "preceding", "prior"})
_RELATION_WORDS = frozenset(p for p, _ in load_time_vocabulary().relation_phrases if " " not in p)
PRENOMINAL_GAP = 3
"""Most words between a date and the nominal trigger it is written before ("May 22 concert bombing")."""


@dataclass(frozen=True, slots=True)
class RelativeTime:
    """A distance stated against another event: against `reference` (a trigger token index),
    or, when None, against the event told just before."""

    text: str
    later: bool
    reference: int | None


def _anchors(trigger: Any, happen_verbs: frozenset[str], perform_verbs: frozenset[str]) -> set[int]:
    anchors = {trigger.i}
    if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_.lower() in happen_verbs:
        anchors.add(trigger.head.i)
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ in SHARED_TIME_PREPOSITIONS and head.head.pos_ == "VERB":
        anchors.add(head.head.i)
    if trigger.dep_ == "dobj" and head.lemma_.lower() in perform_verbs:
        anchors.add(head.i)  # "On Jan. 9, forces conducted 26 strikes"
    return anchors


def _with_adjacent(trigger: Any, span: Any, anchors: set[int]) -> set[int]:
    """ "died after a gunfight with police three days after the bombing": an expression that
    directly follows a nominal trigger's phrase is the trigger's too, when the parser hung it
    on the verb whose prepositional phrase the trigger is in."""
    head = trigger.head
    if (
        trigger.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.head.pos_ == "VERB"
        and span.start == trigger.right_edge.i + 1
    ):
        return anchors | {head.head.i}
    return anchors


def _prenominal(trigger: Any, span: Any) -> bool:
    """A date written before a nominal trigger: "April 15, 2013, bombing", "Saturday's attack",
    "last year's deadly blast", "the May 22 concert bombing"."""
    if trigger.pos_ not in ("NOUN", "PROPN") or not 0 <= trigger.i - span.end <= PRENOMINAL_GAP:
        return False
    between = trigger.doc[span.end : trigger.i]
    return all(t.is_punct or t.tag_ == "POS" or t.pos_ in ("ADJ", "NOUN") for t in between)


def _caption_date(span: Any, vocab: TimeVocabulary) -> bool:
    """A date that belongs to a picture: a caption sentence ("FILE - ..."), or an expression in
    or right after a "photo released" / "image taken" phrase."""
    sent = span.sent
    opening = sent[:3]
    for n in (1, 2):
        words = " ".join(t.lower_ for t in opening[:n])
        if words in vocab.caption_markers and len(opening) > n and opening[n].is_punct:
            return True
    doc = span.doc
    before = [t for t in doc[max(sent.start, span.start - 3) : span.start] if not t.is_punct]
    for token in [*before[-2:], *span.root.ancestors][:5]:
        lowered = token.lower_
        if lowered in vocab.caption_nouns:
            return True
        if lowered in vocab.caption_verbs and token.head.lower_ in vocab.caption_nouns:
            return True
    return False


def _reaches(span: Any, anchors: set[int]) -> bool:
    node = span.root
    for _ in range(4):
        if node.i in anchors:
            return True
        if node.head.i == node.i or (node.pos_ == "VERB" and node.i != span.root.i):
            return False
        node = node.head
    return False


def time_for(
    trigger: Any,
    times: list[tuple[Any, TimeJSON]],
    *,
    happen_verbs: frozenset[str],
    perform_verbs: frozenset[str] = frozenset(),
) -> TimeJSON | None:
    """The time expression that modifies this trigger (or the 'took place' verb it is subject of)."""
    anchors = _anchors(trigger, happen_verbs, perform_verbs)
    vocab = load_time_vocabulary()
    own = [
        (span, value) for span, value in times if not _caption_date(span, vocab) and not _dateline_date(span)
    ]
    for span, value in own:
        if _reaches(span, _with_adjacent(trigger, span, anchors)):
            return value
    for span, value in own:
        if not _prenominal(trigger, span):
            continue
        if len(span) > 1 and span[0].lower_ in _RELATION_WORDS:
            # "three days after April 15, 2013, bombing": the date itself is the bombing's
            prenominal: TimeJSON = {**value, "text": span[1:].text, "relation": "on"}
            return prenominal
        return value
    return None


def relative_for(
    trigger: Any, *, happen_verbs: frozenset[str], perform_verbs: frozenset[str] = frozenset()
) -> RelativeTime | None:
    """A time of the trigger's clause stated against another event, read but not yet placed."""
    anchors = _anchors(trigger, happen_verbs, perform_verbs)
    for ent in span_ents(trigger.sent):
        if ent.label_ not in ("DATE", "TIME") or not _reaches(ent, _with_adjacent(trigger, ent, anchors)):
            continue
        if normalise_time(ent.text, published="2000-01-01") is not None:
            continue  # an absolute or publication-relative time: time_for's business
        words = {t.lower_ for t in ent}
        head = ent.root.head
        if head.lower_ in ("after", "before") and head.i not in range(ent.start, ent.end):
            objects = [c for c in head.children if c.dep_ == "pobj"]
            reference = objects[0].i if objects else None
            return RelativeTime(ent.text, head.lower_ == "after", reference)
        if words & LATER_WORDS:
            return RelativeTime(ent.text, True, None)
        if words & EARLIER_WORDS:
            return RelativeTime(ent.text, False, None)
    return None


def place_relative(relative: RelativeTime, reference: TimeJSON | None) -> TimeJSON | None:
    if reference is None or reference.get("value") is None:
        return None
    return shift_time(relative.text, reference, later=relative.later)


_DATELINE_END = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?[-\u2013\u2014]")  # "(Wire) -", " —"


def _dateline_date(span: Any) -> bool:
    """The date of a dateline ("KORVIK, March 3, 2021 (Wire) - Police arrested ..."): the
    report's date, not the date of the events its first sentence tells."""
    text = doc_text(span.doc)
    before = text[text.rfind("\n", 0, span.start_char) + 1 : span.start_char]
    words = re.findall(r"[^\W\d_]+", before)
    if len(before) > 60 or any(not w[:1].isupper() for w in words):
        return False
    return _DATELINE_END.match(text, span.end_char) is not None
