"""Statements with their provenance, event arguments, and the event-group listing.

Cross-document event grouping sets ``statements.event_group``; until it has, a
statement is its own group.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .sql import chunks, marks

_STATEMENT_COLUMNS = (
    "s.id, s.document_id, d.published, s.kind, s.predicate, s.mode, s.subject_id, s.object_id,"
    " s.object_literal, s.qualifiers, s.trigger_start, s.trigger_end, s.trigger_text, s.time_text,"
    " s.time_value, s.time_precision, s.time_relation, s.source_id, s.hedged, s.negated,"
    " s.evidence_start, s.evidence_end, s.evidence_text, s.confidence, s.extractor,"
    " coalesce(s.event_group, s.id) AS event_group"
)
_STATEMENTS_FROM = "statements s JOIN documents d ON d.id = s.document_id"
# SQL for a claim's date: its time value when that starts with a year, else its document's date.
_CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"
PAGE = 1000  # statements read at once by `iter_statement_pages`


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One row of the statements table, with its document's publication date."""

    id: str
    document_id: str
    published: str | None
    kind: str
    predicate: str
    mode: str | None
    subject_id: str | None
    object_id: str | None
    object_literal: str | None
    qualifiers: str | None  # JSON
    trigger_start: int | None
    trigger_end: int | None
    trigger_text: str | None
    time_text: str | None
    time_value: str | None
    time_precision: str | None
    time_relation: str | None
    source_id: str | None
    hedged: int
    negated: int
    evidence_start: int
    evidence_end: int
    evidence_text: str
    confidence: float
    extractor: str | None
    event_group: str  # the statement's own id when it is in no group


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which event groups `event_group_ids` selects; each field left None selects everything."""

    type: str | None = None  # PLOVER type ('COERCE'), mode ('arrest') or both ('COERCE/arrest')
    entities: tuple[str, ...] | None = None  # entity ids, any role
    places: tuple[str, ...] | None = None  # entity ids in the 'place' role
    since: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    until: str | None = None


def _fetch(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[StatementRow]:
    sql = f"SELECT {_STATEMENT_COLUMNS} FROM {_STATEMENTS_FROM} WHERE {where}"
    return [StatementRow(*row) for row in conn.execute(sql, tuple(params))]


def statements_by_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[StatementRow]:
    """The statements with these ids, in batches of ids in order."""
    rows: list[StatementRow] = []
    for part in chunks(sorted(set(ids))):
        rows += _fetch(conn, f"s.id IN ({marks(part)})", part)
    return rows


def facts_with_subject(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[StatementRow]:
    """The facts whose subject is one of these entities."""
    rows: list[StatementRow] = []
    for part in chunks(entity_ids):
        rows += _fetch(conn, f"s.kind = 'fact' AND s.subject_id IN ({marks(part)})", part)
    return rows


def facts_with_object(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[StatementRow]:
    """The facts whose object is one of these entities."""
    rows: list[StatementRow] = []
    for part in chunks(entity_ids):
        rows += _fetch(conn, f"s.kind = 'fact' AND s.object_id IN ({marks(part)})", part)
    return rows


def events_in_groups(conn: sqlite3.Connection, groups: Sequence[str]) -> list[StatementRow]:
    """The event statements of these event groups (a statement in no group is its own)."""
    rows: list[StatementRow] = []
    for part in chunks(groups):
        rows += _fetch(
            conn,
            f"+s.kind = 'event' AND (s.event_group IN ({marks(part)})"
            # `+`: look the ids up by key; the event_group index would walk every fact (all NULL)
            f" OR (+s.event_group IS NULL AND s.id IN ({marks(part)})))",
            (*part, *part),
        )
    return rows


def statements_of_document(conn: sqlite3.Connection, document_id: str) -> list[StatementRow]:
    """The facts and events of one document, by evidence offset."""
    return _fetch(conn, "s.document_id = ? ORDER BY s.evidence_start, s.evidence_end, s.id", (document_id,))


def iter_statement_pages(conn: sqlite3.Connection, *, page: int = PAGE) -> Iterator[list[StatementRow]]:
    """Every statement (facts, then events, by document), `page` at a time."""
    cursor = conn.execute(
        f"SELECT {_STATEMENT_COLUMNS} FROM {_STATEMENTS_FROM} ORDER BY s.kind DESC, s.document_id, s.local_id"
    )
    while rows := cursor.fetchmany(page):
        yield [StatementRow(*row) for row in rows]


def arguments_of(conn: sqlite3.Connection, statement_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Statement id -> [(role, entity id)] for event statements."""
    out: dict[str, list[tuple[str, str]]] = {}
    for part in chunks(sorted(set(statement_ids))):
        rows = conn.execute(
            f"SELECT statement_id, role, entity_id FROM arguments WHERE statement_id IN ({marks(part)})"
            " ORDER BY statement_id, role, entity_id",
            tuple(part),
        )
        for row in rows:
            out.setdefault(row["statement_id"], []).append((row["role"], row["entity_id"]))
    return out


def statements_with_arguments(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(statement id, entity id) of every argument naming one of these entities."""
    out: list[tuple[str, str]] = []
    for part in chunks(entity_ids):
        rows = conn.execute(
            f"SELECT statement_id, entity_id FROM arguments WHERE entity_id IN ({marks(part)})", tuple(part)
        )
        out += [(row[0], row[1]) for row in rows]
    return out


def _where(selection: EventFilter) -> tuple[str, list[object]]:
    clauses = ["s.kind = 'event'"]
    params: list[object] = []
    if selection.type:
        kind, _, mode = selection.type.partition("/")
        if mode:
            clauses.append("upper(s.predicate) = upper(?) AND lower(s.mode) = lower(?)")
            params += [kind, mode]
        else:
            clauses.append("(upper(s.predicate) = upper(?) OR lower(s.mode) = lower(?))")
            params += [kind, kind]
    if selection.entities is not None:
        clauses.append(
            # driven from arguments_entity: an EXISTS per statement would scan every statement
            "s.id IN (SELECT a.statement_id FROM arguments a"
            " WHERE a.entity_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(list(selection.entities)))
    if selection.places is not None:
        clauses.append(
            "s.id IN (SELECT a.statement_id FROM arguments a WHERE a.role = 'place'"
            " AND a.entity_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(list(selection.places)))
    # A date of lower precision matches when its period overlaps the range: '2021-03' is
    # compared with the first seven characters of the bound.
    if selection.since:
        clauses.append(f"({_CLAIM_DATE}) >= substr(?, 1, length({_CLAIM_DATE}))")
        params.append(selection.since)
    if selection.until:
        clauses.append(f"({_CLAIM_DATE}) <= substr(?, 1, length({_CLAIM_DATE}))")
        params.append(selection.until)
    return " AND ".join(clauses), params


def event_group_ids(
    conn: sqlite3.Connection, *, selection: EventFilter | None = None, limit: int | None = None
) -> list[str]:
    """The event groups with a claim matching `selection`; at most `limit`.

    In time order: by the earliest date a claim gives (its time value, else its
    document's date), then by the earliest publication date; undated groups last.
    """
    where, params = _where(selection or EventFilter())
    sql = (
        f"SELECT coalesce(s.event_group, s.id) AS grp, min({_CLAIM_DATE}) AS first,"
        " min(d.published) AS published"
        f" FROM statements s JOIN documents d ON d.id = s.document_id WHERE {where}"
        " GROUP BY grp ORDER BY first IS NULL, first, published IS NULL, published, grp"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row["grp"] for row in conn.execute(sql, tuple(params))]


def affirmed_event_groups(conn: sqlite3.Connection) -> list[str]:
    """Every event group with an affirmed claim, in order."""
    rows = conn.execute(
        "SELECT DISTINCT coalesce(event_group, id) FROM statements"
        " WHERE kind = 'event' AND negated = 0 ORDER BY 1"
    )
    return [row[0] for row in rows]
