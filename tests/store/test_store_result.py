"""One extraction into rows: built by hand, stored in a fresh in-memory database per test."""

from __future__ import annotations

import copy
import json
import sqlite3

import pytest

from newsgraph.schema import ExtractionJSON, SpanJSON
from newsgraph.store import connect, transaction
from newsgraph.store.write import content_hash, statement_id, store_result

TEXT = (
    "Abdul Rashid Tessouni, also known as Hajji Abu Samra, was arrested in Qasrana on May 20, "
    "Varnesian officials said. Tessouni was born in Tal Hasrun in 1967."
)
SENTENCE_2 = TEXT.index("Tessouni was born")


def at(words: str, *, after: int = 0) -> SpanJSON:
    """The span of `words` in TEXT (the first at or after `after`)."""
    start = TEXT.index(words, after)
    return {"start": start, "end": start + len(words), "text": words}


def arrest_report(document_id: str = "story-1") -> ExtractionJSON:
    """A small extraction of TEXT in the contract's shape."""
    return {
        "document": {
            "id": document_id,
            "title": "Senior Tarn Front leader arrested",
            "published": "2020-05-21",
            "source": "examples/tessouni.txt",
            "language": "en",
        },
        "entities": [
            {
                "id": "e1",
                "type": "PERSON",
                "name": "Abdul Rashid Tessouni",
                "aliases": [{"name": "Hajji Abu Samra", "kind": "alias"}],
                "mentions": [
                    at("Abdul Rashid Tessouni"),
                    at("Tessouni", after=SENTENCE_2),
                ],
            },
            {
                "id": "e2",
                "type": "PLACE",
                "name": "Qasrana",
                "aliases": [],
                "mentions": [at("Qasrana")],
            },
            {
                "id": "e3",
                "type": "ORG",
                "name": "Varnesian officials",
                "aliases": [],
                "mentions": [at("Varnesian officials")],
            },
            {
                "id": "e4",
                "type": "PLACE",
                "name": "Tal Hasrun",
                "aliases": [],
                "mentions": [at("Tal Hasrun")],
            },
        ],
        "facts": [
            {
                "id": "f1",
                "predicate": "born_in",
                "subject": "e1",
                "object": "e4",
                "qualifiers": {},
                "time": None,
                "source": None,
                "hedged": False,
                "negated": False,
                "evidence": at(TEXT[SENTENCE_2:]),
                "confidence": 0.8,
                "extractor": "facts.born_in",
            },
            {
                "id": "f2",
                "predicate": "born_on",
                "subject": "e1",
                "object": {"value": "1967"},
                "qualifiers": {},
                "time": {"text": "1967", "value": "1967", "precision": "year", "relation": "on"},
                "source": None,
                "hedged": False,
                "negated": False,
                "evidence": at(TEXT[SENTENCE_2:]),
                "confidence": 0.7,
                "extractor": "facts.born_on",
            },
        ],
        "events": [
            {
                "id": "v1",
                "type": "COERCE",
                "mode": "arrest",
                "trigger": at("arrested"),
                "arguments": [
                    {"role": "target", "entity": "e1"},
                    {"role": "place", "entity": "e2"},
                ],
                "time": {
                    "text": "May 20",
                    "value": "2020-05-20",
                    "precision": "day",
                    "relation": "on",
                    "candidates": [2020],
                },
                "source": "e3",
                "hedged": False,
                "negated": False,
                "evidence": at(TEXT[: SENTENCE_2 - 1]),
                "confidence": 0.9,
                "extractor": "events.verb",
            }
        ],
    }


@pytest.fixture
def conn() -> sqlite3.Connection:
    return connect(":memory:")


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_store_result_round_trip(conn: sqlite3.Connection) -> None:
    assert store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
    document = conn.execute("SELECT * FROM documents").fetchone()
    assert (document["id"], document["title"], document["published"]) == (
        "story-1",
        "Senior Tarn Front leader arrested",
        "2020-05-21",
    )
    assert document["text"] == TEXT and document["content_hash"] == content_hash(TEXT)
    assert document["extractor_version"].startswith("newsgraph ")
    entities = conn.execute(
        "SELECT id, local_id, type, name, canonical_id FROM entities ORDER BY id"
    ).fetchall()
    assert [tuple(e) for e in entities][0] == ("story-1/e1", "e1", "PERSON", "Abdul Rashid Tessouni", None)
    assert count(conn, "entities") == 4 and count(conn, "mentions") == 5
    alias = conn.execute("SELECT * FROM aliases").fetchone()
    assert tuple(alias) == ("story-1/e1", "Hajji Abu Samra", "alias")

    born_in, born_on = conn.execute(
        "SELECT * FROM statements WHERE kind = 'fact' ORDER BY local_id"
    ).fetchall()
    assert (born_in["subject_id"], born_in["object_id"], born_in["object_literal"]) == (
        "story-1/e1",
        "story-1/e4",
        None,
    )
    assert (born_on["object_id"], born_on["object_literal"], born_on["time_value"]) == (None, "1967", "1967")
    assert born_on["evidence_text"] == "Tessouni was born in Tal Hasrun in 1967."
    assert json.loads(born_on["qualifiers"]) == {}

    event = conn.execute("SELECT * FROM statements WHERE kind = 'event'").fetchone()
    assert (event["predicate"], event["mode"], event["trigger_text"]) == ("COERCE", "arrest", "arrested")
    assert (event["source_id"], event["time_value"], event["time_precision"]) == (
        "story-1/e3",
        "2020-05-20",
        "day",
    )
    assert json.loads(event["qualifiers"]) == {"time_candidates": [2020]}
    assert event["hedged"] == 0 and event["event_group"] is None
    arguments = conn.execute("SELECT role, entity_id FROM arguments WHERE statement_id = ?", (event["id"],))
    assert sorted(tuple(a) for a in arguments) == [("place", "story-1/e2"), ("target", "story-1/e1")]


def test_store_result_statement_ids_hash_content_and_document(conn: sqlite3.Connection) -> None:
    result = arrest_report()
    store_result(conn, result, text=TEXT, content_hash=content_hash(TEXT))
    ids = {row[0] for row in conn.execute("SELECT id FROM statements")}
    assert ids == {
        statement_id("story-1", "fact", result["facts"][0]),
        statement_id("story-1", "fact", result["facts"][1]),
        statement_id("story-1", "event", result["events"][0]),
    }
    assert all(i.startswith("sha256:") and len(i) == 7 + 64 for i in ids)
    fact = result["facts"][0]
    renumbered = {**fact, "id": "f9"}
    assert statement_id("story-1", "fact", renumbered) == statement_id("story-1", "fact", fact)
    assert statement_id("story-2", "fact", fact) != statement_id("story-1", "fact", fact)
    assert statement_id("story-1", "fact", {**fact, "hedged": True}) != statement_id("story-1", "fact", fact)


def test_store_result_same_text_twice_is_stored_once(conn: sqlite3.Connection) -> None:
    assert store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
    assert not store_result(conn, arrest_report("story-1-copy"), text=TEXT, content_hash=content_hash(TEXT))
    assert (count(conn, "documents"), count(conn, "entities"), count(conn, "statements")) == (1, 4, 3)


def test_store_result_id_taken_by_another_text_falls_back_to_content_id(conn: sqlite3.Connection) -> None:
    store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
    updated = TEXT + " He was handed to the courts."
    assert store_result(conn, arrest_report(), text=updated, content_hash=content_hash(updated))
    ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY seq")]
    assert ids == ["story-1", content_hash(updated)]
    assert count(conn, "entities") == 8


def test_store_result_writes_nothing_when_a_row_fails(conn: sqlite3.Connection) -> None:
    broken = arrest_report()
    del broken["events"][0]["evidence"]  # type: ignore[misc]
    with pytest.raises(KeyError):
        store_result(conn, broken, text=TEXT, content_hash=content_hash(TEXT))
    tables = ("documents", "entities", "aliases", "mentions", "statements", "arguments", "entities_fts")
    assert [count(conn, table) for table in tables] == [0] * len(tables)
    assert not conn.in_transaction


def test_store_result_joins_the_callers_transaction(conn: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError), transaction(conn):
        assert store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
        raise RuntimeError("the batch fails after the document was written")
    assert count(conn, "documents") == 0
    assert store_result(conn, copy.deepcopy(arrest_report()), text=TEXT, content_hash=content_hash(TEXT))


def test_store_result_feeds_full_text_search(conn: sqlite3.Connection) -> None:
    store_result(conn, arrest_report(), text=TEXT, content_hash=content_hash(TEXT))
    hit = conn.execute(
        "SELECT d.id FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
        " WHERE documents_fts MATCH 'hasrun'"
    ).fetchone()
    assert hit["id"] == "story-1"
    names = conn.execute("SELECT entity_id FROM entities_fts WHERE entities_fts MATCH 'hajji'").fetchall()
    assert [n[0] for n in names] == ["story-1/e1"]
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
