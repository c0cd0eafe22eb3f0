"""Opening the knowledge base: only a newsgraph base is opened, only `ingest` creates one.

A path that is not a base (a text file, a directory, a device, /proc, the SQLite file of
another application) is a numbered error (E080) with exit 2 and no traceback, and is left
as it was; a base written by a newer newsgraph is refused (E081); every reading command
refuses a path with no base (E039) instead of creating an empty one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from newsgraph.cli import app
from newsgraph.store import connect
from newsgraph.store.db import StoreError
from newsgraph.store.schema import MIGRATIONS, is_knowledge_base

# Every command that reads (or judges in) an existing base, with the arguments it needs.
READERS = {
    "stats": ["stats"],
    "search": ["search", "Dremel"],
    "entity": ["entity", "Vasko Dremel"],
    "events": ["events"],
    "export": ["export", "--format", "jsonl"],
    "review": ["review"],
    "history": ["history", "sha256:00/e1"],
    "resolve": ["resolve"],
    "same": ["same", "sha256:00/e1", "sha256:00/e2"],
    "different": ["different", "sha256:00/e1", "sha256:00/e2"],
    "errors": ["errors"],
    "serve": ["serve"],
}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result: Result, code: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"error: {code}:" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def other_application(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO users (name) VALUES ('Vasko Dremel')")
    conn.commit()
    conn.close()
    return path


def newer_base(path: Path) -> Path:
    conn = connect(path)
    conn.execute("INSERT INTO migrations (version, name, applied_at) VALUES (99, 'later', '2040-01-01')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("command", sorted(READERS))
def test_db_reading_commands_never_create_a_base(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "mistyped.db"
    assert_refused(run(*READERS[command], "--db", str(missing)), "E039")
    assert sorted(tmp_path.iterdir()) == []  # no base, no -wal, no -shm


def test_db_reading_commands_refuse_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert_refused(run("stats", "--db", str(empty)), "E039")
    assert empty.stat().st_size == 0


def test_db_the_default_base_is_not_created_by_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    assert_refused(run("stats"), "E039")
    assert not (tmp_path / "newsgraph.db").exists()


def _not_a_base(tmp_path: Path, kind: str) -> Path:
    if kind == "text file":
        path = tmp_path / "notes.txt"
        path.write_text("Vasko Dremel met Ilse Varga in Marrowgate.\n", encoding="utf-8")
        return path
    if kind == "directory":
        (tmp_path / "folder").mkdir()
        return tmp_path / "folder"
    if kind == "other application":
        return other_application(tmp_path / "app.sqlite")
    if kind == "short binary":
        path = tmp_path / "short.db"
        path.write_bytes(b"SQLite")
        return path
    return Path(kind)  # /proc, /proc/self/status, /dev/null


KINDS = (
    "text file",
    "directory",
    "other application",
    "short binary",
    "/proc",
    "/proc/self/status",
    "/dev/null",
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["stats", "search", "entity", "serve", "ingest"])
def test_db_what_is_not_a_base_is_a_numbered_error_and_left_alone(
    tmp_path: Path, kind: str, command: str
) -> None:
    path = _not_a_base(tmp_path, kind)
    before = digest(path) if path.is_file() and path.is_relative_to(tmp_path) else None
    args = ["ingest", str(tmp_path / "none.txt"), "--no-resolve"] if command == "ingest" else READERS[command]
    assert_refused(run(*args, "--db", str(path)), "E080")
    if before is not None:
        assert digest(path) == before
        assert not Path(str(path) + "-wal").exists() and not Path(str(path) + "-shm").exists()


def test_db_other_application_keeps_only_its_own_tables(tmp_path: Path) -> None:
    path = other_application(tmp_path / "app.sqlite")
    with pytest.raises(StoreError) as raised:
        connect(path)
    assert raised.value.code == "E080" and "another application" in str(raised.value)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["users"]
    conn.close()


@pytest.mark.parametrize("command", ["stats", "serve", "ingest"])
def test_db_a_newer_schema_is_refused(tmp_path: Path, command: str) -> None:
    path = newer_base(tmp_path / "kb.db")
    before = digest(path)
    args = ["ingest", str(tmp_path / "none.txt"), "--no-resolve"] if command == "ingest" else READERS[command]
    result = run(*args, "--db", str(path))
    assert_refused(result, "E081")
    assert f"version 99, newer than this newsgraph knows (up to {MIGRATIONS[-1].version})" in result.output
    assert digest(path) == before


def test_db_connect_create_false_and_true(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        connect(tmp_path / "missing.db", create=False)
    assert raised.value.code == "E039" and not (tmp_path / "missing.db").exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError):
        connect(empty, create=False)
    connect(empty).close()  # ingest's way: an empty file becomes a base
    conn = connect(empty, create=False)
    assert is_knowledge_base(conn) is True
    conn.close()


def test_db_is_knowledge_base_tells_empty_ours_and_others(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    assert is_knowledge_base(conn) is None
    conn.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    assert is_knowledge_base(conn) is None  # a first migration that never finished: still empty
    conn.execute("CREATE TABLE users (id)")
    assert is_knowledge_base(conn) is False
    conn.close()
    odd = sqlite3.connect(":memory:")
    odd.execute("CREATE TABLE migrations (id INTEGER)")  # a table of that name, but not ours
    assert is_knowledge_base(odd) is False
    odd.close()
    ours = connect(tmp_path / "kb.db")
    assert is_knowledge_base(ours) is True
    ours.close()


@pytest.mark.parametrize("where", ["/proc/newsgraph-none/kb.db", "/proc/kb.db", "/dev/null/kb.db"])
def test_db_ingest_where_no_base_can_be_made(tmp_path: Path, where: str) -> None:
    assert_refused(run("ingest", str(tmp_path / "none.txt"), "--no-resolve", "--db", where), "E080")


def test_db_ingest_creates_a_new_base(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "new.db"
    result = run("ingest", str(tmp_path / "none.txt"), "--no-resolve", "--db", str(path))
    assert result.exit_code == 1, result.output  # the input is missing (E011), the base is made
    assert "E011" in result.output
    conn = connect(path, create=False)
    assert is_knowledge_base(conn) is True
    conn.close()
