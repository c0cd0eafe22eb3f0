"""A document with its annotations: its text, the entity mentions in it and its statements.

Every offset counts characters of ``text``, so a view can mark each mention and
each statement's evidence in place.
"""

from __future__ import annotations

import sqlite3
from typing import TypedDict

from ..store import queries
from .kb import DocumentJSON, RefJSON, Refs, StatementJSON, to_json


class MentionJSON(TypedDict):
    start: int
    end: int
    text: str
    entity: RefJSON  # the entity in this document, with its canonical id and display name


class DocumentViewJSON(DocumentJSON):
    text: str
    mentions: list[MentionJSON]  # by offset
    statements: list[StatementJSON]  # facts and events, by evidence offset


def document_view(conn: sqlite3.Connection, document_id: str) -> DocumentViewJSON | None:
    """The document with its mentions and statements; None when no document has that id."""
    document = queries.document_text(conn, document_id)
    if document is None:
        return None
    refs = Refs(conn)
    rows = queries.mentions_in_document(conn, document_id)
    refs.load(row.entity_id for row in rows)
    mentions: list[MentionJSON] = []
    for row in rows:
        ref = refs.get(row.entity_id)
        if ref is not None:
            mentions.append(MentionJSON(start=row.start, end=row.end, text=row.text, entity=ref))
    statements = to_json(queries.statements_of_document(conn, document_id), conn=conn, refs=refs)
    return DocumentViewJSON(
        id=document.id,
        title=document.title,
        published=document.published,
        source=document.source,
        language=document.language,
        text=document.text,
        mentions=mentions,
        statements=statements,
    )
