"""The judgements table: machine, text and person judgements on pairs of entities."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


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
    """The entity id for an entity id or a canonical id (the lowest member), None when unknown."""
    row = conn.execute(
        "SELECT id FROM entities WHERE id = ? OR canonical_id = ? ORDER BY id LIMIT 1", (ref, ref)
    ).fetchone()
    return None if row is None else str(row[0])


def unsettled_machine_pairs(conn: sqlite3.Connection) -> list[ReviewPair]:
    """Scored machine judgements on pairs that no person has judged (in table order)."""
    rows = conn.execute(
        "SELECT j.a, j.b, j.verdict, j.score, ea.name, eb.name, ea.type, ea.document_id, eb.document_id"
        " FROM judgements j JOIN entities ea ON ea.id = j.a JOIN entities eb ON eb.id = j.b"
        " WHERE j.author = 'machine' AND j.score IS NOT NULL AND NOT EXISTS (SELECT 1 FROM judgements p"
        " WHERE p.a = j.a AND p.b = j.b AND p.author LIKE 'person:%')"
    ).fetchall()
    return [ReviewPair(*row) for row in rows]


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
            [(j.a, j.b, j.verdict, j.score, j.author, None, j.created_at) for j in judgements],
        )


def record_judgement(conn: sqlite3.Connection, judgement: JudgementLike) -> None:
    """Write one judgement (replacing the pair's judgement by the same author), in one transaction."""
    j = judgement
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO judgements (a, b, verdict, score, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (j.a, j.b, j.verdict, j.score, j.author, None, j.created_at),
        )
