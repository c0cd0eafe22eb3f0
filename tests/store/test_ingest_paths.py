"""Inputs into the base in-process: batches, errors recorded, stored documents never re-read by the NLP."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import IngestCounts, ingest_paths
from newsgraph.store import connect
from newsgraph.store.queries import list_errors, search, stats

FIRST = "The mayor of the northern town resigned on Tuesday after a long dispute with the council."
SECOND = "Police in Qasrana said Abu Harith al-Zemmari was seen at a market on Friday, officials said."
THIRD = "The river burst its banks overnight and the army was sent to help residents leave their homes."


class NoNLP:
    """A pipeline that fails the test when any document reaches it."""

    def make_doc(self, text: str) -> Any:
        raise AssertionError(f"the NLP ran on a stored document: {text[:40]!r}")

    def pipe(self, pairs: Iterator[Any], **_options: Any) -> Iterator[Any]:
        for _ in pairs:
            raise AssertionError("the NLP ran on a stored document")
        yield from ()


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "kb.db")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")  # E002
    (folder / "c.txt").write_bytes(b"\x00\x01binary\x00" * 20)  # E004
    lines = [
        json.dumps({"id": "story-2", "text": SECOND, "title": "Sighting in Qasrana"}),
        "{not json",  # E009
        json.dumps({"id": "story-3", "text": THIRD}),
        json.dumps({"id": "story-1-again", "text": FIRST}),  # the same text as a.txt
    ]
    (folder / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_ingest_paths_bad_inputs_are_recorded_and_the_batch_goes_on(
    conn: sqlite3.Connection, inputs: Path, nlp: Any
) -> None:
    counts = ingest_paths(conn, [str(inputs)], nlp=nlp, batch_size=2)
    assert counts == IngestCounts(new=3, skipped=1, failed=3)
    assert sorted(e["code"] for e in list_errors(conn)) == ["E002", "E004", "E009"]
    ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY seq")]
    assert ids[1:] == ["story-2", "story-3"]
    again = ingest_paths(conn, [str(inputs)], nlp=NoNLP(), batch_size=2)
    assert again == IngestCounts(new=0, skipped=4, failed=3)
    assert len(list_errors(conn)) == 3  # recorded once


def test_ingest_paths_second_run_runs_no_nlp(conn: sqlite3.Connection, tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in (FIRST, SECOND, THIRD)), encoding="utf-8")
    assert ingest_paths(conn, [str(path)], nlp=nlp).new == 3
    assert ingest_paths(conn, [str(path)], nlp=NoNLP()) == IngestCounts(new=0, skipped=3, failed=0)


def test_ingest_paths_commits_every_batch(conn: sqlite3.Connection, tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in (FIRST, SECOND, THIRD)), encoding="utf-8")
    watcher = connect(tmp_path / "kb.db")
    committed: list[int] = []

    def seen(counts: IngestCounts) -> None:
        committed.append(int(watcher.execute("SELECT count(*) FROM documents").fetchone()[0]))

    ingest_paths(conn, [str(path)], nlp=nlp, batch_size=2, on_progress=seen)
    assert committed == [0, 0, 2]  # the third is committed at the end
    assert int(watcher.execute("SELECT count(*) FROM documents").fetchone()[0]) == 3


def test_ingest_paths_search_finds_documents_and_entities(
    conn: sqlite3.Connection, inputs: Path, nlp: Any
) -> None:
    ingest_paths(conn, [str(inputs)], nlp=nlp)
    found = search(conn, "market Qasrana")
    assert [d["id"] for d in found["documents"]] == ["story-2"]
    assert found["documents"][0]["title"] == "Sighting in Qasrana"
    assert "[market]" in found["documents"][0]["snippet"]
    people = search(conn, "al-Zemmari")["entities"]
    assert people and people[0]["type"] == "PERSON" and "Zemmari" in people[0]["name"]
    assert search(conn, "--")["documents"] == []  # nothing to search for, no FTS5 syntax error


def test_ingest_paths_stats_count_what_was_stored(conn: sqlite3.Connection, inputs: Path, nlp: Any) -> None:
    ingest_paths(conn, [str(inputs)], nlp=nlp)
    figures = stats(conn)
    assert figures["documents"] == 3 and figures["errors"] == 3
    assert figures["entities"] == sum(figures["entities_by_type"].values()) > 0
    assert figures["canonical_entities"] == figures["entities"]  # nothing resolved yet
    assert figures["statements"] == figures["facts"] + figures["events"]
    assert figures["judgements"]["total"] == 0
    conn.execute("UPDATE entities SET canonical_id = 'c1'")
    conn.execute(
        "INSERT INTO judgements (a, b, verdict, author, created_at)"
        " VALUES ('x/e1', 'y/e1', 'negative', 'person:ana', 'now'),"
        " ('x/e1', 'z/e1', 'positive', 'machine', 'now')"
    )
    figures = stats(conn)
    assert figures["canonical_entities"] == 1
    assert figures["judgements"]["by_verdict"] == {"positive": 1, "negative": 1, "unsure": 0}
    assert figures["judgements"]["by_author"] == {"machine": 1, "text": 0, "person": 1}
