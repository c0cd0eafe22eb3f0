"""Opening the knowledge base: migrations recorded once, WAL, foreign keys, the path rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.store import MIGRATIONS, Migration, connect, default_path, migrate, transaction


def test_db_memory_connection_is_migrated_and_fresh() -> None:
    conn = connect(":memory:")
    rows = conn.execute("SELECT version, name, applied_at FROM migrations").fetchall()
    assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in MIGRATIONS]
    assert all(r["applied_at"] for r in rows)
    tables = {r["name"] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    expected = {"documents", "entities", "aliases", "mentions", "statements", "arguments", "judgements"}
    assert expected | {"errors", "documents_fts", "entities_fts", "migrations"} <= tables
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_db_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    first = connect(path)
    before = [tuple(r) for r in first.execute("SELECT * FROM migrations")]
    first.close()
    second = connect(path)
    assert [tuple(r) for r in second.execute("SELECT * FROM migrations")] == before
    assert migrate(second) == []
    assert second.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_db_new_migration_runs_once_and_is_recorded() -> None:
    conn = connect(":memory:")

    def add_notes(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE documents ADD COLUMN notes TEXT")

    later = (*MIGRATIONS, Migration(99, "document_notes", add_notes))
    assert [m.name for m in migrate(conn, migrations=later)] == ["document_notes"]
    assert migrate(conn, migrations=later) == []
    columns = {r["name"] for r in conn.execute("PRAGMA table_info(documents)")}
    assert "notes" in columns
    assert conn.execute("SELECT name FROM migrations WHERE version = 99").fetchone()[0] == "document_notes"


def test_db_failed_migration_leaves_nothing_behind() -> None:
    conn = connect(":memory:")

    def half_done(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE scratch (x INTEGER)")
        c.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, migrations=(*MIGRATIONS, Migration(99, "broken", half_done)))
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'scratch'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM migrations WHERE version = 99").fetchone()[0] == 0


def test_db_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    assert default_path() == "newsgraph.db"
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "env.db"))
    connect().close()
    assert (tmp_path / "env.db").is_file()


def test_db_transaction_rolls_back_on_error() -> None:
    conn = connect(":memory:")
    with pytest.raises(ZeroDivisionError), transaction(conn):
        conn.execute("INSERT INTO errors (source, code, message, at) VALUES ('a', 'E002', 'empty', 'now')")
        _ = 1 / 0
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0


def test_db_judgements_keep_a_before_b() -> None:
    conn = connect(":memory:")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO judgements (a, b, verdict, author, created_at) "
            "VALUES ('d/e2', 'd/e1', 'positive', 'machine', 'now')"
        )
