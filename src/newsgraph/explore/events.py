"""Events as analysts read them: one entry per event group, each with its claims and sources.

Reports of one real event share ``statements.event_group`` (set by cross-document
grouping, ``resolve/events.py``); a statement without one is its own group. Filters
select the groups in which at least one claim matches all of them. Each group lists
its reports (documents) and, side by side, where its claims disagree: arguments by
role, dates, modes and qualifiers (casualty figures and the like).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TypedDict

from ..store import queries
from ..store.queries import DocumentRow, EventFilter
from .kb import ACTOR_TYPES, RefJSON, Refs, StatementJSON, source_name, statement_date, to_json

__all__ = [
    "DisagreementJSON",
    "EventFilter",
    "EventGroupJSON",
    "EventReportJSON",
    "actors",
    "disagreements",
    "list_events",
    "place_ids",
    "summarise",
    "summarise_groups",
]

ROLE_ORDER = ("actor", "commander", "partner", "participant", "target", "place")
HIDDEN_QUALIFIERS = frozenset({"time_candidates"})  # bookkeeping, not what a report says


class EventReportJSON(TypedDict):
    """One report (document) of an event group, with how many of the group's claims it makes."""

    document_id: str
    title: str | None
    published: str | None
    source: str | None
    claims: int


class SideJSON(TypedDict):
    """One value that some of a group's claims give, with those claims and their documents."""

    value: str
    claims: list[str]
    documents: list[str]


class DisagreementJSON(TypedDict):
    """Claims of one group giving different values for one field ("actor", "date", "killed"...)."""

    field: str
    sides: list[SideJSON]


class EventGroupJSON(TypedDict):
    id: str
    type: str
    mode: str | None
    date: str | None
    dates: list[str]
    arguments: dict[str, list[RefJSON]]
    reports: int  # documents, a copy of a report counted with it as one report
    sources: list[str]
    documents: list[str]
    copies: list[str]  # documents among `documents` that repeat another report (not corroboration)
    hedged: int
    negated: int
    claims: list[StatementJSON]
    report_documents: list[EventReportJSON]
    disagreements: list[DisagreementJSON]


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
    documents = {d.id: d for d in queries.documents_by_ids(conn, {c["document_id"] for c in claims})}
    roots = queries.document_roots(conn, documents)
    return [
        summarise(key, by_group[key], documents=documents, roots=roots) for key in groups if key in by_group
    ]


def summarise(
    key: str,
    claims: list[StatementJSON],
    *,
    documents: Mapping[str, DocumentRow] | None = None,
    roots: Mapping[str, str] | None = None,
) -> EventGroupJSON:
    """One event group from its claims: type, dates, arguments by role, reports, sources and
    disagreements; `documents` gives the reports' titles and dates, `roots` the report each
    document is a copy of (a copy counts as one report with it, never as corroboration)."""
    copy_of = roots or {}
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
        reports=len({copy_of.get(c["document_id"], c["document_id"]) for c in claims}),
        sources=sorted({source_name(c) for c in claims}),
        documents=sorted({c["document_id"] for c in claims}),
        copies=sorted({d for c in claims if copy_of.get(d := c["document_id"], d) != d}),
        hedged=sum(c["hedged"] for c in claims),
        negated=sum(c["negated"] for c in claims),
        claims=claims,
        report_documents=_reports(claims, documents or {}),
        disagreements=disagreements(claims),
    )


def _reports(claims: list[StatementJSON], documents: Mapping[str, DocumentRow]) -> list[EventReportJSON]:
    """The group's documents, earliest published first (undated last), each with its claim count."""
    counts = Counter(c["document_id"] for c in claims)
    out = []
    for document_id, n in counts.items():
        row = documents.get(document_id)
        published = (
            row.published if row else next(c["published"] for c in claims if c["document_id"] == document_id)
        )
        out.append(
            EventReportJSON(
                document_id=document_id,
                title=row.title if row else None,
                published=published,
                source=row.source if row else None,
                claims=n,
            )
        )
    return sorted(out, key=lambda r: (r["published"] or "~", r["document_id"]))


def _values(claim: StatementJSON) -> dict[str, tuple[str, str]]:
    """What a claim says, field by field: field -> (comparison key, shown value)."""
    out: dict[str, tuple[str, str]] = {}
    by_role: dict[str, dict[str, str]] = {}
    for argument in claim["arguments"]:
        ref = argument["entity"]
        by_role.setdefault(argument["role"], {})[ref["canonical_id"]] = ref["name"]
    for role, refs in by_role.items():
        out[role] = ("\n".join(sorted(refs)), ", ".join(refs[k] for k in sorted(refs)))
    time = claim["time"]
    if time and (time["value"] or time["text"]):
        value = str(time["value"] or time["text"])
        shown = value if time["relation"] in (None, "on") else f"{time['relation']} {value}"
        out["date"] = (shown, shown)
    if claim["mode"]:
        out["mode"] = (claim["mode"], claim["mode"])
    for name, qualifier in claim["qualifiers"].items():
        if name not in HIDDEN_QUALIFIERS:
            text = (
                json.dumps(qualifier, ensure_ascii=False, sort_keys=True)
                if not isinstance(qualifier, str)
                else qualifier
            )
            out[name] = (text, text)
    return out


def disagreements(claims: Sequence[StatementJSON]) -> list[DisagreementJSON]:
    """Fields for which the claims that give a value give different ones, each value with its claims.

    A claim that is silent on a field is no side of it. Arguments come first in role
    order, then date and mode, then qualifiers by name.
    """
    sides: dict[str, dict[str, tuple[str, list[StatementJSON]]]] = {}
    for claim in claims:
        for name, (key, shown) in _values(claim).items():
            sides.setdefault(name, {}).setdefault(key, (shown, []))[1].append(claim)
    order = [*ROLE_ORDER, "date", "mode"]
    out: list[DisagreementJSON] = []
    for name in sorted(sides, key=lambda n: (order.index(n) if n in order else len(order), n)):
        if len(sides[name]) < 2:
            continue
        values = sorted(sides[name].values(), key=lambda side: (-len(side[1]), side[0]))
        out.append(
            DisagreementJSON(
                field=name,
                sides=[
                    SideJSON(
                        value=shown,
                        claims=[c["id"] for c in group],
                        documents=sorted({c["document_id"] for c in group}),
                    )
                    for shown, group in values
                ],
            )
        )
    return out


def actors(group: EventGroupJSON) -> list[RefJSON]:
    """The people and organisations taking part in an event, in any role but place."""
    seen: dict[str, RefJSON] = {}
    for role, refs in group["arguments"].items():
        if role != "place":
            for ref in refs:
                if ref["type"] in ACTOR_TYPES:
                    seen.setdefault(ref["canonical_id"], ref)
    return list(seen.values())
