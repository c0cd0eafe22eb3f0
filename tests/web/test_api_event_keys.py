"""`event_keys` (the time-order key of each event group the API pages by) follows every write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsgraph.store import connect

CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"


def grouped(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """The keys computed from scratch over the event statements."""
    rows = conn.execute(
        f"SELECT coalesce(s.event_group, s.id), coalesce(min({CLAIM_DATE}), '~'),"
        f" coalesce(min(d.published), '~'), coalesce(max({CLAIM_DATE}), '')"
        " FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event' GROUP BY 1"
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def kept(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """The keys the triggers kept; each group's labels must carry its key and name its claims' types."""
    keys = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT grp, first, pub, last FROM event_keys")}
    labels = {
        (r[0], r[1], r[2], r[3]) for r in conn.execute("SELECT label, first, pub, grp FROM event_labels")
    }
    expected = set()
    for row in conn.execute(
        "SELECT coalesce(event_group, id), predicate, mode FROM statements WHERE kind = 'event'"
    ):
        first, pub, _last = keys[row[0]]
        names = {row[1].lower()} | (
            {row[2].lower(), f"{row[1].lower()}/{row[2].lower()}"} if row[2] else set()
        )
        expected |= {(name, first, pub, row[0]) for name in names}
    assert labels == expected
    return keys


def test_event_keys_follow_regrouping_dates_and_deletion(fresh_kb: Path) -> None:
    conn = connect(fresh_kb)
    try:
        assert kept(conn) == grouped(conn) and kept(conn)
        rows = conn.execute("SELECT id FROM statements WHERE kind = 'event' ORDER BY id LIMIT 2")
        ids = [r[0] for r in rows]
        with conn:
            conn.execute("UPDATE statements SET event_group = ? WHERE id IN (?, ?)", ("joined", *ids))
        assert kept(conn) == grouped(conn) and "joined" in kept(conn)
        with conn:
            document = "wire:2031/04/checkpoint"
            conn.execute("UPDATE documents SET published = '2001-01-01' WHERE id = ?", (document,))
        assert kept(conn) == grouped(conn)
        with conn:
            conn.execute("UPDATE statements SET time_value = '1999-05' WHERE id = ?", (ids[1],))
        assert kept(conn) == grouped(conn) and kept(conn)["joined"][0] == "1999-05"
        with conn:
            conn.execute("DELETE FROM statements WHERE id IN (?, ?)", tuple(ids))
        assert kept(conn) == grouped(conn) and "joined" not in kept(conn)
    finally:
        conn.close()
