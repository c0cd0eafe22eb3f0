"""The sort key of every event group, kept by triggers, so that a page of events costs the page.

``event_keys`` holds one row per event group (``coalesce(event_group, id)`` of the event
statements): the earliest claim date (a claim's time value when it starts with a year,
else its document's publication date; ``~`` when no claim has one, so undated groups sort
last), the earliest publication date, the latest claim date (``''`` when none), and the
reach: the latest claim date with ``~`` appended (``''`` when none). A claim date ``d``
matches ``since=s`` when ``d >= s[:len(d)]`` ('2021' matches 2021-03), which is
``d || '~' >= s``; so a group has a claim on or after ``s`` exactly when its reach, the
greatest ``d || '~'``, is ``>= s``, and a page of events since a date needs no per-group
look at the claims;
``event_labels`` holds the same key under each lower-case type, mode and type/mode of the
group's claims, for listing one type. Listing events in time order reads their indexes
instead of grouping every event statement. Triggers
on ``statements`` and ``documents`` recompute a group's row whenever one of its statements
is written, moved to another group or removed, or a document's date changes.
"""

from __future__ import annotations

import sqlite3

NO_DATE = "~"  # sorts after every ISO date
_CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"
_COLUMNS = "grp, first, pub, last, reach"
# first, pub, last and reach of the claims in the FROM clause (`s` statements, `d` their documents)
_KEYS = (
    f"coalesce(min({_CLAIM_DATE}), '{NO_DATE}'), coalesce(min(d.published), '{NO_DATE}'),"
    f" coalesce(max({_CLAIM_DATE}), ''), coalesce(max(({_CLAIM_DATE}) || '~'), '')"
)


# the event groups of the document a trigger names (``new.id``)
_DOCUMENT_GROUPS = (
    "SELECT coalesce(event_group, id) FROM statements WHERE document_id = new.id AND kind = 'event'"
)


def _recompute(group: str) -> str:
    """Statements (for a trigger body) that rewrite the row of the group `group` (an SQL expression)."""
    return (
        f"DELETE FROM event_keys WHERE grp = {group};"
        f" INSERT INTO event_keys ({_COLUMNS}) SELECT {group}, {_KEYS}"
        " FROM statements s JOIN documents d ON d.id = s.document_id"
        f" WHERE +s.kind = 'event'"  # `+`: find the group's rows by group and id, not among all events
        f" AND (s.event_group = {group} OR (+s.event_group IS NULL AND s.id = {group}))"
        " HAVING count(*) > 0;"
        f" DELETE FROM event_labels WHERE grp = {group};"
        f" INSERT INTO event_labels (label, first, pub, grp) {_labels(f'k.grp = {group}')};"
    )


def _labels(groups: str) -> str:
    """A SELECT of the (label, first, pub, grp) rows of the event groups `groups` (a condition on
    ``k``, the group's event_keys row): each claim's lower-case type, mode and type/mode."""
    label = (
        "CASE x.n WHEN 0 THEN lower(s.predicate) WHEN 1 THEN lower(s.mode)"
        " ELSE lower(s.predicate) || '/' || lower(s.mode) END"
    )
    return (
        "SELECT DISTINCT label, first, pub, grp FROM ("
        f" SELECT {label} AS label, k.first AS first, k.pub AS pub, k.grp AS grp FROM event_keys k"
        " JOIN statements s ON (s.event_group = k.grp OR (+s.event_group IS NULL AND s.id = k.grp))"
        " JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) x"
        f" WHERE {groups} AND +s.kind = 'event') WHERE label IS NOT NULL"
    )


SCHEMA = f"""
CREATE TABLE event_keys (
    grp TEXT PRIMARY KEY,
    first TEXT NOT NULL,
    pub TEXT NOT NULL,
    last TEXT NOT NULL,
    reach TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX event_keys_order ON event_keys(first, pub, grp, last, reach);
CREATE TABLE event_labels (
    label TEXT NOT NULL,
    first TEXT NOT NULL,
    pub TEXT NOT NULL,
    grp TEXT NOT NULL,
    PRIMARY KEY (label, first, pub, grp)
) WITHOUT ROWID;
CREATE INDEX event_labels_grp ON event_labels(grp);
INSERT INTO event_keys ({_COLUMNS})
    SELECT coalesce(s.event_group, s.id), {_KEYS}
    FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event'
    GROUP BY coalesce(s.event_group, s.id);
INSERT INTO event_labels (label, first, pub, grp) {_labels("1")};
CREATE TRIGGER event_keys_insert AFTER INSERT ON statements WHEN new.kind = 'event' BEGIN
    {_recompute("coalesce(new.event_group, new.id)")}
END;
CREATE TRIGGER event_keys_update AFTER UPDATE OF event_group, time_value, kind, document_id ON statements
WHEN old.kind = 'event' OR new.kind = 'event' BEGIN
    {_recompute("coalesce(old.event_group, old.id)")}
    {_recompute("coalesce(new.event_group, new.id)")}
END;
CREATE TRIGGER event_keys_delete AFTER DELETE ON statements WHEN old.kind = 'event' BEGIN
    {_recompute("coalesce(old.event_group, old.id)")}
END;
CREATE TRIGGER event_keys_published AFTER UPDATE OF published ON documents BEGIN
    DELETE FROM event_keys WHERE grp IN (
        SELECT coalesce(event_group, id) FROM statements WHERE document_id = new.id AND kind = 'event');
    INSERT INTO event_keys ({_COLUMNS})
        SELECT g.grp, {_KEYS}
        FROM (SELECT DISTINCT coalesce(event_group, id) AS grp FROM statements
              WHERE document_id = new.id AND kind = 'event') g
        JOIN statements s ON (s.event_group = g.grp OR (+s.event_group IS NULL AND s.id = g.grp))
        JOIN documents d ON d.id = s.document_id
        WHERE +s.kind = 'event' GROUP BY g.grp;
    DELETE FROM event_labels WHERE grp IN (
        SELECT coalesce(event_group, id) FROM statements WHERE document_id = new.id AND kind = 'event');
    INSERT INTO event_labels (label, first, pub, grp) {_labels(f"k.grp IN ({_DOCUMENT_GROUPS})")};
END;
"""


def create_event_keys(conn: sqlite3.Connection) -> None:
    """Create, fill and start maintaining ``event_keys`` (run inside the migration's transaction)."""
    from .schema import _run

    _run(conn, SCHEMA)


def refill_event_keys(conn: sqlite3.Connection) -> None:
    """Recompute every row of ``event_keys`` and ``event_labels`` from the statements (after a bulk
    load without triggers)."""
    conn.execute("DELETE FROM event_labels")
    conn.execute("DELETE FROM event_keys")
    conn.execute(
        f"INSERT INTO event_keys ({_COLUMNS}) SELECT coalesce(s.event_group, s.id), {_KEYS}"
        " FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event'"
        " GROUP BY coalesce(s.event_group, s.id)"
    )
    conn.execute(f"INSERT INTO event_labels (label, first, pub, grp) {_labels('1')}")


def recreate_event_keys(conn: sqlite3.Connection) -> None:
    """Drop and make again the tables, index and triggers of ``event_keys`` (a base built while the
    schema of version 3 was younger), in one transaction."""
    with conn:
        rebuild_event_keys(conn)


def rebuild_event_keys(conn: sqlite3.Connection) -> None:
    """Drop and make again the tables, index and triggers of ``event_keys``, filled from the
    statements, inside the caller's transaction (version 5 added ``reach``)."""
    from .schema import _run

    for name in ("event_keys_insert", "event_keys_update", "event_keys_delete", "event_keys_published"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS event_labels")
    conn.execute("DROP TABLE IF EXISTS event_keys")
    _run(conn, SCHEMA)
