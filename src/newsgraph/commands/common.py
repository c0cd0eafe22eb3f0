"""What every command shares: exit codes, the stderr console, the --db option, dates.

Exit status: 0 when all went well, 1 when some input failed (or nothing was found),
2 for usage errors (a bad option value, no knowledge base at the path given: E039, E080, E081).
Only `ingest` creates a knowledge base (`connect_db`); every other command opens an existing
one (`open_db`), so a mistyped --db is an error, not a new empty base.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..dates import is_date
from ..errors import Errors
from ..export.safe import terminal_safe
from ..store.db import StoreError, connect

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_NOTHING = 1  # nothing found, or a name fits several entities

# One line per message, whatever the width; ":name:" in a path or name stays text (no emoji).
stderr = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="The knowledge base (default: $NEWSGRAPH_DB, else ./newsgraph.db)."),
]


def fail(message: str, code: int) -> typer.Exit:
    """Print `message` as an error on stderr; return the exit to raise: ``raise fail(...)``."""
    stderr.print(f"[red]error:[/red] {escape(terminal_safe(message))}")
    return typer.Exit(code)


def connect_db(db: Path | None) -> sqlite3.Connection:
    """The knowledge base at `db` (None: $NEWSGRAPH_DB, else ./newsgraph.db), created when missing
    (for `ingest` only); exit 2 with E080/E081 when the path holds something else."""
    try:
        return connect(db)
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE) from None


def open_db(db: Path | None) -> sqlite3.Connection:
    """An existing knowledge base; reading never creates one (exit 2: E039 when there is none,
    E080 when the path holds something else, E081 when a newer newsgraph wrote it)."""
    try:
        return connect(db, create=False)
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE) from None


def check_published(value: str | None) -> str | None:
    """A full date (YYYY-MM-DD) in ISO form for --published; else a usage error (E012)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise fail(Errors.E012.format(value=value), EXIT_USAGE) from None


def check_date(option: str, value: str | None) -> str | None:
    """A date of any precision (YYYY-MM-DD, YYYY-MM, YYYY) that exists; else a usage error (E019)."""
    if value is None:
        return None
    if is_date(value):
        return value
    raise fail(Errors.E019.format(option=option, value=value), EXIT_USAGE)
