"""Opening the knowledge base: one SQLite file (WAL), checked and migrated on connect.

`connect` refuses what is not a knowledge base with a numbered `StoreError`: a
directory or device (E080), a file that is not SQLite (E080), the SQLite file of
another application (E080), a base of a newer schema than this code knows (E081),
and, with ``create=False`` (every command but ``ingest``), a path with no base (E039).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Errors, NewsgraphError
from .schema import SchemaTooNew, is_knowledge_base, migrate

DEFAULT_PATH = "newsgraph.db"
ENV_VAR = "NEWSGRAPH_DB"
MEMORY = ":memory:"
BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another process's write lock
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(NewsgraphError):
    """The path given is no knowledge base this code can open; `code` is its number (E0xx)."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(f"{code}: " + str(getattr(Errors, code)).format(**values))


def default_path() -> str:
    """``$NEWSGRAPH_DB`` when set, else ``./newsgraph.db``."""
    return os.environ.get(ENV_VAR) or DEFAULT_PATH


def connect(
    path: str | Path | None = None, *, migrate_schema: bool = True, create: bool = True
) -> sqlite3.Connection:
    """Open the knowledge base at `path` (creating it when `create`) and bring its schema up to date.

    `path` defaults to `default_path()`; ``":memory:"`` gives a fresh private database
    (for tests). The connection has WAL journaling, foreign keys on, ``sqlite3.Row``
    rows, and Python's default transaction handling: writes open a transaction that
    ``conn.commit()`` (or ``with conn:``) ends. Raises `StoreError` for a path that holds
    no knowledge base (see the module's doc); nothing is written to such a path.
    """
    target = str(path) if path is not None else default_path()
    plain = target != MEMORY and not target.startswith("file:")
    if plain:
        check_path(target, create=create)
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = f"its folder cannot be made: {exc.strerror or type(exc).__name__}"
            raise StoreError("E080", path=target, reason=reason) from None
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, uri=target.startswith("file:"))
    except sqlite3.Error as exc:
        raise StoreError("E080", path=target, reason=_reason(exc)) from None
    try:
        _configure(conn, target, create=create)
        if migrate_schema:
            migrate(conn)
    except SchemaTooNew as exc:
        conn.close()
        raise StoreError("E081", path=target, found=exc.found, known=exc.known) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise  # another process holds the write lock past BUSY_TIMEOUT_S: not a bad path
        raise StoreError("E080", path=target, reason=_reason(exc)) from None
    return conn


def _configure(conn: sqlite3.Connection, target: str, *, create: bool) -> None:
    """Row factory and pragmas; refuse another application's database (and, unless `create`, an
    empty one) before anything is written to it."""
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    ours = is_knowledge_base(conn)  # reads the schema: fails at once on a file that is not SQLite
    if ours is False:
        raise StoreError("E080", path=target, reason="it holds the tables of another application")
    if ours is None and not create:
        raise StoreError("E039", path=target)
    if target != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL loses no committed transaction when a process is killed,
        # only (at worst) the last ones on power loss; the database stays consistent.
        conn.execute("PRAGMA synchronous = NORMAL")


def check_path(target: str, *, create: bool) -> None:
    """Refuse, before SQLite opens it, a path that cannot be a knowledge base: missing (unless
    `create`), a directory, a device or pipe, a file that does not begin as SQLite files do."""
    path = Path(target)
    try:
        exists = path.exists()
        if not exists:
            if not create:
                raise StoreError("E039", path=target)
            return
        if path.is_dir():
            raise StoreError("E080", path=target, reason="it is a directory")
        if not path.is_file():
            raise StoreError("E080", path=target, reason="it is not a regular file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError("E080", path=target, reason=exc.strerror or type(exc).__name__) from None
    if header and header != SQLITE_HEADER:  # an empty file is a new database
        raise StoreError("E080", path=target, reason="it is not an SQLite database")


def _reason(exc: sqlite3.Error) -> str:
    return str(exc) or type(exc).__name__


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
