"""What a canonical entity adds up to, counted in SQL: its members by name and type, the
reports its members come from, the aliases they carry.

A cluster of a common place can hold thousands of members; these queries hand back one
row per distinct (name, type), document root or alias instead of one per member, so a
search page or a profile header costs the same for a cluster of ten and of ten thousand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from .sql import CANONICAL, chunks, marks


def _members(part: Sequence[str], table: str = "") -> str:
    """The members of a batch of canonical ids (each id bound twice: resolved and unresolved)."""
    m, t = marks(part), f"{table}." if table else ""
    return f"{t}canonical_id IN ({m}) OR (+{t}canonical_id IS NULL AND {t}id IN ({m}))"


@dataclass(frozen=True, slots=True)
class NameCount:
    """How many members of a canonical entity have this name and type."""

    canonical_id: str
    name: str
    type: str
    members: int


def member_name_counts(conn: sqlite3.Connection, canonical_ids: Sequence[str]) -> list[NameCount]:
    """(canonical id, name, type, members) for every distinct name and type in each cluster."""
    out: list[NameCount] = []
    for part in chunks(canonical_ids):
        rows = conn.execute(
            f"SELECT {CANONICAL} AS canonical, name, type, count(*) FROM entities"
            f" WHERE {_members(part)} GROUP BY canonical, name, type",
            (*part, *part),
        )
        out += [NameCount(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]
    return out


def report_counts(conn: sqlite3.Connection, canonical_ids: Sequence[str]) -> dict[str, int]:
    """Canonical id -> the reports its members come from, a copy counted as the report it repeats
    (``document_copies``, as `documents.document_roots` does)."""
    out: dict[str, int] = {}
    for part in chunks(canonical_ids):
        rows = conn.execute(
            "SELECT coalesce(e.canonical_id, e.id) AS canonical,"
            " count(DISTINCT coalesce(c.copy_of, e.document_id)) FROM entities e"
            " LEFT JOIN document_copies c ON c.document_id = e.document_id"
            f" WHERE {_members(part, 'e')} GROUP BY canonical",
            (*part, *part),
        )
        out.update({str(r[0]): int(r[1]) for r in rows})
    return out


def alias_names(conn: sqlite3.Connection, canonical_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(canonical id, alias) once for each distinct alias any member of the cluster carries."""
    out: list[tuple[str, str]] = []
    for part in chunks(canonical_ids):
        rows = conn.execute(
            "SELECT DISTINCT coalesce(e.canonical_id, e.id), a.name FROM entities e"
            f" JOIN aliases a ON a.entity_id = e.id WHERE {_members(part, 'e')}",
            (*part, *part),
        )
        out += [(str(r[0]), str(r[1])) for r in rows]
    return out
