"""Reading the knowledge base: figures, full-text search, recorded errors."""

from __future__ import annotations

import sqlite3
from typing import TypedDict

from ..schema import applied_versions
from .fts import fts_query


class JudgementCountsJSON(TypedDict):
    total: int
    by_verdict: dict[str, int]  # positive, negative, unsure
    by_author: dict[str, int]  # machine, text, person


class StatsJSON(TypedDict):
    schema_version: int
    documents: int
    entities: int
    entities_by_type: dict[str, int]
    canonical_entities: int  # distinct coalesce(canonical_id, id)
    aliases: int
    mentions: int
    statements: int
    facts: int
    events: int
    event_groups: int  # distinct event_group ids that events carry
    events_after_grouping: int  # event groups plus events in none
    judgements: JudgementCountsJSON
    errors: int
    document_copies: int  # documents that repeat another report (``document_copies``)
    retired_ids: int  # canonical ids a merge retired, each redirected to its successor


class DocumentHitJSON(TypedDict):
    id: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str


class EntityHitJSON(TypedDict):
    id: str  # the canonical id, or the entity id while unresolved
    name: str
    type: str
    entities: int  # per-document entities in this cluster that match
    documents: int  # reports: a copy of a report counts with it, as one


class SearchJSON(TypedDict):
    query: str
    documents: list[DocumentHitJSON]
    entities: list[EntityHitJSON]


class ErrorJSON(TypedDict):
    source: str
    code: str
    message: str
    at: str


VERDICTS = ("positive", "negative", "unsure")
AUTHOR_KINDS = ("machine", "text", "person")


def _count(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def stats(conn: sqlite3.Connection) -> StatsJSON:
    """The figures `newsgraph stats` prints."""
    by_type = {
        str(row[0]): int(row[1])
        for row in conn.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY type")
    }
    by_verdict = dict.fromkeys(VERDICTS, 0)
    by_verdict.update(
        {str(r[0]): int(r[1]) for r in conn.execute("SELECT verdict, count(*) FROM judgements GROUP BY 1")}
    )
    by_author = dict.fromkeys(AUTHOR_KINDS, 0)
    author_kind = "CASE WHEN author LIKE 'person:%' THEN 'person' ELSE author END"
    by_author.update(
        {
            str(r[0]): int(r[1])
            for r in conn.execute(f"SELECT {author_kind}, count(*) FROM judgements GROUP BY 1")
        }
    )
    kinds = dict(conn.execute("SELECT kind, count(*) FROM statements GROUP BY kind").fetchall())
    return {
        "schema_version": max(applied_versions(conn), default=0),
        "documents": _count(conn, "SELECT count(*) FROM documents"),
        "entities": sum(by_type.values()),
        "entities_by_type": by_type,
        "canonical_entities": _count(conn, "SELECT count(DISTINCT coalesce(canonical_id, id)) FROM entities"),
        "aliases": _count(conn, "SELECT count(*) FROM aliases"),
        "mentions": _count(conn, "SELECT count(*) FROM mentions"),
        "statements": sum(int(v) for v in kinds.values()),
        "facts": int(kinds.get("fact", 0)),
        "events": int(kinds.get("event", 0)),
        "event_groups": _count(
            conn, "SELECT count(DISTINCT event_group) FROM statements WHERE kind = 'event'"
        ),
        "events_after_grouping": _count(
            conn, "SELECT count(DISTINCT coalesce(event_group, id)) FROM statements WHERE kind = 'event'"
        ),
        "judgements": {
            "total": sum(by_verdict.values()),
            "by_verdict": by_verdict,
            "by_author": by_author,
        },
        "errors": _count(conn, "SELECT count(*) FROM errors"),
        "document_copies": _count(conn, "SELECT count(*) FROM document_copies"),
        "retired_ids": _count(conn, "SELECT count(*) FROM canonical_redirects"),
    }


def search(
    conn: sqlite3.Connection, text: str, *, limit: int = 10, mark: tuple[str, str] = ("[", "]")
) -> SearchJSON:
    """Documents (title and text) and entities (names and aliases) matching `text`, best first.

    Entities are grouped by canonical id, so one person seen in many documents is one
    hit; `mark` surrounds the matched words in document snippets. A query too long to search
    raises `StoreError` (E082, E083: `fts.search_words`).
    """
    query = fts_query(text)
    if not query:
        return {"query": text, "documents": [], "entities": []}
    documents: list[DocumentHitJSON] = [
        {
            "id": row["id"],
            "title": row["title"],
            "published": row["published"],
            "source": row["source"],
            "snippet": " ".join(str(row["snippet"]).split()),
        }
        for row in conn.execute(
            "SELECT d.id, d.title, d.published, d.source,"
            " snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet"
            " FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY documents_fts.rank LIMIT ?",
            (mark[0], mark[1], query, limit),
        )
    ]
    # min(rank) makes SQLite take the bare columns (name, type) from the best-ranked row.
    entities: list[EntityHitJSON] = [
        {
            "id": row["cluster"],
            "name": row["name"],
            "type": row["type"],
            "entities": row["entities"],
            "documents": row["documents"],
        }
        for row in conn.execute(
            "SELECT coalesce(e.canonical_id, e.id) AS cluster, min(f.rank) AS best, e.name, e.type,"
            " count(*) AS entities,"
            " count(DISTINCT coalesce((SELECT c.copy_of FROM document_copies c"
            " WHERE c.document_id = e.document_id), e.document_id)) AS documents"
            " FROM entities_fts f JOIN entities e ON e.id = f.entity_id"
            " WHERE entities_fts MATCH ? GROUP BY cluster ORDER BY best, documents DESC LIMIT ?",
            (query, limit),
        )
    ]
    return {"query": text, "documents": documents, "entities": entities}


def list_errors(conn: sqlite3.Connection, *, code: str | None = None) -> list[ErrorJSON]:
    """The recorded ingest errors, oldest first (optionally of one code)."""
    rows = conn.execute(
        "SELECT source, code, message, at FROM errors WHERE ? IS NULL OR code = ? ORDER BY id",
        (code, code),
    )
    return [{"source": r["source"], "code": r["code"], "message": r["message"], "at": r["at"]} for r in rows]
