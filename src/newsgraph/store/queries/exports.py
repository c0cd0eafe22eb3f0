"""The bulk reads of the exports: CSV tables, the actor network, FtM entity types."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .sql import CANONICAL, marks

# file name -> (header, query); the header names the query's columns in order.
_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "documents.csv": (
        (
            "id",
            "title",
            "published",
            "source",
            "language",
            "content_hash",
            "ingested_at",
            "extractor_version",
        ),
        "SELECT id, title, published, source, language, content_hash, ingested_at, extractor_version"
        " FROM documents ORDER BY seq",
    ),
    "members.csv": (
        ("entity_id", "canonical_id", "document_id", "local_id", "type", "name"),
        f"SELECT id, {CANONICAL}, document_id, local_id, type, name FROM entities ORDER BY {CANONICAL}, id",
    ),
    "aliases.csv": (
        ("entity_id", "canonical_id", "name", "kind"),
        "SELECT a.entity_id, coalesce(e.canonical_id, e.id), a.name, a.kind FROM aliases a"
        " JOIN entities e ON e.id = a.entity_id ORDER BY a.entity_id, a.name, a.kind",
    ),
    "mentions.csv": (
        ("entity_id", "start", "end", "text"),
        'SELECT entity_id, start, "end", text FROM mentions ORDER BY entity_id, start',
    ),
    "statements.csv": (
        (
            "id",
            "document_id",
            "local_id",
            "kind",
            "predicate",
            "mode",
            "subject_id",
            "subject_canonical_id",
            "subject_name",
            "object_id",
            "object_canonical_id",
            "object_name",
            "object_literal",
            "qualifiers",
            "trigger_start",
            "trigger_end",
            "trigger_text",
            "time_text",
            "time_value",
            "time_precision",
            "time_relation",
            "source_id",
            "source_canonical_id",
            "source_name",
            "hedged",
            "negated",
            "evidence_start",
            "evidence_end",
            "evidence_text",
            "confidence",
            "extractor",
            "extractor_version",
            "event_group",
        ),  # fmt: skip
        "SELECT s.id, s.document_id, s.local_id, s.kind, s.predicate, s.mode,"
        " s.subject_id, coalesce(su.canonical_id, su.id), su.name,"
        " s.object_id, coalesce(ob.canonical_id, ob.id), ob.name, s.object_literal, s.qualifiers,"
        " s.trigger_start, s.trigger_end, s.trigger_text,"
        " s.time_text, s.time_value, s.time_precision, s.time_relation,"
        " s.source_id, coalesce(so.canonical_id, so.id), so.name, s.hedged, s.negated,"
        " s.evidence_start, s.evidence_end, s.evidence_text, s.confidence, s.extractor, s.extractor_version,"
        " coalesce(s.event_group, s.id)"
        " FROM statements s LEFT JOIN entities su ON su.id = s.subject_id"
        " LEFT JOIN entities ob ON ob.id = s.object_id LEFT JOIN entities so ON so.id = s.source_id"
        " ORDER BY s.document_id, s.kind DESC, s.local_id",
    ),
    "arguments.csv": (
        ("statement_id", "role", "entity_id", "canonical_id", "name"),
        "SELECT a.statement_id, a.role, a.entity_id, coalesce(e.canonical_id, e.id), e.name FROM arguments a"
        " LEFT JOIN entities e ON e.id = a.entity_id ORDER BY a.statement_id, a.role, a.entity_id",
    ),
    "judgements.csv": (
        ("a", "b", "verdict", "score", "author", "reason", "created_at"),
        "SELECT a, b, verdict, score, author, reason, created_at FROM judgements ORDER BY a, b, author",
    ),
    # A canonical id that a merge retired, and the id that succeeded it (stable ids).
    "redirects.csv": (
        ("old_id", "new_id", "created_at"),
        "SELECT old_id, new_id, created_at FROM canonical_redirects ORDER BY old_id",
    ),
    # A document that repeats another report (not corroboration), with their shingle similarity.
    "copies.csv": (
        ("document_id", "copy_of", "similarity"),
        "SELECT document_id, copy_of, similarity FROM document_copies ORDER BY document_id",
    ),
}
# The tables `table_rows` reads, by file name: the columns of each row, in order.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {name: header for name, (header, _sql) in _TABLES.items()}


@dataclass(frozen=True, slots=True)
class MemberWithAliases:
    """A per-document entity with its canonical id and its aliases."""

    canonical_id: str
    id: str
    type: str
    name: str
    document_id: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorMentions:
    canonical_id: str
    type: str
    mentions: int  # of this per-document entity


@dataclass(frozen=True, slots=True)
class FactTie:
    """An affirmed fact between two entities, by their canonical ids."""

    a: str
    b: str
    predicate: str
    document_id: str


@dataclass(frozen=True, slots=True)
class EventActor:
    """An entity taking part in an affirmed event, by its canonical id."""

    id: str  # the event statement
    predicate: str
    mode: str | None
    document_id: str
    actor: str


def table_rows(conn: sqlite3.Connection, name: str) -> Iterator[tuple[object, ...]]:
    """The rows of one table of `TABLE_COLUMNS`, in a stable order."""
    for row in conn.execute(_TABLES[name][1]):
        yield tuple(row)


def canonical_ids(conn: sqlite3.Connection) -> Iterator[str]:
    """Every canonical entity id, in order."""
    for row in conn.execute(f"SELECT DISTINCT {CANONICAL} FROM entities ORDER BY 1"):
        yield row[0]


def members_with_aliases(conn: sqlite3.Connection) -> Iterator[MemberWithAliases]:
    """Every entity with its aliases, by canonical id, then id."""
    rows = conn.execute(
        f"SELECT {CANONICAL} AS canonical, e.id, e.type, e.name, e.document_id,"
        " (SELECT group_concat(a.name, char(31)) FROM aliases a WHERE a.entity_id = e.id) AS aliases"
        f" FROM entities e ORDER BY {CANONICAL}, e.id"
    )
    for row in rows:
        aliases = tuple(name for name in (row["aliases"] or "").split("\x1f") if name)
        yield MemberWithAliases(row[0], row[1], row[2], row[3], row[4], aliases)


def canonical_type_counts(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(canonical id, type, members of that type): by canonical id, most frequent type first."""
    rows = conn.execute(
        "SELECT coalesce(canonical_id, id) AS canonical, type, count(*) AS n FROM entities"
        " GROUP BY canonical, type ORDER BY canonical, n DESC, type"
    )
    return [(row[0], row[1], row[2]) for row in rows]


def actor_mentions(conn: sqlite3.Connection, types: Sequence[str]) -> list[ActorMentions]:
    """Every entity of these types, with its canonical id and number of mentions."""
    rows = conn.execute(
        f"SELECT {CANONICAL} AS canonical, e.type,"
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n"
        f" FROM entities e WHERE e.type IN ({marks(types)})",
        tuple(types),
    )
    return [ActorMentions(*row) for row in rows]


def fact_ties(conn: sqlite3.Connection, *, excluded: Sequence[str]) -> list[FactTie]:
    """Every affirmed fact between two entities, but those of the `excluded` predicates."""
    rows = conn.execute(
        "SELECT coalesce(su.canonical_id, su.id) AS a, coalesce(ob.canonical_id, ob.id) AS b, s.predicate,"
        " s.document_id FROM statements s JOIN entities su ON su.id = s.subject_id"
        " JOIN entities ob ON ob.id = s.object_id"
        f" WHERE s.kind = 'fact' AND s.negated = 0 AND s.predicate NOT IN ({marks(excluded)})",
        tuple(excluded),
    )
    return [FactTie(*row) for row in rows]


def event_actors(conn: sqlite3.Connection, types: Sequence[str]) -> list[EventActor]:
    """The arguments of these entity types in affirmed events, by event statement id."""
    rows = conn.execute(
        "SELECT s.id, s.predicate, s.mode, s.document_id, coalesce(e.canonical_id, e.id) AS actor"
        " FROM statements s JOIN arguments a ON a.statement_id = s.id JOIN entities e ON e.id = a.entity_id"
        f" WHERE s.kind = 'event' AND s.negated = 0 AND e.type IN ({marks(types)}) ORDER BY s.id",
        tuple(types),
    )
    return [EventActor(*row) for row in rows]
