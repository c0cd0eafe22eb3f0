"""The query functions of `newsgraph.store.queries`, over one hand-built extraction per test."""

from __future__ import annotations

import sqlite3

import pytest
from test_store_result import TEXT, arrest_report

from newsgraph.store import connect, queries
from newsgraph.store.queries import EventFilter, JudgementRow
from newsgraph.store.write import content_hash, store_result

STAMP = "2024-01-01T00:00:00+00:00"


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = connect(":memory:")
    assert store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
    conn.commit()
    return conn


def test_queries_member_id_of_entity_or_canonical_id(conn: sqlite3.Connection) -> None:
    assert queries.member_id(conn, "story-1/e1") == "story-1/e1"
    queries.set_canonical_ids(conn, {"story-1/e2": "story-1/e4", "story-1/e4": "story-1/e4"})
    assert queries.member_id(conn, "story-1/e4") == "story-1/e2"  # the lowest member
    assert queries.member_id(conn, "nobody") is None
    assert queries.member_ids(conn, "story-1/e4") == ["story-1/e2", "story-1/e4"]
    members = queries.canonical_members(conn, ["story-1/e4", "story-1/e1"], by_id=True)
    assert [(m.canonical_id, m.id) for m in members] == [
        ("story-1/e1", "story-1/e1"),
        ("story-1/e4", "story-1/e2"),
        ("story-1/e4", "story-1/e4"),
    ]


def test_queries_machine_judgements_replaced_person_ones_kept(conn: sqlite3.Connection) -> None:
    machine = JudgementRow("story-1/e1", "story-1/e3", "unsure", 0.7, "machine", STAMP)
    person = JudgementRow("story-1/e2", "story-1/e4", "positive", 1.0, "person:ana", STAMP)
    queries.record_judgement(conn, person)
    overruled = JudgementRow("story-1/e2", "story-1/e4", "negative", 0.1, "machine", STAMP)
    queries.replace_machine_judgements(conn, [machine, overruled])
    assert sorted(queries.all_judgements(conn), key=lambda j: (j.a, j.author)) == [machine, overruled, person]
    # A pair a person has judged is not up for review.
    (pair,) = queries.unsettled_machine_pairs(conn)
    assert (pair.a, pair.b, pair.name_a, pair.name_b, pair.type) == (
        "story-1/e1",
        "story-1/e3",
        "Abdul Rashid Tessouni",
        "Varnesian officials",
        "PERSON",
    )
    queries.replace_machine_judgements(conn, [])
    assert queries.all_judgements(conn) == [person]


def test_queries_event_groups_filtered(conn: sqlite3.Connection) -> None:
    (event,) = queries.event_group_ids(conn)
    for selection in (
        EventFilter(type="coerce"),
        EventFilter(type="ARREST"),
        EventFilter(type="COERCE/arrest"),
        EventFilter(since="2020-05", until="2020-05-20"),
        EventFilter(entities=("story-1/e1",)),
        EventFilter(places=("story-1/e2",)),
    ):
        assert queries.event_group_ids(conn, selection=selection) == [event], selection
    for selection in (
        EventFilter(type="COERCE/kill"),
        EventFilter(since="2020-05-21"),
        EventFilter(until="2019"),
        EventFilter(entities=("story-1/e4",)),
        EventFilter(places=("story-1/e1",)),
    ):
        assert queries.event_group_ids(conn, selection=selection) == [], selection
    (claim,) = queries.events_in_groups(conn, [event])
    assert (claim.predicate, claim.mode, claim.event_group) == ("COERCE", "arrest", event)
    assert queries.arguments_of(conn, [event]) == {event: [("place", "story-1/e2"), ("target", "story-1/e1")]}


def test_queries_document_text_mentions_and_statements(conn: sqlite3.Connection) -> None:
    document = queries.document_text(conn, "story-1")
    assert document is not None and document.text == TEXT
    assert queries.document_text(conn, "story-2") is None
    mentions = queries.mentions_in_document(conn, "story-1")
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(TEXT[m.start : m.end] == m.text for m in mentions)
    statements = queries.statements_of_document(conn, "story-1")
    assert [s.kind for s in statements] == ["event", "fact", "fact"]  # by evidence offset
    assert all(TEXT[s.evidence_start : s.evidence_end] == s.evidence_text for s in statements)


def test_queries_table_rows_fit_their_columns(conn: sqlite3.Connection) -> None:
    for name, columns in queries.TABLE_COLUMNS.items():
        rows = list(queries.table_rows(conn, name))
        assert all(len(row) == len(columns) for row in rows), name
    assert len(list(queries.table_rows(conn, "mentions.csv"))) == 5
    (tessouni_member,) = [m for m in queries.members_with_aliases(conn) if m.id == "story-1/e1"]
    assert tessouni_member.aliases == ("Hajji Abu Samra",)
