"""Events as analysts read them: one entry per event group, each with its claims and sources.

Reports of one real event share ``statements.event_group`` (set by cross-document
grouping); a statement without one is its own group. Filters select the groups in
which at least one claim matches all of them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from .kb import (
    ACTOR_TYPES,
    CANONICAL,
    RefJSON,
    Refs,
    StatementJSON,
    chunks,
    fetch_statements,
    marks,
    source_name,
    statement_date,
    to_json,
)

# SQL for a claim's date: its time value when that starts with a year, else its document's date.
CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"
ROLE_ORDER = ("actor", "commander", "partner", "participant", "target", "place")


class EventGroupJSON(TypedDict):
    id: str
    type: str
    mode: str | None
    date: str | None
    dates: list[str]
    arguments: dict[str, list[RefJSON]]
    reports: int
    sources: list[str]
    documents: list[str]
    hedged: int
    negated: int
    claims: list[StatementJSON]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What `list_events` selects; each field left None selects everything."""

    type: str | None = None  # PLOVER type ('COERCE'), mode ('arrest') or both ('COERCE/arrest')
    entities: tuple[str, ...] | None = None  # entity ids, any role
    places: tuple[str, ...] | None = None  # entity ids in the 'place' role
    since: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    until: str | None = None


def place_ids(conn: sqlite3.Connection, canonical_id: str) -> tuple[str, ...]:
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
            "EXISTS (SELECT 1 FROM arguments a WHERE a.statement_id = s.id"
            " AND a.entity_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(_json_list(selection.entities))
    if selection.places is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM arguments a WHERE a.statement_id = s.id AND a.role = 'place'"
            " AND a.entity_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(_json_list(selection.places))
    # A date of lower precision matches when its period overlaps the range: '2021-03' is
    # compared with the first seven characters of the bound.
    if selection.since:
        clauses.append(f"({CLAIM_DATE}) >= substr(?, 1, length({CLAIM_DATE}))")
        params.append(selection.since)
    if selection.until:
        clauses.append(f"({CLAIM_DATE}) <= substr(?, 1, length({CLAIM_DATE}))")
        params.append(selection.until)
    return " AND ".join(clauses), params


def _json_list(items: Sequence[str]) -> str:
    return json.dumps(list(items))


def list_events(
    conn: sqlite3.Connection, *, selection: EventFilter | None = None, limit: int | None = None
) -> list[EventGroupJSON]:
    """Event groups with a claim matching `selection`; at most `limit`.

    In time order: by the earliest date a claim gives (its time value, else its
    document's date), then by the earliest publication date; undated groups last.
    """
    where, params = _where(selection or EventFilter())
    sql = (
        f"SELECT coalesce(s.event_group, s.id) AS grp, min({CLAIM_DATE}) AS first,"
        " min(d.published) AS published"
        f" FROM statements s JOIN documents d ON d.id = s.document_id WHERE {where}"
        " GROUP BY grp ORDER BY first IS NULL, first, published IS NULL, published, grp"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    groups = [row["grp"] for row in conn.execute(sql, tuple(params))]
    return summarise_groups(conn, groups)


def summarise_groups(conn: sqlite3.Connection, groups: Sequence[str]) -> list[EventGroupJSON]:
    """Each group with all its claims (not only those a filter matched), in the order given."""
    rows: list[sqlite3.Row] = []
    for part in chunks(list(groups)):
        rows += fetch_statements(
            conn,
            f"s.kind = 'event' AND (s.event_group IN ({marks(part)})"
            f" OR (s.event_group IS NULL AND s.id IN ({marks(part)})))",
            (*part, *part),
        )
    claims = to_json(rows, conn=conn, refs=Refs(conn))
    by_group: dict[str, list[StatementJSON]] = {}
    for claim in claims:
        by_group.setdefault(claim["event_group"], []).append(claim)
    return [summarise(key, by_group[key]) for key in groups if key in by_group]


def summarise(key: str, claims: list[StatementJSON]) -> EventGroupJSON:
    """One event group from its claims: type, dates, arguments by role, reports and sources."""
    claims = sorted(claims, key=lambda c: (statement_date(c) or "~", c["document_id"], c["id"]))
    modes = [c["mode"] for c in claims if c["mode"]]
    arguments: dict[str, dict[str, RefJSON]] = {}
    for claim in claims:
        for argument in claim["arguments"]:
            ref = argument["entity"]
            arguments.setdefault(argument["role"], {}).setdefault(ref["canonical_id"], ref)
    ordered = sorted(
        arguments, key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER), r)
    )
    dates = sorted({d for d in (statement_date(c) for c in claims) if d})
    return EventGroupJSON(
        id=key,
        type=claims[0]["predicate"],
        mode=max(set(modes), key=modes.count) if modes else None,
        date=dates[0] if dates else None,
        dates=dates,
        arguments={role: list(arguments[role].values()) for role in ordered},
        reports=len({c["document_id"] for c in claims}),
        sources=sorted({source_name(c) for c in claims}),
        documents=sorted({c["document_id"] for c in claims}),
        hedged=sum(c["hedged"] for c in claims),
        negated=sum(c["negated"] for c in claims),
        claims=claims,
    )


def actors(group: EventGroupJSON) -> list[RefJSON]:
    """The people and organisations taking part in an event, in any role but place."""
    seen: dict[str, RefJSON] = {}
    for role, refs in group["arguments"].items():
        if role != "place":
            for ref in refs:
                if ref["type"] in ACTOR_TYPES:
                    seen.setdefault(ref["canonical_id"], ref)
    return list(seen.values())


def event_line(group: EventGroupJSON) -> str:
    """One line per event group: date, type/mode, arguments, reports, claims, sources."""
    label = group["type"] + (f"/{group['mode']}" if group["mode"] else "")
    triggers = sorted({c["trigger"]["text"] for c in group["claims"] if c["trigger"]})
    args = "; ".join(
        f"{role}: {', '.join(ref['name'] for ref in refs)}" for role, refs in group["arguments"].items()
    )
    claims = len(group["claims"])
    flags = ""
    if group["negated"]:
        flags += f", {group['negated']} negated"
    if group["hedged"]:
        flags += f", {group['hedged']} hedged"
    counts = f"{group['reports']} report(s), {claims} claim(s){flags}"
    return (
        f"{group['date'] or '????-??-??':<10}  {label}"
        f"{' ' + '/'.join(repr(t) for t in triggers) if triggers else ''}"
        f"{'  ' + args if args else ''}  [{counts}; sources: {', '.join(group['sources'])}]"
    )


def render_events(groups: Sequence[EventGroupJSON]) -> str:
    return "\n".join(event_line(group) for group in groups)
