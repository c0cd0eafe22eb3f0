"""The pipeline's steps: plan by content hash, extract in input order, write batches to the store."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from newsgraph.document import Document, IngestError
from newsgraph.pipeline import Skipped, extract_documents, plan, write
from newsgraph.schema import DocumentJSON, ExtractionJSON
from newsgraph.store import connect
from newsgraph.store.write import content_hash, store_result

TEXT = (
    "Police arrested Rami Khoury in Beirut on Monday, said ministry spokesman Elias Haddad.\n"
    "Khoury, whose real name is Rami Nabil Saad, was born in Tripoli in 1980."
)


def _documents() -> list[Document]:
    return [Document.create(TEXT + f" Case {n}.", id=f"doc-{n}", published="2021-01-05") for n in range(4)]


def _empty(document: Document) -> ExtractionJSON:
    """An extraction that found nothing: enough to store the document."""
    meta: DocumentJSON = {
        "id": document.id,
        "title": None,
        "published": None,
        "source": None,
        "language": "en",
    }
    return {"document": meta, "entities": [], "facts": [], "events": []}


@pytest.fixture
def conn() -> sqlite3.Connection:
    return connect(":memory:")


def test_pipeline_plan_skips_stored_and_repeated_texts(conn: sqlite3.Connection) -> None:
    stored, new, *_ = _documents()
    store_result(conn, _empty(stored), text=stored.text, content_hash=content_hash(stored.text))
    error = IngestError(source="x.txt", code="E002", message="x.txt: the input is empty.")
    again = Document.create(new.text, id="doc-1-again")
    planned = list(plan(conn, [stored, error, new, again]))
    assert planned == [Skipped(stored), error, new, Skipped(again)]


def test_pipeline_plan_is_lazy_and_sees_what_was_written_meanwhile(conn: sqlite3.Connection) -> None:
    first, *_ = _documents()
    planned = plan(conn, [first, Document.create(first.text, id="copy")])
    assert next(planned) == first
    write(conn, [(_empty(first), first)])
    assert next(planned) == Skipped(Document.create(first.text, id="copy"))


def test_pipeline_write_stores_a_batch_with_its_errors_and_counts_only_new(conn: sqlite3.Connection) -> None:
    documents = _documents()[:2]
    error = IngestError(source="x.txt", code="E002", message="x.txt: the input is empty.")
    assert write(conn, [(_empty(d), d) for d in documents], errors=[error]) == 2
    assert write(conn, [(_empty(documents[0]), documents[0])]) == 0  # stored already: nothing written
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert [row[0] for row in conn.execute("SELECT code FROM errors")] == ["E002"]
    assert not conn.in_transaction  # committed


def test_pipeline_two_processes_keep_order_and_results(nlp: Any) -> None:
    one = list(extract_documents(_documents(), nlp=nlp, n_process=1))
    two = list(extract_documents(_documents(), nlp=nlp, n_process=2))
    assert [r["document"]["id"] for r in two] == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert [len(r["facts"]) for r in two] == [len(r["facts"]) for r in one]
    assert [len(r["events"]) for r in two] == [len(r["events"]) for r in one]


def test_pipeline_evidence_offsets_point_into_the_text(nlp: Any) -> None:
    (result,) = extract_documents(_documents()[:1], nlp=nlp)
    text = TEXT + " Case 0."
    statements = [*result["facts"], *result["events"]]
    assert statements
    for statement in statements:
        ev = statement["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
        assert ev["text"] == ev["text"].strip()
