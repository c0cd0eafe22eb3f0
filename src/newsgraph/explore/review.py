"""The review queue: the pairs the machine is unsure of, least certain first, each with the evidence.

For each pair: the names of both entities and those they share, the facts that agree
and those that conflict (a person has one birth year, one birthplace), the
neighbours they share (canonical entities co-mentioned in both reports) and the
sentences that mention each of them, with their offsets. The CLI's ``review``, the
JSON API and the pages all take these records.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from typing import TypedDict

from ..store import queries

# A person has one of each: two different values are evidence against the pair.
SINGLE_VALUED = ("born_on", "born_in", "died_on", "died_in")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_WORD = re.compile(r"\w+")


class SentenceJSON(TypedDict):
    document_id: str
    start: int  # the sentence's offsets in its document's text
    end: int
    text: str
    mention: list[int]  # [start, end] of the mention


class SideJSON(TypedDict):
    id: str
    canonical_id: str
    document_id: str
    names: list[str]
    sentences: list[SentenceJSON]


class FactPairJSON(TypedDict):
    predicate: str
    a: list[str]
    b: list[str]


class NeighbourJSON(TypedDict):
    canonical_id: str
    name: str


class EvidenceJSON(TypedDict):
    shared_names: list[str]  # names (case-insensitive) both entities go by
    shared_words: list[str]  # words their names share
    agreeing_facts: list[FactPairJSON]
    conflicting_facts: list[FactPairJSON]
    shared_neighbours: list[NeighbourJSON]


class ReviewItemJSON(TypedDict):
    a: str
    b: str
    type: str
    verdict: str  # what the machine said: positive or unsure
    score: float
    uncertainty: float  # 1.0 at the decision threshold, 0.0 at the band's edges
    name_a: str
    name_b: str
    document_a: str
    document_b: str
    entity_a: SideJSON
    entity_b: SideJSON
    evidence: EvidenceJSON


def review_queue(
    conn: sqlite3.Connection,
    *,
    bands: Mapping[str, tuple[float, float]],
    thresholds: Mapping[str, float],
    limit: int | None = None,
) -> list[ReviewItemJSON]:
    """The unsettled machine pairs whose score lies in their type's band, least certain first.

    Uncertainty is how close the score is to the type's decision threshold, relative to the
    band's width on that side; ties go by the ids.
    """
    pairs = queries.unsettled_machine_pairs(conn, bands=bands)

    def uncertainty(pair: queries.ReviewPair) -> float:
        low, high = bands[pair.type]
        cut = thresholds.get(pair.type, (low + high) / 2)
        width = (cut - low) if pair.score < cut else (high - cut)
        return round(max(0.0, 1.0 - abs(pair.score - cut) / width) if width > 0 else 1.0, 4)

    ranked = sorted(((uncertainty(p), p) for p in pairs), key=lambda x: (-x[0], x[1].a, x[1].b))
    if limit is not None:
        ranked = ranked[:limit]
    return [_item(conn, pair, level) for level, pair in ranked]


def _side(conn: sqlite3.Connection, entity_id: str, document_id: str) -> SideJSON:
    sentences = [
        SentenceJSON(
            document_id=s.document_id,
            start=s.sentence_start,
            end=s.sentence_end,
            text=s.sentence,
            mention=[s.start, s.end],
        )
        for s in queries.mention_sentences(conn, entity_id)
    ]
    return SideJSON(
        id=entity_id,
        canonical_id=queries.current_canonical_id(conn, entity_id) or entity_id,
        document_id=document_id,
        names=queries.entity_names(conn, entity_id),
        sentences=sentences,
    )


def _values(conn: sqlite3.Connection, entity_id: str) -> dict[str, set[str]]:
    """Single-valued facts of an entity: predicate -> values (years for dates, canonical ids of places)."""
    out: dict[str, set[str]] = {}
    for row in queries.facts_with_subject(conn, [entity_id]):
        if row.negated or row.predicate not in SINGLE_VALUED:
            continue
        if row.object_id is not None:
            refs = queries.entity_refs(conn, [row.object_id])
            values = {f"{r.name} ({r.canonical_id})" for r in refs}
        else:
            literal = row.object_literal or ""
            values = set(_YEAR.findall(literal)) or {literal.strip()}
        out.setdefault(row.predicate, set()).update(v for v in values if v)
    return out


def _facts(conn: sqlite3.Connection, a: str, b: str) -> tuple[list[FactPairJSON], list[FactPairJSON]]:
    va, vb = _values(conn, a), _values(conn, b)
    agree: list[FactPairJSON] = []
    conflict: list[FactPairJSON] = []
    for predicate in SINGLE_VALUED:
        x, y = va.get(predicate), vb.get(predicate)
        if not x or not y:
            continue
        pair = FactPairJSON(predicate=predicate, a=sorted(x), b=sorted(y))
        (agree if x & y else conflict).append(pair)
    return agree, conflict


def _item(conn: sqlite3.Connection, pair: queries.ReviewPair, uncertainty: float) -> ReviewItemJSON:
    side_a, side_b = _side(conn, pair.a, pair.document_a), _side(conn, pair.b, pair.document_b)
    folded_a = {n.casefold(): n for n in side_a["names"]}
    shared = sorted(folded_a[k] for k in folded_a.keys() & {n.casefold() for n in side_b["names"]})
    words_a = {w for n in side_a["names"] for w in _WORD.findall(n.casefold())}
    words_b = {w for n in side_b["names"] for w in _WORD.findall(n.casefold())}
    agree, conflict = _facts(conn, pair.a, pair.b)
    own = {side_a["canonical_id"], side_b["canonical_id"]}
    near_a, near_b = queries.co_mentioned(conn, pair.a), queries.co_mentioned(conn, pair.b)
    neighbours = [
        NeighbourJSON(canonical_id=key, name=near_a[key])
        for key in sorted(near_a.keys() & near_b.keys() - own)
    ]
    return ReviewItemJSON(
        a=pair.a,
        b=pair.b,
        type=pair.type,
        verdict=pair.verdict,
        score=pair.score,
        uncertainty=uncertainty,
        name_a=pair.name_a,
        name_b=pair.name_b,
        document_a=pair.document_a,
        document_b=pair.document_b,
        entity_a=side_a,
        entity_b=side_b,
        evidence=EvidenceJSON(
            shared_names=shared,
            shared_words=sorted(words_a & words_b),
            agreeing_facts=agree,
            conflicting_facts=conflict,
            shared_neighbours=neighbours,
        ),
    )
