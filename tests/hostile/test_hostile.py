"""The hostile-input corpus (make_corpus.py) through the real command line: `newsgraph ingest`
and `newsgraph extract` as subprocesses. No traceback; every bad input a numbered error
naming it; every good input stored; exit codes as documented (0 all well, 1 some failed,
2 usage)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from make_corpus import ENGLISH, OTHER, Case, Corpus, make_corpus

SCRIPT = Path(sys.executable).parent / "newsgraph"
TIMEOUT = 300


def newsgraph(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, timeout=TIMEOUT, cwd=cwd, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def ingested(corpus: Corpus) -> tuple[subprocess.CompletedProcess[str], Path]:
    db = corpus.root / "hostile.db"
    return newsgraph("ingest", *corpus.arguments(), "--db", str(db), "--no-progress"), db


@pytest.fixture(scope="module")
def extracted(corpus: Corpus) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    out = corpus.root / "out.jsonl"
    result = newsgraph("extract", *corpus.arguments(), "-o", str(out), "--no-progress")
    documents = [json.loads(line)["document"] for line in out.read_text(encoding="utf-8").splitlines()]
    return result, documents


def bad(corpus: Corpus) -> list[Case]:
    return [case for case in corpus.cases if case.expect != "stored" and not case.expect.startswith("N")]


def good(corpus: Corpus) -> list[Case]:
    return [case for case in corpus.cases if case.expect == "stored"]


def corpus_case(corpus: Corpus, name: str) -> Case:
    return next(case for case in corpus.cases if case.name == name)


def assert_reported(stderr: str, corpus: Corpus) -> None:
    """Each bad input has each of its numbered errors on a line that names it; each note is printed."""
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = stderr.splitlines()
    missing = [
        (case.name, code)
        for case in bad(corpus)
        for code in case.expect.split()
        if not any(line.startswith(f"error {code}: {corpus.path(case)}") for line in lines)
    ]
    assert not missing, "\n".join(lines)
    notes = [
        (case.name, code)
        for case in corpus.cases
        for code in [case.note or "", case.expect if case.expect.startswith("N") else ""]
        if code and not any(line.startswith(f"note {code}: {corpus.path(case)}") for line in lines)
    ]
    assert not notes, "\n".join(lines)


def test_hostile_corpus_covers_the_kinds(corpus: Corpus) -> None:
    assert len(corpus.cases) >= 30
    assert len({case.kind for case in corpus.cases}) == len(corpus.cases)


def test_hostile_ingest_reports_every_bad_input(
    corpus: Corpus, ingested: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    result, _db = ingested
    assert result.returncode == 1, result.stderr[-3000:]
    assert_reported(result.stderr, corpus)


def test_hostile_ingest_stores_every_good_input(
    corpus: Corpus, ingested: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    _result, db = ingested
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, source, text FROM documents").fetchall()
        errors = set(conn.execute("SELECT source, code FROM errors"))
    sources = {source for _id, source, _text in rows}
    ids = {id for id, _source, _text in rows}
    assert not [
        case.name for case in good(corpus) if corpus.path(case) not in sources and not case.stored_ids
    ]
    assert {id for case in corpus.cases for id in case.stored_ids} <= ids
    assert {source for case in corpus.cases for source in case.also_stored} <= sources
    texts = {source: text for _id, source, text in rows}
    assert len(texts[str(corpus.root / "folder/long-line.txt")]) > 2_000_000
    assert OTHER in texts[str(corpus.root / "folder/nested.html")]
    scripted = texts[str(corpus.root / "folder/script.html")]
    assert "Vasko Dremel" in scripted and "alert" not in scripted  # script text is no article text
    assert not any(text.startswith(ENGLISH) and "hidden" in source for _i, source, text in rows)
    recorded = {(case.name, code) for case in bad(corpus) for code in case.expect.split()}
    assert {
        (case, code)
        for case, code in recorded
        if (corpus.path(corpus_case(corpus, case)), code) not in errors
    } == set()


def test_hostile_ingest_again_is_exit_0_when_nothing_fails(
    corpus: Corpus, ingested: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    _result, db = ingested
    again = newsgraph(
        "ingest", *[corpus.path(case) for case in good(corpus)], "--db", str(db), "--no-progress"
    )
    assert again.returncode == 0, again.stderr
    assert "0 new" in again.stderr and "0 failed" in again.stderr


def test_hostile_extract_reports_every_bad_input_and_extracts_the_rest(
    corpus: Corpus, extracted: tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]
) -> None:
    result, documents = extracted
    assert result.returncode == 1, result.stderr[-3000:]
    assert_reported(result.stderr, corpus)
    sources = {document["source"] for document in documents}
    ids = {document["id"] for document in documents}
    assert not [
        case.name for case in good(corpus) if corpus.path(case) not in sources and not case.stored_ids
    ]
    assert {id for case in corpus.cases for id in case.stored_ids} <= ids
    assert {source for case in corpus.cases for source in case.also_stored} <= sources


def test_hostile_stdin_json_lines_are_detected(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "s-1", "text": ENGLISH, "published": "2021-02-30"}),
        json.dumps({"id": "s-2", "text": OTHER}),
        json.dumps({"id": "s-1", "text": OTHER + " Again."}),
        '{"text": "broken',
    ]
    result = newsgraph("extract", "-", "--no-progress", stdin=("\n".join(lines) + "\n").encode())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()] == ["s-1", "s-2"]
    assert "note N004: <stdin>: read as JSON Lines" in result.stderr
    assert "note N003: <stdin> line 1" in result.stderr
    assert "error E062: <stdin>: line 3" in result.stderr and "error E009: <stdin>: line 4" in result.stderr


def test_hostile_stdin_text_and_forced_formats(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    text = newsgraph("ingest", "-", "--db", str(db), "--no-progress", "--no-resolve", stdin=ENGLISH.encode())
    assert text.returncode == 0, text.stderr
    assert "note N004: <stdin>: read as plain text" in text.stderr
    forced = newsgraph(
        "ingest", "-", "--db", str(db), "--no-progress", "--no-resolve", "--input-format", "jsonl",
        stdin=json.dumps({"id": "f-1", "text": OTHER}).encode(),
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert "read as JSON Lines (--input-format)" in forced.stderr
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("SELECT id FROM documents")} >= {"f-1"}
    binary = newsgraph("ingest", "-", "--db", str(db), "--no-progress", stdin=b"\x00\x01\x02" * 100)
    assert binary.returncode == 1 and "error E004: <stdin>" in binary.stderr
    usage = newsgraph("extract", "-", "--input-format", "xml", stdin=ENGLISH.encode())
    assert usage.returncode == 2 and "E063" in usage.stderr and "Traceback" not in usage.stderr
