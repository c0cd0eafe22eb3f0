"""What cross-document resolution reads (entities, facts, event arguments) and writes (canonical ids,
event groups)."""

from __future__ import annotations

import json
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
    document_id: str = ""
    seq: int = 0  # the document's ingest order
    time_precision: str | None = None
    time_relation: str | None = None
    time_candidates: tuple[int, ...] = ()  # years that agree with a stated weekday (year left open)


@dataclass(frozen=True, slots=True)
class CitedDay:
    """A day a document gives: its publication date, or the time of one of its statements."""

    document_id: str
    value: str


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
    """Every affirmed event statement with its document's publication date and ingest order
    (in ingest order: document, then statement id)."""
    rows = conn.execute(
        "SELECT s.id, s.predicate, coalesce(s.mode, ''), s.time_value, d.published, s.document_id, d.seq,"
        " s.time_precision, s.time_relation, s.qualifiers FROM statements s"
        " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event' AND s.negated = 0"
        " ORDER BY d.seq, s.id"
    ).fetchall()
    out: list[GroupingEvent] = []
    for id, predicate, mode, value, published, document_id, seq, precision, relation, qualifiers in rows:
        candidates = json.loads(qualifiers or "{}").get("time_candidates") or ()
        out.append(
            GroupingEvent(
                id=id,
                predicate=predicate,
                mode=mode,
                time_value=value,
                published=published,
                document_id=document_id,
                seq=seq,
                time_precision=precision,
                time_relation=relation,
                time_candidates=tuple(int(year) for year in candidates),
            )
        )
    return out


def cited_days(conn: sqlite3.Connection) -> list[CitedDay]:
    """The days each document gives: its publication date and the day-precision times of its
    statements (in document order, then value)."""
    rows = conn.execute(
        "SELECT document_id, value FROM ("
        " SELECT id AS document_id, published AS value, seq FROM documents WHERE published IS NOT NULL"
        " UNION SELECT s.document_id, s.time_value, d.seq FROM statements s"
        " JOIN documents d ON d.id = s.document_id"
        " WHERE s.time_precision = 'day' AND s.time_value IS NOT NULL)"
        " ORDER BY seq, value"
    ).fetchall()
    return [CitedDay(*row) for row in rows]


def set_event_groups(conn: sqlite3.Connection, groups: Mapping[str, str]) -> None:
    """Statement id -> event group id, written in one transaction."""
    with conn:
        conn.executemany(
            "UPDATE statements SET event_group = ? WHERE id = ?", [(g, s) for s, g in groups.items()]
        )


@dataclass(frozen=True, slots=True)
class StatedAlias:
    """A name a document gives an entity besides its own ("Northern Liberation Army (NLA)", "also
    known as"), with the ``alias`` statement that states it when there is one."""

    entity_id: str
    type: str
    entity_name: str
    name: str
    kind: str
    document_id: str
    created: str  # the document's ingest time
    statement_id: str | None


@dataclass(frozen=True, slots=True)
class SameAs:
    """An affirmed identity statement between two entities (``alias`` or ``same_as`` with an entity
    object)."""

    subject_id: str
    object_id: str
    statement_id: str
    document_id: str
    created: str


def stated_aliases(conn: sqlite3.Connection) -> list[StatedAlias]:
    """Every alias of an entity, with its entity, document and stating statement (in table order)."""
    rows = conn.execute(
        "SELECT a.entity_id, e.type, e.name, a.name, a.kind, e.document_id, d.ingested_at,"
        " (SELECT s.id FROM statements s WHERE s.subject_id = a.entity_id AND s.kind = 'fact'"
        "  AND s.predicate = 'alias' AND s.negated = 0 AND s.object_literal = a.name ORDER BY s.id LIMIT 1)"
        " FROM aliases a JOIN entities e ON e.id = a.entity_id JOIN documents d ON d.id = e.document_id"
    ).fetchall()
    return [StatedAlias(*row) for row in rows]


def same_as_facts(conn: sqlite3.Connection) -> list[SameAs]:
    """Every affirmed ``alias`` / ``same_as`` fact between two entities (in table order)."""
    rows = conn.execute(
        "SELECT s.subject_id, s.object_id, s.id, s.document_id, d.ingested_at FROM statements s"
        " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'fact' AND s.negated = 0"
        " AND s.predicate IN ('alias', 'same_as') AND s.subject_id IS NOT NULL AND s.object_id IS NOT NULL"
    ).fetchall()
    return [SameAs(*row) for row in rows]
