"""The profile of one canonical entity, aggregated over every entity resolution joined to it.

Names and aliases with their sources, roles and posts with dates, events on a
timeline, claims grouped by who made them, conflicting claims side by side, and
the documents. Each statement keeps its document id and evidence offsets.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TypedDict

from ..store import queries
from ..store.queries.sql import chunks
from .events import EventFilter, EventGroupJSON, list_events
from .kb import (
    DocumentJSON,
    EvidenceJSON,
    Refs,
    StatementJSON,
    canonical_info,
    documents,
    member_ids,
    source_name,
    statement_date,
    to_json,
)

POST_PREDICATES = ("position_held", "leader_of", "deputy_of", "member_of", "spokesperson_of", "role")
# A person has one birth date, one birthplace and one death date: two incompatible values conflict.
SINGLE_VALUED = ("born_on", "born_in", "died_on")
PUBLISHER = "publisher"


class MemberJSON(TypedDict):
    id: str
    document_id: str
    name: str
    type: str


class NameSourceJSON(TypedDict):
    document_id: str
    source: str  # who gave the name: a speaker's name, or 'publisher'
    statement_id: str | None
    evidence: EvidenceJSON | None


class NameJSON(TypedDict):
    name: str
    kind: str  # 'name' for the name an entity goes by in a document; else the alias kind
    mentions: int
    documents: list[str]
    sources: list[NameSourceJSON]


class ConflictSideJSON(TypedDict):
    value: str
    claims: list[StatementJSON]


class ConflictJSON(TypedDict):
    predicate: str
    kind: str  # 'values' (incompatible values) or 'denied' (affirmed in one claim, denied in another)
    sides: list[ConflictSideJSON]


class SourceGroupJSON(TypedDict):
    source: str
    source_id: str | None  # canonical id of the speaker; None for the publisher
    claims: list[StatementJSON]


class ProfileDocumentJSON(DocumentJSON):
    label: str  # D1, D2, ... as the text profile refers to it
    mentions: int
    copy_of: str | None  # the report this document repeats (a copy is not corroboration)


class ProfileJSON(TypedDict):
    id: str
    retired_ids: list[str]  # canonical ids merged into this one, which still lead here
    type: str
    name: str
    members: list[MemberJSON]
    names: list[NameJSON]
    posts: list[StatementJSON]
    holders: list[StatementJSON]
    facts: list[StatementJSON]
    related: list[StatementJSON]
    timeline: list[EventGroupJSON]
    claims_by_source: list[SourceGroupJSON]
    conflicts: list[ConflictJSON]
    documents: list[ProfileDocumentJSON]


def build_profile(conn: sqlite3.Connection, canonical_id: str) -> ProfileJSON | None:
    """The profile of a canonical entity; None when no entity has that id.

    Any id ever shown is accepted: an entity id gives its cluster, a retired canonical id
    the canonical entity that succeeded it (`queries.current_canonical_id`).
    """
    canonical_id = queries.current_canonical_id(conn, canonical_id) or canonical_id
    info = canonical_info(conn, [canonical_id]).get(canonical_id)
    if info is None:
        return None
    ids = member_ids(conn, canonical_id)
    members = _members(conn, ids)
    refs = Refs(conn)
    as_subject = queries.facts_with_subject(conn, ids)
    as_object = queries.facts_with_object(conn, ids)
    own = _ordered(to_json(as_subject, conn=conn, refs=refs))
    others = _ordered(to_json([r for r in as_object if r.subject_id not in set(ids)], conn=conn, refs=refs))
    timeline = list_events(conn, selection=EventFilter(entities=tuple(ids)))
    events = [claim for group in timeline for claim in group["claims"]]
    docs = _documents(conn, ids, [*own, *others, *events])
    return ProfileJSON(
        id=canonical_id,
        retired_ids=queries.retired_ids(conn, [canonical_id]).get(canonical_id, []),
        type=info.type,
        name=info.name,
        members=members,
        names=_names(conn, ids, own),
        posts=[s for s in own if s["predicate"] in POST_PREDICATES],
        holders=[s for s in others if s["predicate"] in POST_PREDICATES],
        facts=[s for s in own if s["predicate"] not in POST_PREDICATES and s["predicate"] != "alias"],
        related=[s for s in others if s["predicate"] not in POST_PREDICATES],
        timeline=timeline,
        claims_by_source=_by_source([*own, *others, *events]),
        conflicts=_conflicts(conn, own),
        documents=docs,
    )


def _ordered(statements: list[StatementJSON]) -> list[StatementJSON]:
    return sorted(
        statements,
        key=lambda s: (s["predicate"], statement_date(s) or "~", s["document_id"], s["evidence"]["start"]),
    )


def _members(conn: sqlite3.Connection, ids: Sequence[str]) -> list[MemberJSON]:
    return [
        MemberJSON(id=r.id, document_id=r.document_id, name=r.name, type=r.type)
        for r in queries.entities_by_id(conn, ids)
    ]


def _names(conn: sqlite3.Connection, ids: Sequence[str], own: Sequence[StatementJSON]) -> list[NameJSON]:
    """Each name and alias once, with the documents that use it and who gave it."""
    names: dict[tuple[str, str], NameJSON] = {}

    def entry(name: str, kind: str) -> NameJSON:
        return names.setdefault(
            (name, kind), NameJSON(name=name, kind=kind, mentions=0, documents=[], sources=[])
        )

    alias_claims: dict[tuple[str, str], list[StatementJSON]] = {}
    for statement in own:
        if statement["predicate"] == "alias" and statement["literal"] and not statement["negated"]:
            key = (statement["document_id"], statement["literal"].casefold())
            alias_claims.setdefault(key, []).append(statement)
    # Names and aliases batch by batch, so that each name keeps its first place in the order read.
    for part in chunks(list(ids)):
        for entity in queries.entity_mentions(conn, part):
            item = entry(entity.name, "name")
            item["mentions"] += entity.mentions
            if entity.document_id not in item["documents"]:
                item["documents"].append(entity.document_id)
            item["sources"].append(
                NameSourceJSON(
                    document_id=entity.document_id, source=PUBLISHER, statement_id=None, evidence=None
                )
            )
        for alias in queries.aliases_of(conn, part):
            item = entry(alias.name, alias.kind)
            if alias.document_id not in item["documents"]:
                item["documents"].append(alias.document_id)
            claims = alias_claims.get((alias.document_id, alias.name.casefold()), [])
            item["sources"] += [
                NameSourceJSON(
                    document_id=claim["document_id"],
                    source=source_name(claim),
                    statement_id=claim["id"],
                    evidence=claim["evidence"],
                )
                for claim in claims
            ] or [
                NameSourceJSON(
                    document_id=alias.document_id, source=PUBLISHER, statement_id=None, evidence=None
                )
            ]
    for item in names.values():
        item["documents"].sort()
    return sorted(
        names.values(), key=lambda n: (n["kind"] != "name", -len(n["documents"]), -n["mentions"], n["name"])
    )


def _by_source(statements: Sequence[StatementJSON]) -> list[SourceGroupJSON]:
    groups: dict[str, SourceGroupJSON] = {}
    seen: set[str] = set()
    for statement in statements:
        if statement["id"] in seen:
            continue
        seen.add(statement["id"])
        source = statement["source"]
        key = source["canonical_id"] if source else ""
        group = groups.setdefault(
            key,
            SourceGroupJSON(
                source=source_name(statement), source_id=source["canonical_id"] if source else None, claims=[]
            ),
        )
        group["claims"].append(statement)
    # The publisher first, then speakers by how much they said.
    return sorted(groups.values(), key=lambda g: (g["source_id"] is not None, -len(g["claims"]), g["source"]))


def _value(statement: StatementJSON) -> str:
    target = statement["object"]
    return target["name"] if target is not None else (statement["literal"] or "")


def _value_key(statement: StatementJSON) -> str:
    """What two claims must share to say the same thing: the canonical object, or the literal."""
    target = statement["object"]
    return target["canonical_id"] if target is not None else (statement["literal"] or "").strip().casefold()


def _compatible(a: StatementJSON, b: StatementJSON, *, inside: set[tuple[str, str]]) -> bool:
    """Two values of a single-valued predicate that can both be true.

    Dates agree when one is the other at a lower precision ('1967' and '1967-05-02');
    places when they are one place, have one name (before resolution each document
    has its own entity), or one is stated to lie in the other.
    """
    if a["object"] is not None and b["object"] is not None:
        x, y = a["object"], b["object"]
        return (
            x["canonical_id"] == y["canonical_id"]
            or x["name"].casefold() == y["name"].casefold()
            or (x["canonical_id"], y["canonical_id"]) in inside
            or (y["canonical_id"], x["canonical_id"]) in inside
        )
    u, v = _value_key(a), _value_key(b)
    return u.startswith(v) or v.startswith(u)


def _containment(conn: sqlite3.Connection, places: set[str]) -> set[tuple[str, str]]:
    """(inner, outer) canonical pairs among `places` from ``located_in`` facts, closed transitively."""
    if not places:
        return set()
    pairs = queries.located_in_pairs(conn, sorted(places))
    changed = True
    while changed:
        extra = {(a, d) for a, b in pairs for c, d in pairs if b == c and a != d} - pairs
        pairs |= extra
        changed = bool(extra)
    return pairs


def _conflicts(conn: sqlite3.Connection, own: Sequence[StatementJSON]) -> list[ConflictJSON]:
    conflicts: list[ConflictJSON] = []
    places = {s["object"]["canonical_id"] for s in own if s["object"] and s["predicate"] in SINGLE_VALUED}
    inside = _containment(conn, places)
    for predicate in SINGLE_VALUED:
        claims = [s for s in own if s["predicate"] == predicate and not s["negated"]]
        sides: dict[str, list[StatementJSON]] = {}
        for claim in claims:
            sides.setdefault(_value_key(claim), []).append(claim)
        # Values that can all be true together make one side; the most precise goes first.
        clusters: list[list[list[StatementJSON]]] = []
        for side in sorted(sides.values(), key=lambda side: (-len(_value_key(side[0])), _value_key(side[0]))):
            home = next(
                (c for c in clusters if all(_compatible(side[0], other[0], inside=inside) for other in c)),
                None,
            )
            if home is None:
                clusters.append([side])
            else:
                home.append(side)
        if len(clusters) > 1:
            conflicts.append(
                ConflictJSON(
                    predicate=predicate,
                    kind="values",
                    sides=[
                        ConflictSideJSON(
                            value=" / ".join(_value(side[0]) for side in cluster),
                            claims=[claim for side in cluster for claim in side],
                        )
                        for cluster in clusters
                    ],
                )
            )
    by_claim: dict[tuple[str, str], dict[bool, list[StatementJSON]]] = {}
    for statement in own:
        if statement["predicate"] != "alias":
            key = (statement["predicate"], _value_key(statement))
            by_claim.setdefault(key, {}).setdefault(statement["negated"], []).append(statement)
    for (predicate, _key), split in sorted(by_claim.items()):
        if True in split and False in split:
            conflicts.append(
                ConflictJSON(
                    predicate=predicate,
                    kind="denied",
                    sides=[
                        ConflictSideJSON(value=_value(split[False][0]), claims=split[False]),
                        ConflictSideJSON(value="not " + _value(split[True][0]), claims=split[True]),
                    ],
                )
            )
    return conflicts


def _documents(
    conn: sqlite3.Connection, ids: Sequence[str], statements: Sequence[StatementJSON]
) -> list[ProfileDocumentJSON]:
    mentions: Counter[str] = Counter()
    for document_id, count in queries.mentions_by_document(conn, ids):
        mentions[document_id] += count
    found = documents(conn, [*mentions, *(s["document_id"] for s in statements)])
    ordered = sorted(found.values(), key=lambda d: (d["published"] is None, d["published"] or "", d["id"]))
    roots = queries.document_roots(conn, found)
    return [
        ProfileDocumentJSON(
            id=d["id"],
            title=d["title"],
            published=d["published"],
            source=d["source"],
            language=d["language"],
            label=f"D{n}",
            mentions=mentions[d["id"]],
            copy_of=roots[d["id"]] if roots.get(d["id"], d["id"]) != d["id"] else None,
        )
        for n, d in enumerate(ordered, start=1)
    ]
