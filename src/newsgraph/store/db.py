"""Opening the knowledge base: one SQLite file (WAL), migrated on connect."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .schema import migrate

DEFAULT_PATH = "newsgraph.db"
ENV_VAR = "NEWSGRAPH_DB"
MEMORY = ":memory:"
BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another process's write lock


def default_path() -> str:
    """``$NEWSGRAPH_DB`` when set, else ``./newsgraph.db``."""
    return os.environ.get(ENV_VAR) or DEFAULT_PATH


def connect(path: str | Path | None = None, *, migrate_schema: bool = True) -> sqlite3.Connection:
    """Open (creating if need be) the knowledge base at `path` and bring its schema up to date.

    `path` defaults to `default_path()`; ``":memory:"`` gives a fresh private database
    (for tests). The connection has WAL journaling, foreign keys on, ``sqlite3.Row``
    rows, and Python's default transaction handling: writes open a transaction that
    ``conn.commit()`` (or ``with conn:``) ends.
    """
    target = str(path) if path is not None else default_path()
    if target != MEMORY and not target.startswith("file:"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, uri=target.startswith("file:"))
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if target != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL loses no committed transaction when a process is killed,
        # only (at worst) the last ones on power loss; the database stays consistent.
        conn.execute("PRAGMA synchronous = NORMAL")
    if migrate_schema:
        migrate(conn)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction (taking the write lock at once); roll back on error."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
