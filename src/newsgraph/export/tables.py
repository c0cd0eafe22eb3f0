"""CSV tables, one file per kind of record, for spreadsheets and data frames.

``entities.csv`` holds one row per canonical entity; ``members.csv`` the
per-document entities it joins; ``statements.csv`` every fact and event with its
provenance (document, evidence offsets and text, source, hedging) and the
canonical ids of the entities it names; ``arguments.csv`` the event arguments;
``redirects.csv`` the canonical ids a merge retired with their successors; ``copies.csv``
the documents that repeat another report. A text cell a spreadsheet would take for a formula
(``=``, ``+``, ``-``, ``@`` ...) is written with a single quote before it (`safe.csv_cell`).
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from pathlib import Path

from ..explore.kb import pick_name
from ..store import queries
from .safe import csv_row

# file name -> header: the columns of each table read by `queries.table_rows`, in order.
TABLES: dict[str, tuple[str, ...]] = dict(queries.TABLE_COLUMNS)
ENTITIES_HEADER = ("canonical_id", "type", "name", "names", "aliases", "members", "documents")
SEPARATOR = "; "  # between several values in one cell


def write_tables(conn: sqlite3.Connection, directory: Path) -> dict[str, int]:
    """Write every table as CSV (UTF-8, header row) into `directory`; return rows written per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {"entities.csv": _write_entities(conn, directory / "entities.csv")}
    for name, header in TABLES.items():
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            count = 0
            for row in queries.table_rows(conn, name):
                writer.writerow(csv_row(row))
                count += 1
        counts[name] = count
    return counts


def _write_entities(conn: sqlite3.Connection, path: Path) -> int:
    """One row per canonical entity: its type and name (most frequent), every name and alias, counts
    (``documents`` counts reports: a copy of a report counts with it, as one)."""
    copy_of = {copy: original for copy, original, _similarity in queries.document_copies(conn)}
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTITIES_HEADER)
        current: str | None = None
        names: Counter[str] = Counter()
        types: Counter[str] = Counter()
        aliases: set[str] = set()
        documents: set[str] = set()
        members = 0

        def flush() -> None:
            nonlocal count
            if current is None:
                return
            writer.writerow(
                csv_row(
                    (
                        current,
                        pick_name(types),
                        pick_name(names),
                        SEPARATOR.join(sorted(names)),
                        SEPARATOR.join(sorted(aliases)),
                        members,
                        len(documents),
                    )
                )
            )
            count += 1

        for row in queries.members_with_aliases(conn):
            if row.canonical_id != current:
                flush()
                current, names, types, aliases, documents, members = (
                    row.canonical_id,
                    Counter(),
                    Counter(),
                    set(),
                    set(),
                    0,
                )
            names[row.name] += 1
            types[row.type] += 1
            aliases |= set(row.aliases)
            documents.add(copy_of.get(row.document_id, row.document_id))
            members += 1
        flush()
    return count
