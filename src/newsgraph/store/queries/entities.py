"""Canonical entities, their per-document members, names, aliases and mentions.

(`+canonical_id IS NULL` keeps SQLite from walking the canonical_id index over every
unresolved entity; the id is looked up by key instead.)

Until resolution has set ``entities.canonical_id``, an entity is its own canonical.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..db import StoreError
from .fts import MAX_QUERY_WORDS, match_words
from .sql import CANONICAL, chunks, marks

FTS_LIMIT = 1000  # entities a full-text name lookup reads at most
CONTAINMENT_BATCH = 250  # places per containment query (each bound twice)


@dataclass(frozen=True, slots=True)
class CanonicalMember:
    """A per-document entity with the canonical id it belongs to."""

    canonical_id: str
    id: str
    type: str
    name: str
    document_id: str


@dataclass(frozen=True, slots=True)
class EntityRef:
    """What a statement's reference to an entity needs: its canonical id, type and own name."""

    id: str
    canonical_id: str
    type: str
    name: str


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: str
    document_id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class EntityMentions:
    """An entity's name in its document and how many mentions it has there."""

    id: str
    document_id: str
    name: str
    mentions: int


@dataclass(frozen=True, slots=True)
class AliasOf:
    """An alias of an entity, with the entity's document."""

    entity_id: str
    name: str
    kind: str
    document_id: str


def canonical_members(
    conn: sqlite3.Connection, canonical_ids: Sequence[str], *, by_id: bool = False
) -> list[CanonicalMember]:
    """The members of the canonical entities (in batches of `canonical_ids` as given; by id in each
    batch when `by_id`)."""
    out: list[CanonicalMember] = []
    order = " ORDER BY id" if by_id else ""
    for part in chunks(canonical_ids):
        rows = conn.execute(
            f"SELECT {CANONICAL} AS canonical, id, type, name, document_id FROM entities"
            f" WHERE canonical_id IN ({marks(part)}) OR (+canonical_id IS NULL AND id IN ({marks(part)}))"
            + order,
            (*part, *part),
        )
        out += [CanonicalMember(*row) for row in rows]
    return out


def member_ids(conn: sqlite3.Connection, canonical_id: str) -> list[str]:
    """The per-document entity ids of one canonical entity, in order."""
    rows = conn.execute(
        "SELECT id FROM entities WHERE canonical_id = ? OR (+canonical_id IS NULL AND id = ?) ORDER BY id",
        (canonical_id, canonical_id),
    )
    return [row["id"] for row in rows]


def canonicals_with_id(conn: sqlite3.Connection, ref: str) -> list[str]:
    """The canonical ids of the entity with id `ref` and of the entities with canonical id `ref`."""
    rows = conn.execute(
        f"SELECT DISTINCT {CANONICAL} AS canonical FROM entities WHERE id = ? OR canonical_id = ?",
        (ref, ref),
    )
    return [row["canonical"] for row in rows]


def canonicals_named(conn: sqlite3.Connection, name: str) -> list[str]:
    """The canonical ids of the entities named or aliased `name` (case-insensitive)."""
    rows = conn.execute(
        f"SELECT DISTINCT {CANONICAL} AS canonical FROM entities WHERE name = ? COLLATE NOCASE"
        " UNION SELECT DISTINCT coalesce(e.canonical_id, e.id) FROM aliases a"
        " JOIN entities e ON e.id = a.entity_id WHERE a.name = ? COLLATE NOCASE",
        (name, name),
    )
    return [row[0] for row in rows]


def canonicals_with_words(conn: sqlite3.Connection, words: Sequence[str]) -> list[str]:
    """The canonical ids of entities whose names or aliases hold every word (full-text, whole words).

    Raises `StoreError` (E083) for more words than a search takes (`fts.MAX_QUERY_WORDS`)."""
    if len(words) > MAX_QUERY_WORDS:
        raise StoreError("E083", count=len(words), limit=MAX_QUERY_WORDS)
    match = match_words(list(words), prefix=False)
    if not match:
        return []
    rows = conn.execute(
        "SELECT DISTINCT coalesce(e.canonical_id, e.id) FROM entities_fts f"
        f" JOIN entities e ON e.id = f.entity_id WHERE entities_fts MATCH ? LIMIT {FTS_LIMIT}",
        (match,),
    )
    return [row[0] for row in rows]


def entity_refs(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[EntityRef]:
    """The entities with these ids (those that exist)."""
    out: list[EntityRef] = []
    for part in chunks(entity_ids):
        rows = conn.execute(
            f"SELECT id, {CANONICAL} AS canonical, type, name FROM entities WHERE id IN ({marks(part)})",
            tuple(part),
        )
        out += [EntityRef(*row) for row in rows]
    return out


def entities_by_id(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[EntityRow]:
    """The entities with these ids, by id in each batch."""
    out: list[EntityRow] = []
    for part in chunks(entity_ids):
        rows = conn.execute(
            f"SELECT id, document_id, name, type FROM entities WHERE id IN ({marks(part)}) ORDER BY id",
            tuple(part),
        )
        out += [EntityRow(*row) for row in rows]
    return out


def entity_mentions(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[EntityMentions]:
    """The entities with these ids, each with its number of mentions."""
    out: list[EntityMentions] = []
    for part in chunks(entity_ids):
        rows = conn.execute(
            "SELECT e.id, e.document_id, e.name, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
            f" AS mentions FROM entities e WHERE e.id IN ({marks(part)})",
            tuple(part),
        )
        out += [EntityMentions(*row) for row in rows]
    return out


def aliases_of(
    conn: sqlite3.Connection, entity_ids: Sequence[str], *, ordered: bool = False
) -> list[AliasOf]:
    """The aliases of these entities (by entity, name and kind in each batch when `ordered`)."""
    out: list[AliasOf] = []
    order = " ORDER BY a.entity_id, a.name, a.kind" if ordered else ""
    for part in chunks(entity_ids):
        rows = conn.execute(
            "SELECT a.entity_id, a.name, a.kind, e.document_id FROM aliases a"
            f" JOIN entities e ON e.id = a.entity_id WHERE a.entity_id IN ({marks(part)}){order}",
            tuple(part),
        )
        out += [AliasOf(*row) for row in rows]
    return out


def mentions_by_document(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[tuple[str, int]]:
    """(document id, mentions of these entities in it), per batch of entities."""
    out: list[tuple[str, int]] = []
    for part in chunks(entity_ids):
        rows = conn.execute(
            "SELECT e.document_id, count(m.entity_id) AS n FROM entities e"
            " LEFT JOIN mentions m ON m.entity_id = e.id"
            f" WHERE e.id IN ({marks(part)}) GROUP BY e.document_id",
            tuple(part),
        )
        out += [(row[0], row[1]) for row in rows]
    return out


def located_in_pairs(conn: sqlite3.Connection, places: Sequence[str]) -> set[tuple[str, str]]:
    """(inner, outer) canonical pairs of affirmed ``located_in`` facts with one end among `places`."""
    pairs: set[tuple[str, str]] = set()
    for part in chunks(places, CONTAINMENT_BATCH):
        rows = conn.execute(
            "SELECT coalesce(i.canonical_id, i.id) AS inner_, coalesce(o.canonical_id, o.id) AS outer_"
            " FROM statements s"
            " JOIN entities i ON i.id = s.subject_id JOIN entities o ON o.id = s.object_id"
            " WHERE s.predicate = 'located_in' AND s.negated = 0"
            f" AND (coalesce(i.canonical_id, i.id) IN ({marks(part)}) OR coalesce(o.canonical_id, o.id)"
            f" IN ({marks(part)}))",
            (*part, *part),
        )
        pairs |= {(row["inner_"], row["outer_"]) for row in rows}
    return pairs


def place_member_ids(conn: sqlite3.Connection, canonical_id: str) -> tuple[str, ...]:
    """Members of a place and of the places stated to lie in it (one step of ``located_in``)."""
    rows = conn.execute(
        f"SELECT id FROM entities WHERE {CANONICAL} IN ("
        "  SELECT ? UNION"
        f"  SELECT coalesce(inner_.canonical_id, inner_.id) FROM statements s"
        "   JOIN entities inner_ ON inner_.id = s.subject_id"
        "   JOIN entities outer_ ON outer_.id = s.object_id"
        "  WHERE s.predicate = 'located_in' AND s.negated = 0"
        "    AND coalesce(outer_.canonical_id, outer_.id) = ?)",
        (canonical_id, canonical_id),
    )
    return tuple(row["id"] for row in rows)
