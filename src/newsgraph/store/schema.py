"""The knowledge-base schema (docs/STORE.md), created and upgraded by migrations.

Each migration is a function of a connection, applied once, in order, inside one
transaction, and recorded in the ``migrations`` table with its version, name and
time (after sqlite-utils' migrations). A new schema change is a new function
appended to ``MIGRATIONS``; an applied migration is never edited.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

Migrate = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Migrate


def _run(conn: sqlite3.Connection, statements: str) -> None:
    """Run `;`-separated statements one by one (``executescript`` would commit half-way)."""
    for statement in _split(statements):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    """Split a script into complete statements (triggers hold `;` inside BEGIN ... END)."""
    statements: list[str] = []
    current = ""
    for part in script.split(";"):
        current += part + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n;"):
                statements.append(current.strip())
            current = ""
    return statements


def knowledge_base(conn: sqlite3.Connection) -> None:
    """Version 1: documents, entities, statements, judgements, errors and full-text search.

    Beyond docs/STORE.md: ``documents.seq``, a stable integer key for ``documents_fts``
    (an external-content FTS5 table needs one, and VACUUM may renumber implicit rowids),
    and indexes for the lookups resolution and the analyst commands make.
    """
    _run(
        conn,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT,
            published TEXT,
            source TEXT,
            language TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            extractor_version TEXT NOT NULL
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            local_id TEXT NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            canonical_id TEXT
        );
        CREATE INDEX entities_document ON entities(document_id);
        CREATE INDEX entities_canonical ON entities(canonical_id);
        CREATE INDEX entities_type_name ON entities(type, name);
        CREATE TABLE aliases (
            entity_id TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (entity_id, name, kind)
        );
        CREATE TABLE mentions (
            entity_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (entity_id, start, "end")
        );
        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            local_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('fact', 'event')),
            predicate TEXT NOT NULL,
            mode TEXT,
            subject_id TEXT,
            object_id TEXT,
            object_literal TEXT,
            qualifiers TEXT NOT NULL DEFAULT '{}',
            trigger_start INTEGER,
            trigger_end INTEGER,
            trigger_text TEXT,
            time_text TEXT,
            time_value TEXT,
            time_precision TEXT,
            time_relation TEXT,
            source_id TEXT,
            hedged INTEGER NOT NULL,
            negated INTEGER NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            evidence_text TEXT NOT NULL,
            confidence REAL NOT NULL,
            extractor TEXT,
            extractor_version TEXT NOT NULL,
            event_group TEXT
        );
        CREATE INDEX statements_document ON statements(document_id);
        CREATE INDEX statements_subject ON statements(subject_id);
        CREATE INDEX statements_object ON statements(object_id);
        CREATE INDEX statements_kind_predicate ON statements(kind, predicate);
        CREATE INDEX statements_event_group ON statements(event_group);
        CREATE TABLE arguments (
            statement_id TEXT NOT NULL,
            role TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (statement_id, role, entity_id)
        );
        CREATE INDEX arguments_entity ON arguments(entity_id);
        CREATE TABLE judgements (
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('positive', 'negative', 'unsure')),
            score REAL,
            author TEXT NOT NULL,
            reason TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (a, b, author),
            CHECK (a < b)
        );
        CREATE INDEX judgements_b ON judgements(b);
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (source, code, message)
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF seq, title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        CREATE VIRTUAL TABLE entities_fts USING fts5(
            entity_id UNINDEXED, name, aliases,
            tokenize='unicode61 remove_diacritics 2'
        );
        """,
    )


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "knowledge_base", knowledge_base),)


def utc_now() -> str:
    """The time stamps the store writes: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """The versions recorded in ``migrations`` (empty for a new database)."""
    rows = conn.execute("SELECT version FROM migrations").fetchall()
    return {int(row[0]) for row in rows}


def migrate(conn: sqlite3.Connection, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[Migration]:
    """Apply the migrations not yet recorded, each in its own transaction; return those applied.

    Safe to run on every connect and from several processes: each migration takes the
    write lock (``BEGIN IMMEDIATE``) and checks again that it is still pending.
    """
    if conn.in_transaction:
        conn.commit()
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done: list[Migration] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in applied_versions(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if migration.version not in applied_versions(conn):
                migration.apply(conn)
                conn.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, utc_now()),
                )
                done.append(migration)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    return done
