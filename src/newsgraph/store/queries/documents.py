"""Documents: their metadata, their text, and the entity mentions in them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .sql import chunks, marks


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document with its text (what its offsets count in)."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str | None
    text: str


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A mention of an entity in a document: its offsets and text."""

    start: int
    end: int
    text: str
    entity_id: str


def documents_by_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[DocumentRow]:
    """The documents with these ids (those that exist)."""
    out: list[DocumentRow] = []
    for part in chunks(sorted(set(ids))):
        rows = conn.execute(
            f"SELECT id, title, published, source, language FROM documents WHERE id IN ({marks(part)})",
            tuple(part),
        )
        out += [DocumentRow(*row) for row in rows]
    return out


def document_text(conn: sqlite3.Connection, document_id: str) -> DocumentText | None:
    """One document with its text; None when there is none with that id."""
    row = conn.execute(
        "SELECT id, title, published, source, language, text FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return None if row is None else DocumentText(*row)


def iter_document_texts(conn: sqlite3.Connection) -> Iterator[DocumentText]:
    """Every document with its text, in ingest order."""
    for row in conn.execute(
        "SELECT id, title, published, source, language, text FROM documents ORDER BY seq"
    ):
        yield DocumentText(*row)


def document_sources(conn: sqlite3.Connection) -> list[tuple[str, str | None, str | None]]:
    """(id, source, published) of every document."""
    return [(row[0], row[1], row[2]) for row in conn.execute("SELECT id, source, published FROM documents")]


def mentions_in_document(conn: sqlite3.Connection, document_id: str) -> list[MentionRow]:
    """The entity mentions of one document, by offset."""
    rows = conn.execute(
        'SELECT m.start, m."end", m.text, m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id'
        ' WHERE e.document_id = ? ORDER BY m.start, m."end", m.entity_id',
        (document_id,),
    )
    return [MentionRow(*row) for row in rows]


def document_roots(conn: sqlite3.Connection, document_ids: Iterable[str]) -> dict[str, str]:
    """Document id -> the report it counts as: the first report it is a copy of, else itself
    (``document_copies``), so that a report saved twice never corroborates itself."""
    wanted = sorted(set(document_ids))
    roots = {d: d for d in wanted}
    for part in chunks(wanted):
        rows = conn.execute(
            f"SELECT document_id, copy_of FROM document_copies WHERE document_id IN ({marks(part)})",
            tuple(part),
        )
        roots.update({str(r[0]): str(r[1]) for r in rows})
    return roots


def document_copies(conn: sqlite3.Connection) -> list[tuple[str, str, float]]:
    """Every (copy, the report it repeats, word-shingle Jaccard similarity), by copy id."""
    rows = conn.execute("SELECT document_id, copy_of, similarity FROM document_copies ORDER BY document_id")
    return [(str(r[0]), str(r[1]), float(r[2])) for r in rows]
