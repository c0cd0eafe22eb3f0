"""Canonical entities with their statements, read in batches for the exports."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TypedDict

from ..explore.kb import Refs, StatementJSON, canonical_info, to_json
from ..store import queries

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
    retired_ids: list[str]  # canonical ids merged into this one (an earlier export may hold them)
    type: str
    name: str
    names: list[str]
    aliases: list[AliasRecordJSON]
    members: list[MemberRecordJSON]
    documents: list[str]
    statements: list[StatementJSON]


def canonical_ids(conn: sqlite3.Connection) -> Iterator[str]:
    """Every canonical entity id, in order."""
    yield from queries.canonical_ids(conn)


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
    for member in queries.canonical_members(conn, keys, by_id=True):
        members.setdefault(member.canonical_id, []).append(
            MemberRecordJSON(id=member.id, document_id=member.document_id, name=member.name, type=member.type)
        )
        canonical_of[member.id] = member.canonical_id
    ids = sorted(canonical_of)
    aliases: dict[str, list[AliasRecordJSON]] = {}
    for alias in queries.aliases_of(conn, ids, ordered=True):
        aliases.setdefault(canonical_of[alias.entity_id], []).append(
            AliasRecordJSON(
                name=alias.name, kind=alias.kind, entity_id=alias.entity_id, document_id=alias.document_id
            )
        )
    fact_rows = queries.facts_with_subject(conn, ids)
    event_members: dict[str, set[str]] = {}
    for statement_id, member_id in queries.statements_with_arguments(conn, ids):
        event_members.setdefault(statement_id, set()).add(canonical_of[member_id])
    event_rows = queries.statements_by_ids(conn, event_members)
    statements = to_json([*fact_rows, *event_rows], conn=conn, refs=Refs(conn))
    by_canonical: dict[str, list[StatementJSON]] = {}
    for statement in statements:
        if statement["kind"] == "fact" and statement["subject"] is not None:
            by_canonical.setdefault(canonical_of[statement["subject"]["id"]], []).append(statement)
        else:
            for key in sorted(event_members.get(statement["id"], ())):
                by_canonical.setdefault(key, []).append(statement)
    retired = queries.retired_ids(conn, keys)
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
                retired_ids=retired.get(key, []),
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
