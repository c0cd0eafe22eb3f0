"""Identity as a table of judgements (after nomenklatura), and clusters rebuilt from it.

A ``Judgement`` says that two entity ids are the same (``positive``), not the
same (``negative``) or that nobody knows (``unsure``); it has an author:
``machine`` (resolution), ``text`` (a "not the same as" statement read from a
document) or ``person:<name>`` (an analyst), a score and a time.

``build_clusters`` never edits clusters in place; it rebuilds them from the
table every time, by these rules:

1. **One verdict per pair.** A person's judgement outranks the machine's and the
   text's for the same pair, and among a person's judgements the newest wins.
   Between machine and text, a negative wins (a document that says two people
   differ is evidence; a machine's guess is not).
2. **Negatives first.** Every effective negative judgement is a wall between the
   two clusters its ids end up in.
3. **Positives by authority.** Positive edges are merged with union-find, a
   person's first (newest first), then the text's and the machine's by score
   (highest first). An edge is skipped if its two clusters have a negative
   judgement between any of their members, so negatives propagate: A != B and
   B = C gives A != C, and no chain of positives can ever join A and B.
4. **Canonical id.** The smallest member id of each cluster.

The result does not depend on the order of the judgements given (ties are
broken by the ids), and ``unsure`` judgements join nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .pause import paused_gc

Verdict = Literal["positive", "negative", "unsure"]
PERSON_PREFIX = "person:"


@dataclass(frozen=True, slots=True)
class Judgement:
    """One row of the judgements table: ``a`` and ``b`` are entity ids."""

    a: str
    b: str
    verdict: Verdict
    score: float | None
    author: str  # "machine", "text" or "person:<name>"
    created_at: str  # ISO 8601
    reason: str | None = None  # why: for a text judgement, the document and statement that say so


def is_person(judgement: Judgement) -> bool:
    return judgement.author.startswith(PERSON_PREFIX)


def pair_of(judgement: Judgement) -> tuple[str, str]:
    """The unordered pair, as a sorted tuple."""
    a, b = judgement.a, judgement.b
    return (a, b) if a <= b else (b, a)


def _rank(judgement: Judgement) -> tuple[int, str, int, float, str, str]:
    """Higher wins: a person's over all others (newest first); then negative over positive
    over unsure; then score, time and author (ties broken, so input order never matters)."""
    strength = {"negative": 2, "positive": 1, "unsure": 0}[judgement.verdict]
    score = judgement.score if judgement.score is not None else 0.0
    if is_person(judgement):
        return (1, judgement.created_at, strength, score, judgement.author, judgement.verdict)
    return (0, "", strength, score, judgement.created_at, judgement.author)


def effective_judgements(judgements: Iterable[Judgement]) -> dict[tuple[str, str], Judgement]:
    """The judgement that counts for each pair of ids (see rule 1 of the module notes)."""
    best: dict[tuple[str, str], Judgement] = {}
    for judgement in judgements:
        if judgement.a == judgement.b:
            continue
        pair = pair_of(judgement)
        current = best.get(pair)
        if current is None or _rank(judgement) > _rank(current):
            best[pair] = judgement
    return best


def _merge_order(judgement: Judgement) -> tuple[int, str, float, tuple[str, str]]:
    """Sort key of positive edges: persons' first (newest first), then by score (highest first)."""
    score = judgement.score if judgement.score is not None else 0.0
    if is_person(judgement):
        return (0, _descending(judgement.created_at), 0.0, pair_of(judgement))
    return (1, "", -score, pair_of(judgement))


def _descending(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def build_clusters(ids: Iterable[str], judgements: Iterable[Judgement]) -> dict[str, str]:
    """Entity id -> canonical id (the smallest id of its cluster), for every id given and
    every id that a judgement names."""
    with paused_gc():
        return _build_clusters(ids, judgements)


def _build_clusters(ids: Iterable[str], judgements: Iterable[Judgement]) -> dict[str, str]:
    effective = effective_judgements(judgements)
    parent: dict[str, str] = {i: i for i in ids}
    for a, b in effective:
        parent.setdefault(a, a)
        parent.setdefault(b, b)

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    # Walls between clusters: root -> roots it must never join (kept up to date on merges).
    walls: dict[str, set[str]] = {}
    for (a, b), judgement in effective.items():
        if judgement.verdict == "negative":
            walls.setdefault(a, set()).add(b)
            walls.setdefault(b, set()).add(a)

    positives = sorted((j for j in effective.values() if j.verdict == "positive"), key=_merge_order)
    for judgement in positives:
        root_a, root_b = find(judgement.a), find(judgement.b)
        if root_a == root_b or root_b in walls.get(root_a, ()):
            continue
        keep, gone = (root_a, root_b) if root_a < root_b else (root_b, root_a)
        parent[gone] = keep
        moved = walls.pop(gone, set())
        if moved:
            walls.setdefault(keep, set()).update(moved)
            for other in moved:
                wall = walls[other]
                wall.discard(gone)
                wall.add(keep)
    return {entity: find(entity) for entity in parent}
