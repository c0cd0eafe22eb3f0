"""What the HTML pages read beyond the JSON API: the event types for the filters, the places of
events for the map."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventTypeCount:
    type: str  # PLOVER type, with the mode after a slash when there is one ('COERCE/arrest')
    events: int


@dataclass(frozen=True, slots=True)
class EventPlace:
    """A place (canonical id) where events happened, with one of its names and the events' count."""

    canonical_id: str
    name: str
    events: int


def event_type_counts(conn: sqlite3.Connection) -> list[EventTypeCount]:
    """Each event type (and type/mode) with its number of events, most frequent first."""
    rows = conn.execute(
        "SELECT predicate, mode, count(*) FROM statements WHERE kind = 'event'"
        " GROUP BY predicate, mode ORDER BY count(*) DESC, predicate, mode"
    ).fetchall()
    counts: dict[str, int] = {}
    for predicate, mode, events in rows:
        counts[str(predicate)] = counts.get(str(predicate), 0) + int(events)
        if mode:
            counts[f"{predicate}/{mode}"] = int(events)
    return [
        EventTypeCount(type=k, events=v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def event_places(conn: sqlite3.Connection, *, limit: int) -> list[EventPlace]:
    """The places in the 'place' role of events, by the number of event groups there, at most `limit`."""
    rows = conn.execute(
        "SELECT coalesce(e.canonical_id, e.id) AS place, min(e.name),"
        " count(DISTINCT coalesce(s.event_group, s.id)) AS events"
        " FROM arguments a JOIN statements s ON s.id = a.statement_id JOIN entities e ON e.id = a.entity_id"
        " WHERE a.role = 'place' AND s.kind = 'event' AND s.negated = 0"
        " GROUP BY place ORDER BY events DESC, place LIMIT ?",
        (limit,),
    ).fetchall()
    return [EventPlace(canonical_id=str(r[0]), name=str(r[1]), events=int(r[2])) for r in rows]


def entity_types(conn: sqlite3.Connection) -> list[str]:
    """The entity types the base holds, in order (read off the type index)."""
    return [str(row[0]) for row in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]
