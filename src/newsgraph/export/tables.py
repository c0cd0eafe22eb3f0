"""CSV tables, one file per kind of record, for spreadsheets and data frames.

``entities.csv`` holds one row per canonical entity; ``members.csv`` the
per-document entities it joins; ``statements.csv`` every fact and event with its
provenance (document, evidence offsets and text, source, hedging) and the
canonical ids of the entities it names; ``arguments.csv`` the event arguments.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from pathlib import Path

from ..explore.kb import CANONICAL, pick_name

# file name -> (header, query); the header names the query's columns in order.
TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "documents.csv": (
        (
            "id",
            "title",
            "published",
            "source",
            "language",
            "content_hash",
            "ingested_at",
            "extractor_version",
        ),
        "SELECT id, title, published, source, language, content_hash, ingested_at, extractor_version"
        " FROM documents ORDER BY seq",
    ),
    "members.csv": (
        ("entity_id", "canonical_id", "document_id", "local_id", "type", "name"),
        f"SELECT id, {CANONICAL}, document_id, local_id, type, name FROM entities ORDER BY {CANONICAL}, id",
    ),
    "aliases.csv": (
        ("entity_id", "canonical_id", "name", "kind"),
        "SELECT a.entity_id, coalesce(e.canonical_id, e.id), a.name, a.kind FROM aliases a"
        " JOIN entities e ON e.id = a.entity_id ORDER BY a.entity_id, a.name, a.kind",
    ),
    "mentions.csv": (
        ("entity_id", "start", "end", "text"),
        'SELECT entity_id, start, "end", text FROM mentions ORDER BY entity_id, start',
    ),
    "statements.csv": (
        (
            "id",
            "document_id",
            "local_id",
            "kind",
            "predicate",
            "mode",
            "subject_id",
            "subject_canonical_id",
            "subject_name",
            "object_id",
            "object_canonical_id",
            "object_name",
            "object_literal",
            "qualifiers",
            "trigger_start",
            "trigger_end",
            "trigger_text",
            "time_text",
            "time_value",
            "time_precision",
            "time_relation",
            "source_id",
            "source_canonical_id",
            "source_name",
            "hedged",
            "negated",
            "evidence_start",
            "evidence_end",
            "evidence_text",
            "confidence",
            "extractor",
            "extractor_version",
            "event_group",
        ),  # fmt: skip
        "SELECT s.id, s.document_id, s.local_id, s.kind, s.predicate, s.mode,"
        " s.subject_id, coalesce(su.canonical_id, su.id), su.name,"
        " s.object_id, coalesce(ob.canonical_id, ob.id), ob.name, s.object_literal, s.qualifiers,"
        " s.trigger_start, s.trigger_end, s.trigger_text,"
        " s.time_text, s.time_value, s.time_precision, s.time_relation,"
        " s.source_id, coalesce(so.canonical_id, so.id), so.name, s.hedged, s.negated,"
        " s.evidence_start, s.evidence_end, s.evidence_text, s.confidence, s.extractor, s.extractor_version,"
        " coalesce(s.event_group, s.id)"
        " FROM statements s LEFT JOIN entities su ON su.id = s.subject_id"
        " LEFT JOIN entities ob ON ob.id = s.object_id LEFT JOIN entities so ON so.id = s.source_id"
        " ORDER BY s.document_id, s.kind DESC, s.local_id",
    ),
    "arguments.csv": (
        ("statement_id", "role", "entity_id", "canonical_id", "name"),
        "SELECT a.statement_id, a.role, a.entity_id, coalesce(e.canonical_id, e.id), e.name FROM arguments a"
        " LEFT JOIN entities e ON e.id = a.entity_id ORDER BY a.statement_id, a.role, a.entity_id",
    ),
    "judgements.csv": (
        ("a", "b", "verdict", "score", "author", "reason", "created_at"),
        "SELECT a, b, verdict, score, author, reason, created_at FROM judgements ORDER BY a, b, author",
    ),
}
ENTITIES_HEADER = ("canonical_id", "type", "name", "names", "aliases", "members", "documents")
SEPARATOR = "; "  # between several values in one cell


def write_tables(conn: sqlite3.Connection, directory: Path) -> dict[str, int]:
    """Write every table as CSV (UTF-8, header row) into `directory`; return rows written per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {"entities.csv": _write_entities(conn, directory / "entities.csv")}
    for name, (header, query) in TABLES.items():
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            count = 0
            for row in conn.execute(query):
                writer.writerow(tuple(row))
                count += 1
        counts[name] = count
    return counts


def _write_entities(conn: sqlite3.Connection, path: Path) -> int:
    """One row per canonical entity: its type and name (most frequent), every name and alias, counts."""
    rows = conn.execute(
        f"SELECT {CANONICAL} AS canonical, e.id, e.type, e.name, e.document_id,"
        " (SELECT group_concat(a.name, char(31)) FROM aliases a WHERE a.entity_id = e.id) AS aliases"
        f" FROM entities e ORDER BY {CANONICAL}, e.id"
    )
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
            count += 1

        for row in rows:
            if row["canonical"] != current:
                flush()
                current, names, types, aliases, documents, members = (
                    row["canonical"],
                    Counter(),
                    Counter(),
                    set(),
                    set(),
                    0,
                )
            names[row["name"]] += 1
            types[row["type"]] += 1
            aliases |= set((row["aliases"] or "").split("\x1f")) - {""}
            documents.add(row["document_id"])
            members += 1
        flush()
    return count
