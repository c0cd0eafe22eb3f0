"""Documents into the knowledge base: idempotent by content hash, in batches, resumable.

`store_result` writes one extraction (the contract JSON, ../shared/SCHEMA.md) as rows;
`ingest_paths` reads inputs, skips what is stored already before any NLP runs, extracts
the rest with one pipeline and commits every `batch_size` documents. A kill loses at
most the batch in hand, and a re-run picks up where the last commit left off: nothing
is lost and, as the content hash is unique, nothing is stored twice.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..document import Document, IngestError, content_id
from ..ingest import DEFAULT_MAX_BYTES, iter_documents
from ..schema import EventJSON, ExtractionJSON, FactJSON, TimeJSON
from .db import transaction
from .schema import utc_now

EXTRACTOR_VERSION = f"newsgraph {__version__}"
DEFAULT_BATCH_SIZE = 32
NLP_BATCH_SIZE = 16  # documents per nlp.pipe batch (the API's default)


@dataclass(frozen=True, slots=True)
class IngestCounts:
    """What one ingest run did: documents stored, skipped as already stored, failed to read."""

    new: int = 0
    skipped: int = 0
    failed: int = 0

    @property
    def seen(self) -> int:
        return self.new + self.skipped + self.failed


ProgressCallback = Callable[[IngestCounts], None]


def content_hash(text: str) -> str:
    """The content hash a document is stored under: sha256 of its normalised text."""
    return content_id(text)


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


def ingest_paths(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
    nlp: Any | None = None,
    on_progress: ProgressCallback | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> IngestCounts:
    """Read `paths` (as `newsgraph extract` does, plus WARC) into the base; return what was done.

    Documents whose content hash is stored already are skipped before the NLP runs,
    so a second run costs only the reading. The rest go through one pipeline (`nlp`,
    built when not given and some document needs it) and are written `batch_size` at a time, each batch in one
    transaction; unreadable inputs go to the ``errors`` table with the batch and never
    stop it. `on_progress` is called with the running counts after each document (a
    document counts as new once extracted; it is committed with its batch), `on_error`
    with each unreadable input.
    """
    from ..api import extract_documents
    from ..nlp.pipeline import build_nlp

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    state = _Run(conn, batch_size=batch_size, on_progress=on_progress, on_error=on_error)
    pending = state.pending(iter_documents(paths, published=published, max_bytes=max_bytes))
    first = next(pending, None)
    if first is not None:  # the pipeline is loaded only when some document needs it
        done: list[Document] = []
        results = extract_documents(
            itertools.chain([first], pending),
            nlp=nlp if nlp is not None else build_nlp(),
            n_process=processes,
            batch_size=min(batch_size, NLP_BATCH_SIZE),  # results come back at least as often as commits
            on_done=done.append,
        )
        for result in results:
            state.add(result, done.pop())
    state.flush()
    return state.counts


class _Run:
    """The state of one ingest run: counts, the batch in hand, the hashes seen in this run."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        batch_size: int,
        on_progress: ProgressCallback | None,
        on_error: Callable[[IngestError], None] | None,
    ) -> None:
        self.conn = conn
        self.batch_size = batch_size
        self.on_progress = on_progress
        self.on_error = on_error
        self.counts = IngestCounts()
        self.results: list[tuple[ExtractionJSON, Document]] = []
        self.errors: list[IngestError] = []
        self.seen: set[str] = set()

    def pending(self, items: Iterator[Document | IngestError]) -> Iterator[Document]:
        """The documents that still need the NLP; errors and stored documents are counted."""
        for item in items:
            if isinstance(item, IngestError):
                self.errors.append(item)
                if self.on_error is not None:
                    self.on_error(item)
                self._count(failed=1)
                if len(self.errors) >= self.batch_size:
                    self.flush()
                continue
            key = content_hash(item.text)
            if key in self.seen or is_stored(self.conn, key):
                self._count(skipped=1)
                continue
            self.seen.add(key)
            yield item

    def add(self, result: ExtractionJSON, document: Document) -> None:
        self.results.append((result, document))
        self._count(new=1)
        if len(self.results) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the batch in hand in one transaction."""
        if not self.results and not self.errors:
            return
        lost = 0  # stored by another process since they were checked
        with transaction(self.conn):
            for result, document in self.results:
                key = content_hash(document.text)
                lost += not store_result(self.conn, result, text=document.text, content_hash=key)
            record_errors(self.conn, self.errors)
        self.results.clear()
        self.errors.clear()
        if lost:
            self._count(new=-lost, skipped=lost)

    def _count(self, *, new: int = 0, skipped: int = 0, failed: int = 0) -> None:
        c = self.counts
        self.counts = IngestCounts(c.new + new, c.skipped + skipped, c.failed + failed)
        if self.on_progress is not None:
            self.on_progress(self.counts)
