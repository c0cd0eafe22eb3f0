"""Canonical entities with their statements, read in batches for the exports."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TypedDict

from ..explore.kb import (
    CANONICAL,
    Refs,
    StatementJSON,
    canonical_info,
    chunks,
    fetch_statements,
    marks,
    to_json,
)

BATCH = 200  # canonical entities read at once


class AliasRecordJSON(TypedDict):
    name: str
    kind: str
    entity_id: str
    document_id: str


class MemberRecordJSON(TypedDict):
    id: str
    document_id: str
    name: str
    type: str


class EntityRecordJSON(TypedDict):
    """One canonical entity: its names, the per-document entities it joins, and its statements.

    ``statements`` holds the facts whose subject is a member and the events in which
    a member takes part (in any role), each with its document id and evidence.
    """

    id: str
    type: str
    name: str
    names: list[str]
    aliases: list[AliasRecordJSON]
    members: list[MemberRecordJSON]
    documents: list[str]
    statements: list[StatementJSON]


def canonical_ids(conn: sqlite3.Connection) -> Iterator[str]:
    """Every canonical entity id, in order."""
    for row in conn.execute(f"SELECT DISTINCT {CANONICAL} FROM entities ORDER BY 1"):
        yield row[0]


def iter_entity_records(conn: sqlite3.Connection, *, batch: int = BATCH) -> Iterator[EntityRecordJSON]:
    """Every canonical entity as an `EntityRecordJSON`, in id order, `batch` at a time."""
    pending: list[str] = []
    for key in canonical_ids(conn):
        pending.append(key)
        if len(pending) >= batch:
            yield from entity_records(conn, pending)
            pending = []
    if pending:
        yield from entity_records(conn, pending)


def entity_records(conn: sqlite3.Connection, keys: list[str]) -> list[EntityRecordJSON]:
    """The records of the canonical entities `keys` (in that order)."""
    info = canonical_info(conn, keys)
    members: dict[str, list[MemberRecordJSON]] = {}
    canonical_of: dict[str, str] = {}
    for part in chunks(keys):
        rows = conn.execute(
            f"SELECT {CANONICAL} AS canonical, id, document_id, name, type FROM entities"
            f" WHERE canonical_id IN ({marks(part)}) OR (canonical_id IS NULL AND id IN ({marks(part)}))"
            " ORDER BY id",
            (*part, *part),
        )
        for row in rows:
            members.setdefault(row["canonical"], []).append(
                MemberRecordJSON(
                    id=row["id"], document_id=row["document_id"], name=row["name"], type=row["type"]
                )
            )
            canonical_of[row["id"]] = row["canonical"]
    ids = sorted(canonical_of)
    aliases: dict[str, list[AliasRecordJSON]] = {}
    fact_rows: list[sqlite3.Row] = []
    event_members: dict[str, set[str]] = {}
    for part in chunks(ids):
        rows = conn.execute(
            "SELECT a.entity_id, a.name, a.kind, e.document_id"
            " FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE a.entity_id IN ({marks(part)}) ORDER BY a.entity_id, a.name, a.kind",
            tuple(part),
        )
        for row in rows:
            aliases.setdefault(canonical_of[row["entity_id"]], []).append(
                AliasRecordJSON(
                    name=row["name"],
                    kind=row["kind"],
                    entity_id=row["entity_id"],
                    document_id=row["document_id"],
                )
            )
        fact_rows += fetch_statements(conn, f"s.kind = 'fact' AND s.subject_id IN ({marks(part)})", part)
        rows = conn.execute(
            f"SELECT statement_id, entity_id FROM arguments WHERE entity_id IN ({marks(part)})", tuple(part)
        )
        for row in rows:
            event_members.setdefault(row["statement_id"], set()).add(canonical_of[row["entity_id"]])
    event_rows: list[sqlite3.Row] = []
    for part in chunks(sorted(event_members)):
        event_rows += fetch_statements(conn, f"s.id IN ({marks(part)})", part)
    statements = to_json([*fact_rows, *event_rows], conn=conn, refs=Refs(conn))
    by_canonical: dict[str, list[StatementJSON]] = {}
    for statement in statements:
        if statement["kind"] == "fact" and statement["subject"] is not None:
            by_canonical.setdefault(canonical_of[statement["subject"]["id"]], []).append(statement)
        else:
            for key in sorted(event_members.get(statement["id"], ())):
                by_canonical.setdefault(key, []).append(statement)
    records: list[EntityRecordJSON] = []
    for key in keys:
        if key not in info:
            continue
        own = sorted(
            by_canonical.get(key, []),
            key=lambda s: (s["kind"], s["document_id"], s["evidence"]["start"], s["id"]),
        )
        records.append(
            EntityRecordJSON(
                id=key,
                type=info[key].type,
                name=info[key].name,
                names=sorted({m["name"] for m in members[key]}),
                aliases=aliases.get(key, []),
                members=members[key],
                documents=sorted({m["document_id"] for m in members[key]}),
                statements=own,
            )
        )
    return records
