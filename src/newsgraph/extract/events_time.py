"""Which time belongs to an event: the expression of its own clause, or one stated against
another event ("three days after the bombing", "Days later", "the next day").

An expression belongs to a trigger when the dependency path from the expression up to
the trigger crosses no other verb: "killed ... on Sunday" gives "killed" Sunday, while a
date in another clause of the sentence ("said on Monday that ... was killed") does not.
A nominal trigger inside a verb's "in" / "during" phrase ("killed in an attack on
Sunday") shares that verb's time. An event the text gives no time keeps none: the
publication date is never put in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..schema import TimeJSON
from .time import normalise_time, shift_time

SHARED_TIME_PREPOSITIONS = frozenset({"in", "during", "amid"})
LATER_WORDS = frozenset({"later", "after", "next", "following", "subsequent"})
EARLIER_WORDS = frozenset({"earlier", "before", "previous", "preceding", "prior"})


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
    for span, value in times:
        if _reaches(span, anchors):
            return value
    return None


def relative_for(
    trigger: Any, *, happen_verbs: frozenset[str], perform_verbs: frozenset[str] = frozenset()
) -> RelativeTime | None:
    """A time of the trigger's clause stated against another event, read but not yet placed."""
    anchors = _anchors(trigger, happen_verbs, perform_verbs)
    for ent in trigger.sent.ents:
        if ent.label_ not in ("DATE", "TIME") or not _reaches(ent, anchors):
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
