"""The Python API: batches in input order, one or two processes, offsets that hold."""

from __future__ import annotations

from typing import Any

from newsgraph.api import extract_documents
from newsgraph.document import Document

TEXT = (
    "Police arrested Rami Khoury in Beirut on Monday, said ministry spokesman Elias Haddad.\n"
    "Khoury, whose real name is Rami Nabil Saad, was born in Tripoli in 1980."
)


def _documents() -> list[Document]:
    return [Document.create(TEXT + f" Case {n}.", id=f"doc-{n}", published="2021-01-05") for n in range(4)]


def test_api_two_processes_keep_order_and_results(nlp: Any) -> None:
    one = list(extract_documents(_documents(), nlp=nlp, n_process=1))
    two = list(extract_documents(_documents(), nlp=nlp, n_process=2))
    assert [r["document"]["id"] for r in two] == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert [len(r["facts"]) for r in two] == [len(r["facts"]) for r in one]
    assert [len(r["events"]) for r in two] == [len(r["events"]) for r in one]


def test_api_evidence_offsets_point_into_the_text(nlp: Any) -> None:
    (result,) = extract_documents(_documents()[:1], nlp=nlp)
    text = TEXT + " Case 0."
    statements = [*result["facts"], *result["events"]]
    assert statements
    for statement in statements:
        ev = statement["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
        assert ev["text"] == ev["text"].strip()
