"""Events as analysts read them: one entry per event group, each with its claims and sources.

Reports of one real event share ``statements.event_group`` (set by cross-document
grouping); a statement without one is its own group. Filters select the groups in
which at least one claim matches all of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TypedDict

from ..store import queries
from ..store.queries import EventFilter
from .kb import ACTOR_TYPES, RefJSON, Refs, StatementJSON, source_name, statement_date, to_json

__all__ = [
    "EventFilter",
    "EventGroupJSON",
    "actors",
    "list_events",
    "place_ids",
    "summarise",
    "summarise_groups",
]

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


def place_ids(conn: sqlite3.Connection, canonical_id: str) -> tuple[str, ...]:
    """Members of a place and of the places stated to lie in it (one step of ``located_in``)."""
    return queries.place_member_ids(conn, canonical_id)


def list_events(
    conn: sqlite3.Connection, *, selection: EventFilter | None = None, limit: int | None = None
) -> list[EventGroupJSON]:
    """Event groups with a claim matching `selection`; at most `limit`.

    In time order: by the earliest date a claim gives (its time value, else its
    document's date), then by the earliest publication date; undated groups last.
    """
    groups = queries.event_group_ids(conn, selection=selection, limit=limit)
    return summarise_groups(conn, groups)


def summarise_groups(conn: sqlite3.Connection, groups: Sequence[str]) -> list[EventGroupJSON]:
    """Each group with all its claims (not only those a filter matched), in the order given."""
    rows = queries.events_in_groups(conn, list(groups))
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
