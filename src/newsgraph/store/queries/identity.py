"""Stable canonical ids: the id a reference names now, retired ids and their successors.

A canonical id is always the entity id of one of its cluster's members. When
resolution merges two clusters, the id given up is *retired*: ``canonical_redirects``
points it to the id kept; when it splits one, the parts that leave get a new id and
``canonical_changes`` logs both kinds of change. `current_canonical_id` is the one
function that turns any id ever shown (an entity id, a live canonical id, a retired
one) into the canonical id it stands for now; the CLI, the read models, the exports
and the HTTP API all call it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .sql import CANONICAL

MAX_HOPS = 64  # redirect chains are compressed on write; this only guards against a broken table


@dataclass(frozen=True, slots=True)
class CanonicalChange:
    """A merge (``old_id`` retired into ``new_id``) or a split (members of ``old_id`` left for ``new_id``)."""

    old_id: str
    new_id: str
    change: str  # 'merge' or 'split'
    members: int  # entities that moved
    created_at: str


@dataclass(frozen=True, slots=True)
class IdentityPlan:
    """What one rebuild of the clusters writes: the canonical id of every entity, and the changes."""

    canonical: Mapping[str, str]  # entity id -> canonical id
    retired: Mapping[str, str]  # canonical id given up -> the id its cluster kept
    changes: tuple[tuple[str, str, str, int], ...]  # (old id, new id, 'merge' | 'split', members)
    updates: Mapping[str, str] | None = None  # the entities whose canonical id changes (None: all)


def current_canonical_id(conn: sqlite3.Connection, ref: str) -> str | None:
    """The canonical id `ref` stands for now: an entity id gives its cluster's id, a live canonical
    id itself, a retired canonical id its successor; None when the base has never known `ref`."""
    row = conn.execute(f"SELECT {CANONICAL} FROM entities WHERE id = ?", (ref,)).fetchone()
    if row is not None:
        return str(row[0])
    seen = {ref}
    current = ref
    for _ in range(MAX_HOPS):
        hop = conn.execute("SELECT new_id FROM canonical_redirects WHERE old_id = ?", (current,)).fetchone()
        if hop is None:
            break
        current = str(hop[0])
        live = conn.execute(f"SELECT {CANONICAL} FROM entities WHERE id = ?", (current,)).fetchone()
        if live is not None:
            return str(live[0])
        if current in seen:
            break
        seen.add(current)
    return None


def stored_canonical_ids(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Entity id -> the canonical id resolution last wrote (None while never resolved)."""
    return {str(r[0]): r[1] for r in conn.execute("SELECT id, canonical_id FROM entities")}


def entity_ages(conn: sqlite3.Connection) -> dict[str, int]:
    """Entity id -> its document's ingest sequence number (lower is older)."""
    rows = conn.execute("SELECT e.id, d.seq FROM entities e JOIN documents d ON d.id = e.document_id")
    return {str(r[0]): int(r[1]) for r in rows}


def write_identity(conn: sqlite3.Connection, plan: IdentityPlan, *, created_at: str) -> None:
    """Write canonical ids, redirects of retired ids (chains compressed) and the change log, in one
    transaction; an id that is live again loses its redirect."""
    with conn:
        changed = plan.canonical if plan.updates is None else plan.updates
        conn.executemany(
            "UPDATE entities SET canonical_id = ? WHERE id = ?", [(c, e) for e, c in changed.items()]
        )
        for old, new in sorted(plan.retired.items()):
            conn.execute("UPDATE canonical_redirects SET new_id = ? WHERE new_id = ?", (new, old))
            conn.execute(
                "INSERT OR REPLACE INTO canonical_redirects (old_id, new_id, created_at) VALUES (?, ?, ?)",
                (old, new, created_at),
            )
        conn.execute(
            "DELETE FROM canonical_redirects WHERE EXISTS"
            " (SELECT 1 FROM entities e WHERE e.canonical_id = canonical_redirects.old_id)"
        )
        conn.executemany(
            "INSERT INTO canonical_changes (old_id, new_id, change, members, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(*change, created_at) for change in plan.changes],
        )


def retired_ids(conn: sqlite3.Connection, canonical_ids: Iterable[str]) -> dict[str, list[str]]:
    """Canonical id -> the retired ids that now point to it (sorted), for the ids given."""
    wanted = sorted(set(canonical_ids))
    out: dict[str, list[str]] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        rows = conn.execute(
            "SELECT new_id, old_id FROM canonical_redirects"
            f" WHERE new_id IN ({', '.join('?' * len(part))}) ORDER BY new_id, old_id",
            tuple(part),
        )
        for new, old in rows:
            out.setdefault(str(new), []).append(str(old))
    return out


def all_redirects(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every (retired id, successor, when), by retired id."""
    rows = conn.execute("SELECT old_id, new_id, created_at FROM canonical_redirects ORDER BY old_id")
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def canonical_changes(conn: sqlite3.Connection, ids: Iterable[str]) -> list[CanonicalChange]:
    """The merges and splits that involve any of these ids (as old or new id), oldest first."""
    wanted = json.dumps(sorted(set(ids)))
    rows = conn.execute(
        "SELECT old_id, new_id, change, members, created_at FROM canonical_changes"
        " WHERE old_id IN (SELECT value FROM json_each(?)) OR new_id IN (SELECT value FROM json_each(?))"
        " ORDER BY id",
        (wanted, wanted),
    )
    return [CanonicalChange(*row) for row in rows]
