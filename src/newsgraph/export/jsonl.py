"""JSON Lines: one canonical entity per line with its statements, or one statement per line."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TextIO

from ..explore.kb import Refs, StatementJSON, to_json
from ..store import queries
from .records import EntityRecordJSON, iter_entity_records
from .safe import json_line

PAGE = 1000  # statements read at once


def iter_statements(conn: sqlite3.Connection, *, page: int = PAGE) -> Iterator[StatementJSON]:
    """Every statement (facts, then events, by document), entity references resolved to canonicals."""
    for rows in queries.iter_statement_pages(conn, page=page):
        yield from to_json(rows, conn=conn, refs=Refs(conn))


def write_jsonl(conn: sqlite3.Connection, out: TextIO, *, what: str = "entities") -> int:
    """Write `what` ('entities' or 'statements') as JSON Lines; return the number of lines."""
    records: Iterator[EntityRecordJSON] | Iterator[StatementJSON]
    records = iter_entity_records(conn) if what == "entities" else iter_statements(conn)
    count = 0
    for record in records:
        out.write(json_line(record) + "\n")
        count += 1
    return count
