"""The judgements table: machine, text and person judgements on pairs of entities, and the history
of every judgement a person made."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .identity import current_canonical_id


@dataclass(frozen=True, slots=True)
class ReviewPair:
    """A machine judgement no person has settled, with both entities' names."""

    a: str
    b: str
    verdict: str
    score: float
    name_a: str
    name_b: str
    type: str
    document_a: str
    document_b: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One judgement a person made: who, when, the verdict before and after, the clusters before and
    after (whether the two were one entity), and whether a refusal was overridden."""

    id: int
    a: str
    b: str
    author: str
    verdict_before: str | None  # this author's earlier verdict on the pair; None for a first one
    counted_before: str | None  # the judgement that counted for the pair before: 'machine positive 0.83'
    verdict_after: str
    together_before: bool
    together_after: bool | None  # None while the clusters are being rebuilt
    override: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class JudgementRow:
    a: str
    b: str
    verdict: str
    score: float | None
    author: str
    created_at: str


class JudgementLike(Protocol):
    """What a judgement written to the table carries (``resolve.clusters.Judgement`` has it)."""

    @property
    def a(self) -> str: ...
    @property
    def b(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def author(self) -> str: ...
    @property
    def created_at(self) -> str: ...


def member_id(conn: sqlite3.Connection, ref: str) -> str | None:
    """The entity id for an entity id or a canonical id (the lowest member), a retired canonical id
    standing for its successor; None when unknown."""
    for key in (ref, current_canonical_id(conn, ref)):
        if key is None:
            continue
        row = conn.execute(
            "SELECT id FROM entities WHERE id = ? OR canonical_id = ? ORDER BY id LIMIT 1", (key, key)
        ).fetchone()
        if row is not None:
            return str(row[0])
    return None


def unsettled_machine_pairs(
    conn: sqlite3.Connection, *, bands: Mapping[str, tuple[float, float]] | None = None
) -> list[ReviewPair]:
    """Scored machine judgements on pairs that no person has judged and whose two entities are in
    different clusters or joined by the machine alone (in table order).

    With `bands` (entity type -> (low, high)), only pairs whose score lies in their type's band
    (``low <= score < high``) are kept; a type without a band keeps none. Scores of exactly 0.0 or
    1.0 (a rule's verdict, not a guess) are never kept.
    """
    rows = conn.execute(
        "SELECT j.a, j.b, j.verdict, j.score, ea.name, eb.name, ea.type, ea.document_id, eb.document_id"
        " FROM judgements j JOIN entities ea ON ea.id = j.a JOIN entities eb ON eb.id = j.b"
        " WHERE j.author = 'machine' AND j.score IS NOT NULL AND j.score > 0.0 AND j.score < 1.0"
        " AND NOT EXISTS (SELECT 1 FROM judgements p"
        " WHERE p.a = j.a AND p.b = j.b AND p.author <> 'machine')"
    ).fetchall()
    pairs = [ReviewPair(*row) for row in rows]
    if bands is None:
        return pairs
    return [p for p in pairs if p.type in bands and bands[p.type][0] <= p.score < bands[p.type][1]]


def judgements_between(
    conn: sqlite3.Connection, left: Iterable[str], right: Iterable[str]
) -> list[JudgementRow]:
    """The judgements with one end among `left` and the other among `right` (by time)."""
    x, y = json.dumps(sorted(set(left))), json.dumps(sorted(set(right)))
    rows = conn.execute(
        "SELECT a, b, verdict, score, author, created_at FROM judgements"
        " WHERE (a IN (SELECT value FROM json_each(?)) AND b IN (SELECT value FROM json_each(?)))"
        " OR (a IN (SELECT value FROM json_each(?)) AND b IN (SELECT value FROM json_each(?)))"
        " ORDER BY created_at, a, b, author",
        (x, y, y, x),
    ).fetchall()
    return [JudgementRow(*row) for row in rows]


def judgements_among(conn: sqlite3.Connection, ids: Iterable[str]) -> list[JudgementRow]:
    """The judgements with both ends among `ids` (by time)."""
    return judgements_between(conn, ids, ids)


def all_judgements(conn: sqlite3.Connection) -> list[JudgementRow]:
    """Every judgement, in table order."""
    rows = conn.execute("SELECT a, b, verdict, score, author, created_at FROM judgements").fetchall()
    return [JudgementRow(*row) for row in rows]


def replace_machine_judgements(conn: sqlite3.Connection, judgements: Iterable[JudgementLike]) -> None:
    """Delete the machine's judgements and write `judgements` (machine and text), in one transaction."""
    with conn:
        conn.execute("DELETE FROM judgements WHERE author = 'machine'")
        conn.executemany(
            "INSERT OR REPLACE INTO judgements (a, b, verdict, score, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (j.a, j.b, j.verdict, j.score, j.author, getattr(j, "reason", None), j.created_at)
                for j in judgements
            ],
        )


def record_judgement(conn: sqlite3.Connection, judgement: JudgementLike) -> None:
    """Write one judgement (replacing the pair's judgement by the same author), in one transaction.

    A person's judgement is also kept in ``judgement_history``, in the same transaction, with the
    author's earlier verdict on the pair and whether the two were one cluster before;
    `complete_history` adds the clusters after.
    """
    j = judgement
    with conn:
        if j.author.startswith("person:"):
            before = conn.execute(
                "SELECT verdict FROM judgements WHERE a = ? AND b = ? AND author = ?", (j.a, j.b, j.author)
            ).fetchone()
            together = _canonical(conn, j.a) == _canonical(conn, j.b)
            conn.execute(
                "INSERT INTO judgement_history (a, b, author, verdict_before, verdict_after, together_before,"
                " together_after, override, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 0, ?)",
                (
                    j.a,
                    j.b,
                    j.author,
                    None if before is None else before[0],
                    j.verdict,
                    int(together),
                    j.created_at,
                ),
            )
        conn.execute(
            "INSERT OR REPLACE INTO judgements (a, b, verdict, score, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (j.a, j.b, j.verdict, j.score, j.author, None, j.created_at),
        )


def _canonical(conn: sqlite3.Connection, entity_id: str) -> str:
    row = conn.execute(
        "SELECT coalesce(canonical_id, id) FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    return entity_id if row is None else str(row[0])


def complete_history(
    conn: sqlite3.Connection,
    a: str,
    b: str,
    author: str,
    *,
    together_after: bool,
    override: bool,
    counted_before: str | None = None,
) -> None:
    """Add to the author's latest history entry on the pair whether the two are one cluster now,
    whether the judgement overrode a refusal and what counted before (one transaction)."""
    lo, hi = sorted((a, b))
    with conn:
        conn.execute(
            "UPDATE judgement_history SET together_after = ?, override = ?, counted_before = ? WHERE id = ("
            " SELECT max(id) FROM judgement_history WHERE a = ? AND b = ? AND author = ?)",
            (int(together_after), int(override), counted_before, lo, hi, author),
        )


def judgement_history(conn: sqlite3.Connection, ids: Iterable[str]) -> list[HistoryRow]:
    """The history entries with an end among `ids` (entity ids), oldest first."""
    wanted = json.dumps(sorted(set(ids)))
    rows = conn.execute(
        "SELECT id, a, b, author, verdict_before, counted_before, verdict_after, together_before,"
        " together_after, override, created_at FROM judgement_history"
        " WHERE a IN (SELECT value FROM json_each(?)) OR b IN (SELECT value FROM json_each(?)) ORDER BY id",
        (wanted, wanted),
    ).fetchall()
    return [
        HistoryRow(
            id=int(r[0]),
            a=r[1],
            b=r[2],
            author=r[3],
            verdict_before=r[4],
            counted_before=r[5],
            verdict_after=r[6],
            together_before=bool(r[7]),
            together_after=None if r[8] is None else bool(r[8]),
            override=bool(r[9]),
            created_at=r[10],
        )
        for r in rows
    ]
