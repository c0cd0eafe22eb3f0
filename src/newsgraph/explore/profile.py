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

from .events import EventFilter, EventGroupJSON, event_line, list_events
from .kb import (
    DocumentJSON,
    EvidenceJSON,
    Refs,
    StatementJSON,
    canonical_info,
    chunks,
    describe,
    documents,
    fetch_statements,
    marks,
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


class ProfileJSON(TypedDict):
    id: str
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
    """The profile of a canonical entity; None when no entity has that canonical id."""
    info = canonical_info(conn, [canonical_id]).get(canonical_id)
    if info is None:
        return None
    ids = member_ids(conn, canonical_id)
    members = _members(conn, ids)
    refs = Refs(conn)
    as_subject: list[sqlite3.Row] = []
    as_object: list[sqlite3.Row] = []
    for part in chunks(ids):
        as_subject += fetch_statements(conn, f"s.kind = 'fact' AND s.subject_id IN ({marks(part)})", part)
        as_object += fetch_statements(conn, f"s.kind = 'fact' AND s.object_id IN ({marks(part)})", part)
    own = _ordered(to_json(as_subject, conn=conn, refs=refs))
    others = _ordered(
        to_json([r for r in as_object if r["subject_id"] not in set(ids)], conn=conn, refs=refs)
    )
    timeline = list_events(conn, selection=EventFilter(entities=tuple(ids)))
    events = [claim for group in timeline for claim in group["claims"]]
    docs = _documents(conn, ids, [*own, *others, *events])
    return ProfileJSON(
        id=canonical_id,
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
    out: list[MemberJSON] = []
    for part in chunks(list(ids)):
        rows = conn.execute(
            f"SELECT id, document_id, name, type FROM entities WHERE id IN ({marks(part)}) ORDER BY id",
            tuple(part),
        )
        out += [
            MemberJSON(id=r["id"], document_id=r["document_id"], name=r["name"], type=r["type"]) for r in rows
        ]
    return out


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
    for part in chunks(list(ids)):
        rows = conn.execute(
            "SELECT e.id, e.document_id, e.name, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
            f" AS mentions FROM entities e WHERE e.id IN ({marks(part)})",
            tuple(part),
        )
        for row in rows:
            item = entry(row["name"], "name")
            item["mentions"] += row["mentions"]
            if row["document_id"] not in item["documents"]:
                item["documents"].append(row["document_id"])
            item["sources"].append(
                NameSourceJSON(
                    document_id=row["document_id"], source=PUBLISHER, statement_id=None, evidence=None
                )
            )
        rows = conn.execute(
            "SELECT a.name, a.kind, e.document_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE a.entity_id IN ({marks(part)})",
            tuple(part),
        )
        for row in rows:
            item = entry(row["name"], row["kind"])
            if row["document_id"] not in item["documents"]:
                item["documents"].append(row["document_id"])
            claims = alias_claims.get((row["document_id"], row["name"].casefold()), [])
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
                    document_id=row["document_id"], source=PUBLISHER, statement_id=None, evidence=None
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
    wanted = sorted(places)
    pairs: set[tuple[str, str]] = set()
    for part in chunks(wanted, 250):
        rows = conn.execute(
            "SELECT coalesce(i.canonical_id, i.id) AS inner_, coalesce(o.canonical_id, o.id) AS outer_"
            " FROM statements s"
            " JOIN entities i ON i.id = s.subject_id JOIN entities o ON o.id = s.object_id"
            " WHERE s.predicate = 'located_in' AND s.negated = 0"
            f" AND (coalesce(i.canonical_id, i.id) IN ({marks(part)}) OR coalesce(o.canonical_id, o.id)"
            f" IN ({marks(part)}))",
            (*part, *part),
        )
        pairs |= {(row["inner_"], row["outer_"]) for row in rows}
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
    for part in chunks(list(ids)):
        rows = conn.execute(
            "SELECT e.document_id, count(m.entity_id) AS n FROM entities e"
            " LEFT JOIN mentions m ON m.entity_id = e.id"
            f" WHERE e.id IN ({marks(part)}) GROUP BY e.document_id",
            tuple(part),
        )
        for row in rows:
            mentions[row["document_id"]] += row["n"]
    found = documents(conn, [*mentions, *(s["document_id"] for s in statements)])
    ordered = sorted(found.values(), key=lambda d: (d["published"] is None, d["published"] or "", d["id"]))
    return [
        ProfileDocumentJSON(
            id=d["id"],
            title=d["title"],
            published=d["published"],
            source=d["source"],
            language=d["language"],
            label=f"D{n}",
            mentions=mentions[d["id"]],
        )
        for n, d in enumerate(ordered, start=1)
    ]


def render_profile(profile: ProfileJSON) -> str:
    """The profile as text; documents are referred to as D1, D2, ... (listed at the end)."""
    labels = {d["id"]: d["label"] for d in profile["documents"]}

    def where(statement: StatementJSON, *, speaker: bool = True) -> str:
        evidence = statement["evidence"]
        label = labels.get(statement["document_id"], statement["document_id"])
        parts = [f"{label} {evidence['start']}-{evidence['end']}"]
        if speaker:
            parts.append(f"said by {source_name(statement)}")
        return "[" + ", ".join(parts) + "]"

    documents_of = {m["document_id"] for m in profile["members"]}
    lines = [
        f"{profile['name']}",
        f"  {profile['type']}; id {profile['id']}; {len(profile['members'])} entit"
        f"{'y' if len(profile['members']) == 1 else 'ies'} in {len(documents_of)} document(s)",
    ]

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend(["", title, *body])

    width = max((len(n["name"]) for n in profile["names"]), default=0)
    section(
        "Names and aliases",
        [
            f"  {n['name']:<{width}}  {n['kind']:<14} "
            + ", ".join(
                sorted(
                    {
                        f"{labels.get(s['document_id'], s['document_id'])}"
                        + (f" (said by {s['source']})" if s["source"] != PUBLISHER else "")
                        for s in n["sources"]
                    }
                )
            )
            + (f"; {n['mentions']} mention(s)" if n["mentions"] else "")
            for n in profile["names"]
        ],
    )
    section("Roles and posts", [f"  {_post(s)}  {where(s)}" for s in profile["posts"]])
    section("Posts held by others", [f"  {describe(s)}  {where(s)}" for s in profile["holders"]])
    section("Other facts", [f"  {describe(s)}  {where(s)}" for s in profile["facts"]])
    section("Facts about others that name it", [f"  {describe(s)}  {where(s)}" for s in profile["related"]])
    conflict_lines: list[str] = []
    for conflict in profile["conflicts"]:
        sides = "  <>  ".join(
            f"{side['value']} " + " ".join(where(c) for c in side["claims"]) for side in conflict["sides"]
        )
        conflict_lines.append(f"  {conflict['predicate']}: {sides}")
    section("Conflicting claims", conflict_lines)
    section(
        "Timeline",
        [
            f"  {event_line(g)}  " + " ".join(sorted({labels.get(d, d) for d in g["documents"]}))
            for g in profile["timeline"]
        ],
    )
    source_lines: list[str] = []
    for group in profile["claims_by_source"]:
        source_lines.append(f"  {group['source']} ({len(group['claims'])})")
        source_lines += [f"    {describe(s)}  {where(s, speaker=False)}" for s in group["claims"]]
    section("Claims by source", source_lines)
    section(
        "Documents",
        [
            f"  {d['label']:<4} {d['published'] or '----------'}  {d['title'] or '(no title)'}"
            f"  {d['source'] or ''}  {d['id']}".rstrip()
            for d in profile["documents"]
        ],
    )
    return "\n".join(lines)


def _post(statement: StatementJSON) -> str:
    """A post as a line: predicate, title, what it is of, and its dates."""
    qualifiers = statement["qualifiers"]
    target = statement["object"]["name"] if statement["object"] else (statement["literal"] or "")
    title = qualifiers.get("title")
    label = (
        f"{title} of {target}"
        if title and statement["object"]
        else (f"{title}: {target}" if title else target)
    )
    dates = [
        f"from {qualifiers['start']}" if qualifiers.get("start") else "",
        f"until {qualifiers['end']}" if qualifiers.get("end") else "",
    ]
    time = statement["time"]
    if time and (time["value"] or time["text"]):
        dates.append(f"{time['relation'] or 'on'} {time['value'] or time['text']}")
    flags = [flag for flag, on in (("hedged", statement["hedged"]), ("NOT", statement["negated"])) if on]
    extra = " ".join(d for d in dates if d)
    marks_ = "  [" + ", ".join(flags) + "]" if flags else ""
    return f"{statement['predicate']:<15} {label}{'  ' + extra if extra else ''}{marks_}"
