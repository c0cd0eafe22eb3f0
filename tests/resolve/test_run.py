"""Resolution over a real store: text and person judgements, re-resolution, event groups."""

from __future__ import annotations

import sqlite3
from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.resolve.run import judge, resolve_store
from newsgraph.store.db import connect
from newsgraph.store.write import content_hash, store_result

REPORTS = [
    (
        "Police arrested Abu Karim al-Tovani in Korvik on Monday, the Interior Ministry said.\n"
        "Abu Karim al-Tovani was born in 1986.",
        "2021-03-02",
    ),
    (
        "Abu Karim al-Tovany, a militant commander, was arrested in Korvik this week, officials said.",
        "2021-03-04",
    ),
    (
        "Omar Hadid is not the same as Omar Hadidi, who fled to Varnesia, "
        "analyst Sara Kent told Norvane Press.",
        "2021-03-05",
    ),
]


def _store(nlp: Any) -> sqlite3.Connection:
    conn = connect(":memory:")
    for text, published in REPORTS:
        result = extract_text(text, published=published, nlp=nlp)
        store_result(conn, result, text=text, content_hash=content_hash(text))
    return conn


def _ids(conn: sqlite3.Connection, name: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM entities WHERE name = ? ORDER BY id", (name,))]


def _canonical(conn: sqlite3.Connection, eid: str) -> str:
    return str(
        conn.execute("SELECT coalesce(canonical_id, id) FROM entities WHERE id = ?", (eid,)).fetchone()[0]
    )


def test_run_spelling_variants_become_one_canonical_entity(nlp: Any) -> None:
    conn = _store(nlp)
    resolve_store(conn)
    (a,) = _ids(conn, "Abu Karim al-Tovani")
    (b,) = _ids(conn, "Abu Karim al-Tovany")
    assert _canonical(conn, a) == _canonical(conn, b)


def test_run_text_says_different_is_a_negative_judgement(nlp: Any) -> None:
    conn = _store(nlp)
    stats = resolve_store(conn)
    assert stats.negative_from_text == 1
    (a,) = _ids(conn, "Omar Hadid")
    (b,) = _ids(conn, "Omar Hadidi")
    assert _canonical(conn, a) != _canonical(conn, b)


def test_run_person_judgement_outranks_machine_and_survives_reresolution(nlp: Any) -> None:
    conn = _store(nlp)
    resolve_store(conn)
    (a,) = _ids(conn, "Abu Karim al-Tovani")
    (b,) = _ids(conn, "Abu Karim al-Tovany")
    judge(conn, a, b, "negative", author="person:tester")
    assert _canonical(conn, a) != _canonical(conn, b)
    resolve_store(conn)
    assert _canonical(conn, a) != _canonical(conn, b)
    judge(conn, a, b, "positive", author="person:tester")
    resolve_store(conn)
    assert _canonical(conn, a) == _canonical(conn, b)


def test_run_reports_of_one_arrest_share_an_event_group(nlp: Any) -> None:
    conn = _store(nlp)
    resolve_store(conn)
    groups = conn.execute(
        "SELECT event_group, count(DISTINCT document_id) FROM statements"
        " WHERE kind = 'event' AND predicate = 'COERCE' GROUP BY event_group"
    ).fetchall()
    assert any(n == 2 for _group, n in groups), groups
