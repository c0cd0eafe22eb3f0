"""`event_keys` (the time-order key of each event group the API pages by) follows every write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsgraph.store import connect
from newsgraph.store.queries.api import event_group_page
from newsgraph.store.queries.statements import EventFilter

CLAIM_DATE = "CASE WHEN s.time_value GLOB '[0-9][0-9][0-9][0-9]*' THEN s.time_value ELSE d.published END"


def grouped(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str, str]]:
    """The keys computed from scratch over the event statements (in Python for the reach)."""
    rows = conn.execute(
        f"SELECT coalesce(s.event_group, s.id), {CLAIM_DATE} FROM statements s"
        " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event'"
    ).fetchall()
    dates: dict[str, list[str]] = {}
    for group, date in rows:
        dates.setdefault(group, []).extend([date] if date else [])
    published = dict(
        conn.execute(
            "SELECT coalesce(s.event_group, s.id), min(d.published) FROM statements s"
            " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event' GROUP BY 1"
        ).fetchall()
    )
    return {
        group: (
            min(found, default="~"),
            published[group] or "~",
            max(found, default=""),
            max((d + "~" for d in found), default=""),
        )
        for group, found in dates.items()
    }


def kept(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str, str]]:
    """The keys the triggers kept; each group's labels must carry its key and name its claims' types."""
    keys = {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in conn.execute("SELECT grp, first, pub, last, reach FROM event_keys")
    }
    labels = {
        (r[0], r[1], r[2], r[3]) for r in conn.execute("SELECT label, first, pub, grp FROM event_labels")
    }
    expected = set()
    for row in conn.execute(
        "SELECT coalesce(event_group, id), predicate, mode FROM statements WHERE kind = 'event'"
    ):
        first, pub, _last, _reach = keys[row[0]]
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


def matches_since(date: str, since: str) -> bool:
    """The API's rule: a date of lower precision matches when its period reaches `since`."""
    return date >= since[: len(date)]


def test_a_page_since_a_date_is_the_groups_with_a_claim_that_reaches_it(fresh_kb: Path) -> None:
    conn = connect(fresh_kb)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM statements WHERE kind = 'event' ORDER BY id")]
        assert len(ids) >= 4
        # one group with a year-only claim and a later full date of another year, one with a month
        with conn:
            conn.execute(
                "UPDATE statements SET event_group = 'span', time_value = '2030' WHERE id = ?", (ids[0],)
            )
            conn.execute(
                "UPDATE statements SET event_group = 'span', time_value = '2029-02-11' WHERE id = ?",
                (ids[1],),
            )
            conn.execute("UPDATE statements SET time_value = '2030-06' WHERE id = ?", (ids[2],))
        keys = kept(conn)
        assert keys == grouped(conn) and keys["span"][3] == "2030~"
        rows = conn.execute(
            f"SELECT coalesce(s.event_group, s.id), {CLAIM_DATE} FROM statements s"
            " JOIN documents d ON d.id = s.document_id WHERE s.kind = 'event'"
        ).fetchall()
        for since in ("2029", "2029-03", "2030", "2030-05", "2030-06-30", "2030-07", "2031", "1990-01-01"):
            page = event_group_page(conn, selection=EventFilter(since=since), limit=10_000)
            expected = {group for group, date in rows if date and matches_since(date, since)}
            assert {key.id for key in page} == expected, since
            assert [key.first for key in page] == sorted(key.first for key in page)
        # 'span' starts in 2029 and holds '2030': it is listed since 2030-05 (its year reaches it)
        since_may = event_group_page(conn, selection=EventFilter(since="2030-05"), limit=10_000)
        assert "span" in {key.id for key in since_may}
    finally:
        conn.close()
