"""What cross-document resolution reads (entities, facts, event arguments) and writes (canonical ids,
event groups)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from .entities import EntityRow


@dataclass(frozen=True, slots=True)
class AliasRow:
    entity_id: str
    name: str


@dataclass(frozen=True, slots=True)
class ProfileFact:
    """An affirmed fact about an entity, as resolution profiles read it."""

    predicate: str
    subject_id: str
    object_id: str | None
    object_literal: str | None


@dataclass(frozen=True, slots=True)
class NotSameAs:
    """An affirmed 'X is not the same as Y' fact, with its document's ingest time."""

    subject_id: str
    object_id: str
    created: str


@dataclass(frozen=True, slots=True)
class ArgumentRow:
    statement_id: str
    role: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class GroupingEvent:
    """An affirmed event statement, as cross-document event grouping reads it."""

    id: str
    predicate: str
    mode: str  # '' when none
    time_value: str | None
    published: str | None


def entity_ids(conn: sqlite3.Connection) -> list[str]:
    """Every entity id (in table order)."""
    return [row[0] for row in conn.execute("SELECT id FROM entities")]


def all_entities(conn: sqlite3.Connection) -> list[EntityRow]:
    """Every entity (in table order)."""
    rows = conn.execute("SELECT id, type, name, document_id FROM entities")
    return [EntityRow(id=row[0], document_id=row[3], name=row[2], type=row[1]) for row in rows]


def all_aliases(conn: sqlite3.Connection) -> list[AliasRow]:
    """Every alias (in table order)."""
    return [AliasRow(*row) for row in conn.execute("SELECT entity_id, name FROM aliases")]


def profile_facts(conn: sqlite3.Connection) -> list[ProfileFact]:
    """Every affirmed fact with a subject entity (in table order)."""
    rows = conn.execute(
        "SELECT predicate, subject_id, object_id, object_literal FROM statements"
        " WHERE kind = 'fact' AND negated = 0 AND subject_id IS NOT NULL"
    )
    return [ProfileFact(*row) for row in rows]


def not_same_as_facts(conn: sqlite3.Connection) -> list[NotSameAs]:
    """Every affirmed ``not_same_as`` fact between two entities (in table order)."""
    rows = conn.execute(
        "SELECT subject_id, object_id, created FROM ("
        " SELECT s.subject_id, s.object_id, d.ingested_at AS created FROM statements s"
        " JOIN documents d ON d.id = s.document_id"
        " WHERE s.kind = 'fact' AND s.predicate = 'not_same_as' AND s.negated = 0"
        " AND s.subject_id IS NOT NULL AND s.object_id IS NOT NULL)"
    ).fetchall()
    return [NotSameAs(*row) for row in rows]


def set_canonical_ids(conn: sqlite3.Connection, clusters: Mapping[str, str]) -> None:
    """Entity id -> canonical id, written in one transaction."""
    with conn:
        conn.executemany(
            "UPDATE entities SET canonical_id = ? WHERE id = ?", [(c, e) for e, c in clusters.items()]
        )


def canonical_of_entities(conn: sqlite3.Connection) -> dict[str, str]:
    """Entity id -> canonical id (the entity's own id while unresolved)."""
    return dict(conn.execute("SELECT id, coalesce(canonical_id, id) FROM entities").fetchall())


def all_arguments(conn: sqlite3.Connection) -> list[ArgumentRow]:
    """Every event argument (in table order)."""
    return [ArgumentRow(*row) for row in conn.execute("SELECT statement_id, role, entity_id FROM arguments")]


def grouping_events(conn: sqlite3.Connection) -> list[GroupingEvent]:
    """Every affirmed event statement with its document's publication date (in table order)."""
    rows = conn.execute(
        "SELECT s.id, s.predicate, coalesce(s.mode, ''), s.time_value, d.published FROM statements s"
        " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event' AND s.negated = 0"
    ).fetchall()
    return [GroupingEvent(*row) for row in rows]


def set_event_groups(conn: sqlite3.Connection, groups: Mapping[str, str]) -> None:
    """Statement id -> event group id, written in one transaction."""
    with conn:
        conn.executemany(
            "UPDATE statements SET event_group = ? WHERE id = ?", [(g, s) for s, g in groups.items()]
        )
