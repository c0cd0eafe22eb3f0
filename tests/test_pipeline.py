"""The pipeline's steps: plan by content hash, extract in input order, write batches to the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from newsgraph.document import Document, IngestError
from newsgraph.nlp.parts import split_text
from newsgraph.pipeline import (
    DocumentFailed,
    IngestCounts,
    Skipped,
    extract_documents,
    ingest_paths,
    plan,
    write,
)
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


# --------------------------------------------------------------------------- long documents, failures

PARAGRAPH = (
    "Vasko Dremel, the mayor of Ostrava Kell, said on Tuesday that the Tarn Liberation Front "
    "had seized the bridge.\n\n"
)
MARKER = "Quillon Brask"  # a component below fails on every text that holds this invented name


@Language.component("test_fails_on_marker")
def _fails_on_marker(doc: Doc) -> Doc:
    """A component like newsgraph's (a function): it raises on the marker."""
    if MARKER in doc.text:
        raise ValueError("the marker was met")
    return doc


class _BatchFailsOnMarker:
    """A component like the model's trainable ones: it works on batches (`pipe`), without an
    error handler, so that a failure ends nlp.pipe's stream."""

    def __call__(self, doc: Doc) -> Doc:
        return _fails_on_marker(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        batch = list(docs)
        for doc in batch:
            _fails_on_marker(doc)
        yield from batch


@Language.factory("test_batch_fails_on_marker")
def _make_batch_fails(nlp: Language, name: str) -> _BatchFailsOnMarker:
    return _BatchFailsOnMarker()


@contextmanager
def _added(nlp: Any, factory: str, **where: Any) -> Iterator[None]:
    """The session pipeline with one more component for the duration of a test."""
    nlp.add_pipe(factory, **where)
    try:
        yield
    finally:
        nlp.remove_pipe(factory)


def _paragraphs(n: int, seed: int = 0) -> str:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    return "".join(PARAGRAPH.replace("Tuesday", days[(i + seed) % len(days)]) for i in range(n))


@pytest.mark.parametrize(
    ("text", "limit", "cut_after"),
    [
        ("aaaa bbbb.\n\ncccc dddd.\neeee ffff. gggg", 30, "\n\n"),  # a paragraph
        ("aaaa bbbb.\ncccc dddd. eeee ffff gggg", 20, "\n"),  # a line
        ("aaaa bbbb. cccc dddd eeee", 18, ". "),  # a sentence
        ("aaaa bbbb cccc dddd", 12, " "),  # a space
        ("a\n\n" + "b" * 30, 16, "\n\n"),  # a short part rather than a cut in a word
        ("a" * 25, 10, ""),  # a hard cut
    ],
)
def test_pipeline_split_text_cuts_at_the_best_boundary(text: str, limit: int, cut_after: str) -> None:
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert len(parts) > 1 and all(0 < len(p) <= limit for p in parts)
    assert parts[0].endswith(cut_after) if cut_after else len(parts[0]) == limit


def test_pipeline_split_text_keeps_a_short_text_whole() -> None:
    assert split_text("one part", 100) == ["one part"]
    assert split_text("", 100) == [""]


def test_pipeline_long_document_is_read_in_parts_as_one_document(nlp: Any) -> None:
    text = _paragraphs(60)  # 6,000+ characters: over the lowered limit, cut into parts of at most 2,000
    assert len(text) > 3 * 2000
    document = Document.create(text, id="long", published="2024-03-01")
    short = Document.create(PARAGRAPH, id="short", published="2024-03-01")
    whole = next(extract_documents([document], nlp=nlp))
    errors: list[IngestError] = []
    one = list(extract_documents([short, document, short], nlp=nlp, max_length=2000, on_error=errors.append))
    two = list(extract_documents([short, document, short], nlp=nlp, max_length=2000, n_process=2))
    assert not errors
    assert [r["document"]["id"] for r in one] == ["short", "long", "short"]
    assert one == two
    parted = one[1]
    assert parted["events"] and parted["entities"]
    for statement in [*parted["facts"], *parted["events"]]:  # offsets into the whole text
        evidence = statement["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert max(s["evidence"]["start"] for s in parted["events"]) > 2 * 2000  # from a later part
    assert parted == whole  # paragraph cuts change nothing here


def test_pipeline_document_over_a_million_characters_is_extracted(nlp: Any) -> None:
    """Over spaCy's own limit (nlp.max_length, E088 before); blank lines keep the NLP cheap."""
    text = PARAGRAPH + "\n" * 1_100_000 + PARAGRAPH.replace("bridge", "dam")
    assert len(text) > nlp.max_length
    (result,) = extract_documents([Document.create(text, id="huge", published="2024-03-01")], nlp=nlp)
    starts = sorted(e["evidence"]["start"] for e in result["events"])
    assert len(starts) == 2 and starts[-1] > 1_100_000
    for event in result["events"]:
        assert text[event["evidence"]["start"] : event["evidence"]["end"]] == event["evidence"]["text"]


def test_pipeline_max_chars_refuses_a_long_document_and_goes_on(nlp: Any) -> None:
    documents = [Document.create(_paragraphs(1, n), id=f"d{n}") for n in range(2)]
    long = Document.create(_paragraphs(20), id="long", source="long.txt")
    errors: list[IngestError] = []
    results = list(
        extract_documents([documents[0], long, documents[1]], nlp=nlp, max_chars=1000, on_error=errors.append)
    )
    assert [r["document"]["id"] for r in results] == ["d0", "d1"]
    assert [(e.code, e.source) for e in errors] == [("E070", "long.txt")]
    assert f"{len(long.text)} characters" in errors[0].message and "1000" in errors[0].message


@pytest.mark.parametrize(
    ("factory", "processes"),
    [(f, p) for f in ("test_fails_on_marker", "test_batch_fails_on_marker") for p in (1, 2)],
)
def test_pipeline_a_failing_document_is_an_error_and_the_batch_goes_on(
    nlp: Any, factory: str, processes: int
) -> None:
    texts = [_paragraphs(1, n) for n in range(5)]
    texts[2] = texts[2].replace("Vasko Dremel", MARKER)
    documents = [Document.create(t, id=f"d{n}", source=f"d{n}.txt") for n, t in enumerate(texts)]
    expected = list(extract_documents([d for n, d in enumerate(documents) if n != 2], nlp=nlp))
    errors: list[IngestError] = []
    with _added(nlp, factory, last=True):
        results = list(
            extract_documents(documents, nlp=nlp, n_process=processes, batch_size=4, on_error=errors.append)
        )
        with pytest.raises(DocumentFailed, match="E071|the marker was met"):
            list(extract_documents(documents[2:3], nlp=nlp))  # without on_error: raised
    assert results == expected  # the documents batched with it are extracted, in order
    assert [(e.code, e.source) for e in errors] == [("E071", "d2.txt")]
    assert factory in errors[0].message and "the marker was met" in errors[0].message
    assert nlp.default_error_handler is raise_error  # restored


def test_pipeline_ingest_records_extraction_and_store_failures_and_stores_the_rest(
    conn: sqlite3.Connection, tmp_path: Path, nlp: Any
) -> None:
    texts = [_paragraphs(1, n) + f"Case {n}." for n in range(6)]
    texts[1] = texts[1].replace("Vasko Dremel", MARKER)  # fails in the pipeline
    texts[4] += " Sealed file."  # the store refuses it (a trigger, as a full or read-only table would)
    for n, text in enumerate(texts):
        (tmp_path / f"r{n}.txt").write_text(text, encoding="utf-8")
    conn.execute(
        "CREATE TEMP TRIGGER refuse_sealed BEFORE INSERT ON documents WHEN NEW.text LIKE '%Sealed file.%'"
        " BEGIN SELECT RAISE(ABORT, 'sealed files are refused'); END"
    )
    seen: list[IngestError] = []
    with _added(nlp, "test_fails_on_marker", last=True):
        counts = ingest_paths(conn, [str(tmp_path)], nlp=nlp, batch_size=2, on_error=seen.append)
    assert counts == IngestCounts(new=4, skipped=0, failed=2)
    stored = {row[0] for row in conn.execute("SELECT source FROM documents")}
    assert stored == {str(tmp_path / f"r{n}.txt") for n in (0, 2, 3, 5)}
    rows = sorted(tuple(row) for row in conn.execute("SELECT code, message FROM errors"))
    assert [code for code, _ in rows] == ["E071", "E072"]
    assert "r1.txt" in rows[0][1] and "r4.txt" in rows[1][1] and "sealed files are refused" in rows[1][1]
    assert sorted(e.code for e in seen) == ["E071", "E072"]
    conn.execute("DROP TRIGGER refuse_sealed")
    again = ingest_paths(conn, [str(tmp_path)], nlp=nlp)  # a re-run stores what failed
    assert again == IngestCounts(new=2, skipped=4, failed=0)


def test_pipeline_cli_max_chars_refuses_long_texts_and_stores_the_rest(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text(_paragraphs(1), encoding="utf-8")
    (folder / "long.txt").write_text(_paragraphs(10), encoding="utf-8")
    db = tmp_path / "kb.db"
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-resolve", "--max-chars", "500"])
    assert done.exit_code == 1, done.output
    assert "E070" in done.output and "long.txt" in done.output
    assert "1 new, 0 already stored, 1 failed" in done.output
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT code FROM errors")] == ["E070"]
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    both = ["ingest", str(folder), "--db", str(db), "--max-chars", "500", "--cluster", "local:2"]
    refused = runner.invoke(app, both)
    assert refused.exit_code == 2 and "E074" in refused.output
