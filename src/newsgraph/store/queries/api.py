"""The reads and writes of the HTTP API: keyset pages of search hits, event groups, review pairs,
an entity's judgements, the network around entities, and a judgement's note.

Every page is a keyset page: the caller passes the sort key of the last row it has
(``after``) and gets the rows that sort after it, so a page costs the same wherever it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from .sql import chunks, marks
from .statements import EventFilter
from .statements import _where as event_where

SEARCH_SCAN = 600  # full-text rows one search page groups at most, when a query matches many
RANKED = 1000  # matches up to which every one is ranked (bm25)
NO_DATE = "~"  # event_keys' date of a group with none (sorts after every date)
CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A canonical entity a full-text query matches, with its sort key."""

    id: str
    rank: float  # the best FTS5 rank of its matching members (lower is better)
    documents: int  # documents of its matching members


@dataclass(frozen=True, slots=True)
class GroupKey:
    """An event group and its sort key: earliest claim date, earliest publication date, id."""

    first: str
    published: str
    id: str


@dataclass(frozen=True, slots=True)
class EntityJudgement:
    a: str
    b: str
    verdict: str
    score: float | None
    author: str
    reason: str | None
    created_at: str
    name_a: str
    name_b: str
    canonical_a: str
    canonical_b: str


@dataclass(frozen=True, slots=True)
class Tie:
    """One statement tying two entities: a relation fact, or two arguments of one event."""

    statement_id: str
    kind: str
    predicate: str
    mode: str | None
    a: str  # entity ids
    b: str
    document_id: str
    date: str | None


def search_hits(
    conn: sqlite3.Connection,
    match: str,
    *,
    types: Sequence[str] = (),
    after: tuple[float, int, str] | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Canonical entities whose names or aliases match the FTS5 query `match`, best first.

    Ordered by best rank, then documents (more first), then id; `after` is the
    (rank, documents, id) of the last hit of the previous page.
    """
    # Ranking every match of a common query costs its whole posting list: past RANKED matches,
    # the first SEARCH_SCAN in index order are taken unranked (then ordered by documents).
    many = (
        conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM entities_fts WHERE entities_fts MATCH ?"
            f" LIMIT {RANKED + 1})",
            (match,),
        ).fetchone()[0]
        > RANKED
    )
    inner = (
        f"SELECT entity_id, 0.0 AS rank FROM entities_fts WHERE entities_fts MATCH ? LIMIT {SEARCH_SCAN}"
        if many
        else "SELECT entity_id, rank FROM entities_fts WHERE entities_fts MATCH ? ORDER BY rank"
    )
    type_clause = f" AND e.type IN ({marks(types)})" if types else ""
    having = " HAVING (min(f.rank), -count(DISTINCT e.document_id), cluster) > (?, ?, ?)" if after else ""
    sql = (
        "SELECT coalesce(e.canonical_id, e.id) AS cluster, min(f.rank) AS best,"
        " count(DISTINCT e.document_id) AS documents"
        f" FROM ({inner}) f JOIN entities e ON e.id = f.entity_id"
        f" WHERE 1{type_clause} GROUP BY cluster{having} ORDER BY best, documents DESC, cluster LIMIT ?"
    )
    params: list[object] = [match, *types]
    if after:
        params += [after[0], -after[1], after[2]]
    params.append(limit)
    return [SearchHit(str(r[0]), float(r[1]), int(r[2])) for r in conn.execute(sql, params)]


def _claim_date() -> str:
    return CLAIM_DATE


def event_group_page(
    conn: sqlite3.Connection,
    *,
    selection: EventFilter | None = None,
    source: str | None = None,
    after: GroupKey | None = None,
    limit: int = 20,
) -> list[GroupKey]:
    """The event groups with a claim matching `selection` (and `source`), in time order (earliest
    claim date, earliest publication date, id; undated groups last), after `after`.

    `source` matches a claim's document source (case-insensitive) or the canonical id of the
    speaker the claim is attributed to. Reads ``event_keys`` in order: with an entity or a place,
    only the groups of their arguments; with a type, that type's range of ``event_labels``;
    otherwise the key index is walked and each group checked until the page is full.
    """
    selection = selection or EventFilter()
    where, params = event_where(selection)
    # `+`: the kind index would lead SQLite through every event; groups and arguments are keyed
    where = where.replace("s.kind = 'event'", "+s.kind = 'event'", 1)
    if source:
        where += (
            " AND (d.source = ? COLLATE NOCASE OR s.source_id IN"
            " (SELECT id FROM entities WHERE canonical_id = ? OR (+canonical_id IS NULL AND id = ?)))"
        )
        params += [source, source, source]
    keys: list[str] = []
    bound: list[object] = []
    if after is not None:
        keys.append("(k.first, k.pub, k.grp) > (?, ?, ?)")
        bound += [after.first, after.published, after.id]
    # A group has a claim on or after `since` exactly when its reach is >= `since` (event_keys);
    # for `until`, necessary: its earliest date lies before the year after `until`.
    if selection.since:
        keys.append("k.reach >= ?")
        bound.append(selection.since)
    if selection.until and selection.until[:4].isdigit() and int(selection.until[:4]) < 9999:
        keys.append("k.first < ?")
        bound.append(str(int(selection.until[:4]) + 1))
    # Whether each group's claims must be looked at: the reach alone answers `since`.
    filtered = bool(
        source
        or selection.type
        or selection.until
        or selection.entities is not None
        or selection.places is not None
    )
    claims = f"FROM statements s JOIN documents d ON d.id = s.document_id WHERE {where}"
    table = "event_keys k"
    if selection.entities is not None or selection.places is not None:
        keys.insert(0, f"k.grp IN (SELECT coalesce(s.event_group, s.id) {claims})")
        bound = [*params, *bound]
    elif selection.type:
        # one type: its range of event_labels, in key order; other filters checked per group
        table = "event_labels k"
        keys = [k for k in keys if "k.reach" not in k]
        bound = [b for b, k in zip(bound, _bound_owners(after, selection), strict=True) if k != "since"]
        keys.insert(0, "k.label = lower(?)")
        bound.insert(0, selection.type)
        if source or selection.since or selection.until:
            keys.append(
                "EXISTS (SELECT 1 FROM statements s JOIN documents d ON d.id = s.document_id"
                " WHERE (s.event_group = k.grp OR (+s.event_group IS NULL AND s.id = k.grp))"
                f" AND {where})"
            )
            bound += params
    elif filtered:
        keys.append(
            "EXISTS (SELECT 1 FROM statements s JOIN documents d ON d.id = s.document_id"
            " WHERE (s.event_group = k.grp OR (+s.event_group IS NULL AND s.id = k.grp))"
            f" AND {where})"
        )
        bound += params
    sql = f"SELECT k.grp, k.first, k.pub FROM {table}"
    if keys:
        sql += " WHERE " + " AND ".join(keys)
    sql += " ORDER BY k.first, k.pub, k.grp LIMIT ?"
    bound.append(limit)
    return [GroupKey(first=r[1], published=r[2], id=r[0]) for r in conn.execute(sql, bound)]


def _bound_owners(after: GroupKey | None, selection: EventFilter) -> list[str]:
    """Which filter each value bound so far in `event_group_page` belongs to, in order."""
    owners = ["after"] * (3 if after is not None else 0)
    if selection.since:
        owners.append("since")
    if selection.until and selection.until[:4].isdigit() and int(selection.until[:4]) < 9999:
        owners.append("until")
    return owners


def event_group_exists(conn: sqlite3.Connection, group: str) -> bool:
    """Whether some event statement is in group `group` (or is the statement `group` in no group)."""
    row = conn.execute(
        "SELECT 1 FROM statements WHERE +kind = 'event'"
        " AND (event_group = ? OR (+event_group IS NULL AND id = ?)) LIMIT 1",
        (group, group),
    ).fetchone()
    return row is not None


def canonical_of(conn: sqlite3.Connection, entity_id: str) -> str | None:
    """The canonical id of the entity `entity_id` (its own id while unresolved), None when unknown."""
    row = conn.execute(
        "SELECT coalesce(canonical_id, id) FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def judgements_of(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> list[EntityJudgement]:
    """Every judgement on a pair with one end among `entity_ids`, with both names and canonicals."""
    out: dict[tuple[str, str, str], EntityJudgement] = {}
    for part in chunks(entity_ids, 250):
        rows = conn.execute(
            "SELECT j.a, j.b, j.verdict, j.score, j.author, j.reason, j.created_at, ea.name, eb.name,"
            " coalesce(ea.canonical_id, ea.id), coalesce(eb.canonical_id, eb.id)"
            " FROM judgements j JOIN entities ea ON ea.id = j.a JOIN entities eb ON eb.id = j.b"
            f" WHERE j.a IN ({marks(part)}) OR j.b IN ({marks(part)})",
            (*part, *part),
        )
        for row in rows:
            judgement = EntityJudgement(*row)
            out[(judgement.a, judgement.b, judgement.author)] = judgement
    return sorted(
        out.values(), key=lambda j: (j.author != "person" and not j.author.startswith("person:"), j.a, j.b)
    )


def set_judgement_note(conn: sqlite3.Connection, a: str, b: str, author: str, note: str | None) -> None:
    """Store a person's note on their judgement of (a, b) (in the judgement's `reason`)."""
    lo, hi = sorted((a, b))
    with conn:
        conn.execute(
            "UPDATE judgements SET reason = ? WHERE a = ? AND b = ? AND author = ?", (note, lo, hi, author)
        )


def ties_of(conn: sqlite3.Connection, entity_ids: Sequence[str], *, limit: int) -> list[Tie]:
    """Statements tying one of `entity_ids` to another entity: relation facts (subject and object both
    entities) and events (each other argument of an event in which one of them takes part)."""
    if not entity_ids:
        return []
    ids = json.dumps(list(entity_ids))
    date = _claim_date()
    rows = conn.execute(
        f"SELECT s.id, s.kind, s.predicate, s.mode, s.subject_id, s.object_id, s.document_id, {date}"
        " FROM statements s JOIN documents d ON d.id = s.document_id"
        " WHERE s.kind = 'fact' AND s.object_id IS NOT NULL AND s.negated = 0"
        " AND (s.subject_id IN (SELECT value FROM json_each(?))"
        " OR s.object_id IN (SELECT value FROM json_each(?)))"
        " UNION ALL"
        f" SELECT s.id, s.kind, s.predicate, s.mode, a.entity_id, o.entity_id, s.document_id, {date}"
        " FROM arguments a JOIN arguments o ON o.statement_id = a.statement_id AND o.entity_id != a.entity_id"
        " JOIN statements s ON s.id = a.statement_id JOIN documents d ON d.id = s.document_id"
        " WHERE a.entity_id IN (SELECT value FROM json_each(?)) AND s.negated = 0"
        " LIMIT ?",
        (ids, ids, ids, limit),
    )
    return [Tie(*row) for row in rows]


def recent_actors(conn: sqlite3.Connection, *, types: Sequence[str], groups: int, limit: int) -> list[str]:
    """Entity ids of `types` taking part in the latest dated event groups (a start for the network
    when no entity is given), most involved first; reads `groups` keys, never the whole table."""
    rows = conn.execute(
        "SELECT a.entity_id, count(*) AS n FROM"
        f" (SELECT grp FROM event_keys WHERE first != '{NO_DATE}' ORDER BY first DESC LIMIT ?) k"
        " JOIN statements s ON (s.event_group = k.grp OR (+s.event_group IS NULL AND s.id = k.grp))"
        " JOIN arguments a ON a.statement_id = s.id JOIN entities e ON e.id = a.entity_id"
        f" WHERE e.type IN ({marks(types)}) GROUP BY a.entity_id ORDER BY n DESC, a.entity_id LIMIT ?",
        (groups, *types, limit),
    )
    return [str(row[0]) for row in rows]


def entity_types(conn: sqlite3.Connection, entity_ids: Sequence[str]) -> dict[str, str]:
    """Entity id -> type, for those that exist."""
    out: dict[str, str] = {}
    for part in chunks(entity_ids):
        for row in conn.execute(f"SELECT id, type FROM entities WHERE id IN ({marks(part)})", tuple(part)):
            out[str(row[0])] = str(row[1])
    return out
