"""What the API routes answer, assembled from the read models of `newsgraph.explore` and the
queries of `newsgraph.store.queries.api`: search pages, profiles with their judgements, the
network around entities, review pairs. No SQL here.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any, TypedDict, cast

from ..explore.kb import canonical_info, canonical_summaries, member_ids
from ..explore.profile import ProfileJSON, build_profile
from ..explore.review import ReviewItemJSON, review_queue
from ..resolve.judging import review_bands
from ..resolve.run import SAME, UNSURE
from ..store import queries
from ..store.queries import api as q
from ..store.queries import summary
from . import cursor as cursors

ACTOR_TYPES = ("PERSON", "ORG")
MAX_NODES = 300


class SearchResultJSON(TypedDict):
    id: str
    name: str
    type: str
    aliases: list[str]
    names: list[str]
    documents: int
    members: int
    url: str


class JudgementJSON(TypedDict):
    a: str
    b: str
    name_a: str
    name_b: str
    canonical_a: str
    canonical_b: str
    verdict: str
    score: float | None
    author: str
    author_kind: str  # machine, text or person
    note: str | None
    created_at: str


class ProfileViewJSON(ProfileJSON):
    judgements: list[JudgementJSON]  # every person's and text's, the machine's 'same' and 'unsure'
    machine_negatives: int  # the machine's 'different' judgements on this entity's members
    events_by_role: dict[str, list[str]]  # role -> event group ids in timeline order
    hedged_claims: int


def search_page(
    conn: sqlite3.Connection, match: str, *, types: Sequence[str], cursor: str | None, limit: int
) -> tuple[list[SearchResultJSON], str | None]:
    """One page of canonical entities matching the FTS5 query `match`, and the next cursor."""
    key = cursors.decode("search", cursor, (float, int, str))
    after = (float(key[0]), int(key[1]), str(key[2])) if key else None
    hits = q.search_hits(conn, match, types=types, after=after, limit=limit + 1) if match else []
    more = len(hits) > limit
    hits = hits[:limit]
    ids = [h.id for h in hits]
    info, names = canonical_summaries(conn, ids)
    aliases: dict[str, set[str]] = {}
    for canonical_id, alias in summary.alias_names(conn, ids):
        aliases.setdefault(canonical_id, set()).add(alias)
    results: list[SearchResultJSON] = []
    for hit in hits:
        found = info.get(hit.id)
        if found is None:
            continue
        results.append(
            SearchResultJSON(
                id=hit.id,
                name=found.name,
                type=found.type,
                aliases=sorted(aliases.get(hit.id, set()) - {found.name}),
                names=sorted(names.get(hit.id, set())),
                documents=found.documents,
                members=found.members,
                url="/api/entities/" + quote_id(hit.id),
            )
        )
    last = hits[-1] if hits else None
    following = cursors.encode("search", [last.rank, last.documents, last.id]) if more and last else None
    return results, following


def quote_id(ident: str) -> str:
    from urllib.parse import quote

    return quote(ident, safe="")


def current_canonical(conn: sqlite3.Connection, ref: str) -> str | None:
    """The canonical id that `ref` (a canonical id, a member entity id, a retired canonical id) now
    belongs to; None when nothing has that id."""
    if canonical_info(conn, [ref]):
        return ref
    try:  # the identity module knows retired ids and their successors
        from ..store.queries.identity import current_canonical_id

        found = current_canonical_id(conn, ref)
    except (ImportError, sqlite3.OperationalError):  # a base from before stable ids
        found = None
    if found is not None:
        return found
    member = queries.member_id(conn, ref)
    return q.canonical_of(conn, member) if member is not None else None


def _author_kind(author: str) -> str:
    return "person" if author.startswith("person") else author


def judgements_json(rows: Sequence[q.EntityJudgement]) -> list[JudgementJSON]:
    return [
        JudgementJSON(
            a=j.a,
            b=j.b,
            name_a=j.name_a,
            name_b=j.name_b,
            canonical_a=j.canonical_a,
            canonical_b=j.canonical_b,
            verdict=j.verdict,
            score=j.score,
            author=j.author,
            author_kind=_author_kind(j.author),
            note=j.reason,
            created_at=j.created_at,
        )
        for j in rows
    ]


def profile_view(conn: sqlite3.Connection, canonical_id: str) -> ProfileViewJSON | None:
    """The profile of `canonical_id`, with its identity judgements and its events by role."""
    profile = build_profile(conn, canonical_id)
    if profile is None:
        return None
    ids = [m["id"] for m in profile["members"]]
    own = set(ids)
    by_role: dict[str, list[str]] = {}
    for group in profile["timeline"]:
        for role, refs in group["arguments"].items():
            if any(ref["id"] in own for ref in refs):
                by_role.setdefault(role, []).append(group["id"])
    hedged = sum(c["hedged"] for s in profile["claims_by_source"] for c in s["claims"])
    view: dict[str, Any] = dict(profile)
    judgements = q.judgements_of(conn, ids)
    # The machine's 'different' on every unrelated candidate pair is noise in a profile: counted only.
    shown = [j for j in judgements if not (j.author == "machine" and j.verdict == "negative")]
    view["judgements"] = judgements_json(shown)
    view["machine_negatives"] = len(judgements) - len(shown)
    view["events_by_role"] = by_role
    view["hedged_claims"] = hedged
    return cast(ProfileViewJSON, view)


class NodeJSON(TypedDict):
    id: str
    name: str
    type: str
    documents: int
    depth: int


class EdgeJSON(TypedDict):
    source: str
    target: str
    relations: dict[str, int]
    statements: list[str]
    documents: list[str]
    weight: int


def _in_time(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since[: len(date)]) and (until is None or date <= until[: len(date)])


def network(
    conn: sqlite3.Connection,
    *,
    entity: str | None,
    depth: int,
    since: str | None,
    until: str | None,
    types: Sequence[str],
    limit: int,
) -> dict[str, Any]:
    """Nodes (canonical entities) and edges (relation facts, co-participation in events) around
    `entity` up to `depth` steps, or around the actors of the latest events when none is given."""
    if entity is not None:
        start = {entity}
        frontier = member_ids(conn, entity)
    else:
        frontier = q.recent_actors(conn, types=types or ACTOR_TYPES, groups=200, limit=25)
        start = {c for c in (q.canonical_of(conn, e) for e in frontier) if c}
    depths: dict[str, int] = dict.fromkeys(start, 0)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for step in range(1, depth + 1):
        ties = q.ties_of(conn, frontier, limit=limit * 8)
        entity_ids = sorted({e for t in ties for e in (t.a, t.b)})
        canon = (
            {e: q.canonical_of(conn, e) for e in entity_ids}
            if len(entity_ids) < 50
            else _canonicals(conn, entity_ids)
        )
        kinds = q.entity_types(conn, entity_ids)
        reached: set[str] = set()
        for tie in ties:
            if not _in_time(tie.date, since, until):
                continue
            a, b = canon.get(tie.a), canon.get(tie.b)
            if a is None or b is None or a == b:
                continue
            if types and (kinds.get(tie.a) not in types or kinds.get(tie.b) not in types):
                continue
            for node in (a, b):
                if node not in depths:
                    if len(depths) >= MAX_NODES:
                        break
                    depths[node] = step
                    reached.add(node)
            if a not in depths or b not in depths:
                continue
            key = (min(a, b), max(a, b))
            edge = edges.setdefault(key, {"relations": Counter(), "statements": set(), "documents": set()})
            label = (
                tie.predicate
                if tie.kind == "fact"
                else f"event:{tie.predicate}" + (f"/{tie.mode}" if tie.mode else "")
            )
            if tie.statement_id not in edge["statements"]:
                edge["relations"][label] += 1
            edge["statements"].add(tie.statement_id)
            edge["documents"].add(tie.document_id)
            if len(edges) >= limit:
                break
        if not reached or len(edges) >= limit:
            break
        frontier = [m.id for m in queries.canonical_members(conn, sorted(reached))]
    info = canonical_info(conn, list(depths))
    nodes = [
        NodeJSON(id=k, name=info[k].name, type=info[k].type, documents=info[k].documents, depth=d)
        for k, d in sorted(depths.items(), key=lambda kv: (kv[1], kv[0]))
        if k in info and (not types or info[k].type in types or k in start)
    ]
    present = {n["id"] for n in nodes}
    edge_list = [
        EdgeJSON(
            source=a,
            target=b,
            relations=dict(sorted(e["relations"].items())),
            statements=sorted(e["statements"]),
            documents=sorted(e["documents"]),
            weight=sum(e["relations"].values()),
        )
        for (a, b), e in sorted(edges.items())
        if a in present and b in present
    ]
    return {
        "entity": entity,
        "depth": depth,
        "nodes": nodes,
        "edges": edge_list,
        "truncated": len(edges) >= limit,
    }


def _canonicals(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> dict[str, str | None]:
    return {ref.id: ref.canonical_id for ref in queries.entity_refs(conn, entity_ids)}


class ReviewPairJSON(ReviewItemJSON):
    canonical_a: str
    canonical_b: str


def review_page(
    conn: sqlite3.Connection, *, name: str | None, cursor: str | None, limit: int
) -> tuple[list[ReviewPairJSON], str | None]:
    """The machine's pairs no person has judged, least certain first (`explore.review`), with their
    evidence; optionally only those where either name holds `name` (case-insensitive)."""
    key = cursors.decode("review", cursor, (float, str, str))
    after = (-float(key[0]), str(key[1]), str(key[2])) if key else None
    needle = (name or "").casefold().strip()
    queue = review_queue(conn, bands=review_bands(SAME, UNSURE), thresholds=SAME)
    items = [
        item
        for item in queue
        if (not needle or needle in item["name_a"].casefold() or needle in item["name_b"].casefold())
        and (after is None or (-item["uncertainty"], item["a"], item["b"]) > after)
    ]
    page = [
        ReviewPairJSON(
            **item,
            canonical_a=item["entity_a"]["canonical_id"],
            canonical_b=item["entity_b"]["canonical_id"],
        )
        for item in items[:limit]
    ]
    more = len(items) > limit
    last = page[-1] if page else None
    following = (
        cursors.encode("review", [last["uncertainty"], last["a"], last["b"]]) if more and last else None
    )
    return page, following
