"""Extractions into the knowledge base: one document's rows in one savepoint, by content hash.

`store_result` writes one extraction (the contract JSON, ../shared/SCHEMA.md) as rows,
or nothing when its content hash is stored already, and links a near-copy of a stored
report to it (`copies`); `record_errors` keeps the inputs
that could not be read. Reading inputs, running the NLP and committing in batches is
the pipeline's work (`newsgraph.pipeline`), not the store's.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..document import IngestError, content_id
from ..schema import EventJSON, ExtractionJSON, FactJSON, TimeJSON
from .copies import link_copies, text_hash
from .schema import utc_now

EXTRACTOR_VERSION = f"newsgraph {__version__}"


def content_hash(text: str) -> str:
    """The content hash a document is stored under: sha256 of its text with markup and spacing
    normalised (`copies.hash_text`), so a report saved again with an extra newline is the same."""
    return text_hash(text)


def is_stored(conn: sqlite3.Connection, content_hash: str) -> bool:
    """Whether a document with this content hash is in the base."""
    row = conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
    return row is not None


def statement_id(document_id: str, kind: str, statement: FactJSON | EventJSON) -> str:
    """sha256 of the statement's content (all but its local id) and its document id."""
    content = {key: value for key, value in statement.items() if key != "id"}
    payload = json.dumps(
        {"document": document_id, "kind": kind, "statement": content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def store_result(conn: sqlite3.Connection, result: ExtractionJSON, *, text: str, content_hash: str) -> bool:
    """Write one extraction; False (and nothing written) when its content hash is stored already.

    All rows of the document are written inside one savepoint: either all of them or,
    on an error, none. Inside a transaction the caller opened, they commit with it;
    otherwise they are committed before this returns. The document keeps the id the
    input gave unless another text holds it already; then it is stored under its
    content-hash id (`Document.create`'s default).
    """
    if is_stored(conn, content_hash):
        return False
    meta = result["document"]
    document_id = meta["id"]
    taken = conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
    if taken is not None:
        document_id = content_id(text)
    conn.execute("SAVEPOINT store_result")
    try:
        _write(conn, result, document_id=document_id, text=text, content_hash=content_hash)
    except BaseException:
        conn.execute("ROLLBACK TO store_result")
        conn.execute("RELEASE store_result")
        raise
    conn.execute("RELEASE store_result")
    return True


def _write(
    conn: sqlite3.Connection, result: ExtractionJSON, *, document_id: str, text: str, content_hash: str
) -> None:
    meta = result["document"]
    conn.execute(
        "INSERT INTO documents (id, seq, content_hash, title, published, source, language, text,"
        " ingested_at, extractor_version)"
        " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM documents), ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document_id,
            content_hash,
            meta["title"],
            meta["published"],
            meta["source"],
            meta["language"],
            text,
            utc_now(),
            EXTRACTOR_VERSION,
        ),
    )
    link_copies(conn, document_id, text)

    def ref(local_id: str | None) -> str | None:
        return None if local_id is None else f"{document_id}/{local_id}"

    for entity in result["entities"]:
        entity_id = f"{document_id}/{entity['id']}"
        conn.execute(
            "INSERT INTO entities (id, document_id, local_id, type, name) VALUES (?, ?, ?, ?, ?)",
            (entity_id, document_id, entity["id"], entity["type"], entity["name"]),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, name, kind) VALUES (?, ?, ?)",
            [(entity_id, alias["name"], alias["kind"]) for alias in entity["aliases"]],
        )
        conn.executemany(
            'INSERT OR IGNORE INTO mentions (entity_id, start, "end", text) VALUES (?, ?, ?, ?)',
            [(entity_id, m["start"], m["end"], m["text"]) for m in entity["mentions"]],
        )
        aliases = "\n".join(dict.fromkeys(alias["name"] for alias in entity["aliases"]))
        conn.execute(
            "INSERT INTO entities_fts (entity_id, name, aliases) VALUES (?, ?, ?)",
            (entity_id, entity["name"], aliases),
        )
    for fact in result["facts"]:
        target = fact["object"]
        object_id, literal = (ref(target), None) if isinstance(target, str) else (None, target["value"])
        _insert_statement(
            conn,
            statement=fact,
            id=statement_id(document_id, "fact", fact),
            document_id=document_id,
            kind="fact",
            predicate=fact["predicate"],
            mode=None,
            subject_id=ref(fact["subject"]),
            object_id=object_id,
            object_literal=literal,
            qualifiers=dict(fact["qualifiers"]),
            trigger=(None, None, None),
            source_id=ref(fact["source"]),
        )
    for event in result["events"]:
        id = statement_id(document_id, "event", event)
        trigger = event["trigger"]
        _insert_statement(
            conn,
            statement=event,
            id=id,
            document_id=document_id,
            kind="event",
            predicate=event["type"],
            mode=event["mode"],
            subject_id=None,
            object_id=None,
            object_literal=None,
            qualifiers={},
            trigger=(trigger["start"], trigger["end"], trigger["text"]),
            source_id=ref(event["source"]),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO arguments (statement_id, role, entity_id) VALUES (?, ?, ?)",
            [(id, argument["role"], ref(argument["entity"])) for argument in event["arguments"]],
        )


def _insert_statement(
    conn: sqlite3.Connection,
    *,
    statement: FactJSON | EventJSON,
    id: str,
    document_id: str,
    kind: str,
    predicate: str,
    mode: str | None,
    subject_id: str | None,
    object_id: str | None,
    object_literal: str | None,
    qualifiers: dict[str, Any],
    trigger: tuple[int | None, int | None, str | None],
    source_id: str | None,
) -> None:
    time: TimeJSON | None = statement["time"]
    if time is not None and time.get("candidates"):
        qualifiers["time_candidates"] = time.get("candidates")
    evidence = statement["evidence"]
    conn.execute(
        "INSERT OR IGNORE INTO statements (id, document_id, local_id, kind, predicate, mode, subject_id,"
        " object_id, object_literal, qualifiers, trigger_start, trigger_end, trigger_text, time_text,"
        " time_value, time_precision, time_relation, source_id, hedged, negated, evidence_start,"
        " evidence_end, evidence_text, confidence, extractor, extractor_version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            id,
            document_id,
            statement["id"],
            kind,
            predicate,
            mode,
            subject_id,
            object_id,
            object_literal,
            json.dumps(qualifiers, ensure_ascii=False, sort_keys=True),
            *trigger,
            time["text"] if time else None,
            time["value"] if time else None,
            time["precision"] if time else None,
            time["relation"] if time else None,
            source_id,
            int(statement["hedged"]),
            int(statement["negated"]),
            evidence["start"],
            evidence["end"],
            evidence["text"],
            float(statement["confidence"]),
            statement.get("extractor"),
            EXTRACTOR_VERSION,
        ),
    )


def record_errors(conn: sqlite3.Connection, errors: Sequence[IngestError]) -> None:
    """Add ingest errors to the ``errors`` table; one already recorded is kept once."""
    now = utc_now()
    conn.executemany(
        "INSERT OR IGNORE INTO errors (source, code, message, at) VALUES (?, ?, ?, ?)",
        [(error.source, error.code, error.message, now) for error in errors],
    )
