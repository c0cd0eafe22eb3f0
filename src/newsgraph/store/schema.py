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
FIRST = "knowledge_base"  # the name version 1 is recorded under: what marks a newsgraph base


class SchemaTooNew(Exception):
    """The base records a migration newer than any this code knows (a later newsgraph wrote it)."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"schema version {found}, newer than {known}")
        self.found = found
        self.known = known


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


def review_copies_stable_ids(conn: sqlite3.Connection) -> None:
    """Version 2: judgement history, stable canonical ids, copies of one report.

    ``judgement_history`` keeps every judgement a person made (who, when, the verdict
    before and after, whether the two were in one cluster before and after, and
    whether a refusal was overridden). ``canonical_redirects`` points each retired
    canonical id to its successor; ``canonical_changes`` logs merges and splits.
    ``document_copies`` links a near-copy to the report it repeats, ``document_bands``
    holds the LSH bands that find them. The content hash of every stored document is
    recomputed over normalised text (`copies.rehash_and_link`).
    """
    _run(
        conn,
        """
        CREATE TABLE judgement_history (
            id INTEGER PRIMARY KEY,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            author TEXT NOT NULL,
            verdict_before TEXT,
            counted_before TEXT,
            verdict_after TEXT NOT NULL,
            together_before INTEGER NOT NULL,
            together_after INTEGER,
            override INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX judgement_history_a ON judgement_history(a);
        CREATE INDEX judgement_history_b ON judgement_history(b);
        CREATE TABLE canonical_redirects (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX canonical_redirects_new ON canonical_redirects(new_id);
        CREATE TABLE canonical_changes (
            id INTEGER PRIMARY KEY,
            old_id TEXT NOT NULL,
            new_id TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('merge', 'split')),
            members INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX canonical_changes_old ON canonical_changes(old_id);
        CREATE INDEX canonical_changes_new ON canonical_changes(new_id);
        CREATE TABLE document_copies (
            document_id TEXT PRIMARY KEY,
            copy_of TEXT NOT NULL,
            similarity REAL NOT NULL,
            CHECK (document_id <> copy_of)
        );
        CREATE INDEX document_copies_of ON document_copies(copy_of);
        CREATE TABLE document_bands (
            band INTEGER NOT NULL,
            key TEXT NOT NULL,
            document_id TEXT NOT NULL,
            PRIMARY KEY (band, key, document_id)
        );
        """,
    )
    from .copies import rehash_and_link

    rehash_and_link(conn)


def event_keys(conn: sqlite3.Connection) -> None:
    """Version 3: ``event_keys``, the time-order key of every event group, kept by triggers, so that
    the API pages events without grouping every event statement (`store/event_keys.py`)."""
    from .event_keys import create_event_keys

    create_event_keys(conn)


def entities_fts_prefix(conn: sqlite3.Connection) -> None:
    """Version 4: ``entities_fts`` again with prefix indexes of 2 and 3 characters, so that a search
    box's "Kar" or "Nus" reads one index entry instead of every token that begins so."""
    _run(
        conn,
        """
        CREATE VIRTUAL TABLE entities_fts_prefix USING fts5(
            entity_id UNINDEXED, name, aliases,
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        INSERT INTO entities_fts_prefix (entity_id, name, aliases)
            SELECT entity_id, name, aliases FROM entities_fts;
        DROP TABLE entities_fts;
        ALTER TABLE entities_fts_prefix RENAME TO entities_fts;
        """,
    )


def event_keys_reach(conn: sqlite3.Connection) -> None:
    """Version 5: ``event_keys.reach``, the latest claim date with ``~`` appended, so that a page of
    events since a date reads the key index alone (`store/event_keys.py`)."""
    from .event_keys import rebuild_event_keys

    rebuild_event_keys(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, FIRST, knowledge_base),
    Migration(2, "review_copies_stable_ids", review_copies_stable_ids),
    Migration(3, "event_keys", event_keys),
    Migration(4, "entities_fts_prefix", entities_fts_prefix),
    Migration(5, "event_keys_reach", event_keys_reach),
)


def utc_now() -> str:
    """The time stamps the store writes: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """The versions recorded in ``migrations`` (empty for a new database)."""
    rows = conn.execute("SELECT version FROM migrations").fetchall()
    return {int(row[0]) for row in rows}


def is_knowledge_base(conn: sqlite3.Connection) -> bool | None:
    """True for a newsgraph base (its ``migrations`` table records version 1), None for an empty
    database (no tables but perhaps an empty ``migrations``), False for any other database."""
    tables = {
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
    }
    if "migrations" not in tables:
        return None if not tables else False
    try:
        first = conn.execute("SELECT name FROM migrations WHERE version = 1").fetchone()
    except sqlite3.OperationalError:  # a table of that name, but not ours
        return False
    if first is not None:
        return str(first[0]) == FIRST
    return None if tables == {"migrations"} else False


def check_version(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
    """Raise `SchemaTooNew` when the base records a version past the last of `migrations`."""
    applied = applied_versions(conn)
    known = max((m.version for m in migrations), default=0)
    if applied and max(applied) > known:
        raise SchemaTooNew(max(applied), known)


def migrate(conn: sqlite3.Connection, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[Migration]:
    """Apply the migrations not yet recorded, each in its own transaction; return those applied.

    Safe to run on every connect and from several processes: each migration takes the
    write lock (``BEGIN IMMEDIATE``) and checks again that it is still pending. A base of
    a newer schema than `migrations` reach is refused (`SchemaTooNew`) before any change.
    """
    if conn.in_transaction:
        conn.commit()
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    check_version(conn, migrations)
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
