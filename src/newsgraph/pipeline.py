"""The pipeline over the stages: documents in, contract JSON out, and into the store.

Three steps, each a function of its input, that one process and a cluster both call:

- `plan`: which inputs are new, by content hash against the store, before any NLP runs;
- `extract_documents`: documents -> contract JSON (../shared/SCHEMA.md), through one
  loaded spaCy pipeline, in input order;
- `write`: contract JSON and text -> the store, one savepoint per document and one
  transaction per batch.

`ingest_paths` chains them over files, folders and stdin and commits every `batch_size`
documents: a kill loses at most the batch in hand, and a re-run picks up where the last
commit left off; nothing is lost and, as the content hash is unique, nothing is stored
twice. The NLP is imported only when a document needs it, so commands that import this
module start fast.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .document import Document, IngestError
from .extract.output import doc_to_json
from .ingest import DEFAULT_MAX_BYTES, iter_documents
from .schema import ExtractionJSON
from .store.db import transaction
from .store.write import content_hash, is_stored, record_errors, store_result

DEFAULT_BATCH_SIZE = 32
NLP_BATCH_SIZE = 16  # documents per nlp.pipe batch (extract_documents' default)


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


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input not to extract: its text is in the store already, or came earlier in the same plan."""

    document: Document


def plan(
    conn: sqlite3.Connection, items: Iterable[Document | IngestError]
) -> Iterator[Document | Skipped | IngestError]:
    """Each input, in order, with what to do about it: a `Document` to extract, else
    `Skipped` (its content hash is stored, or an earlier input had the same text), or
    the `IngestError` it was read as.

    Lazy: the store is asked as each input comes, so documents committed while the plan
    is being read are skipped too.
    """
    planned: set[str] = set()
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        key = content_hash(item.text)
        if key in planned or is_stored(conn, key):
            yield Skipped(item)
            continue
        planned.add(key)
        yield item


def extract_documents(
    documents: Iterable[Document],
    *,
    nlp: Any | None = None,
    n_process: int = 1,
    batch_size: int = NLP_BATCH_SIZE,
    on_done: Callable[[Document], None] | None = None,
) -> Iterator[ExtractionJSON]:
    """Run the pipeline over documents, yielding one result per document in input order."""
    from .components import build_nlp, register_extensions

    nlp = nlp if nlp is not None else build_nlp()
    register_extensions()

    def prepared(document: Document) -> tuple[Any, Document]:
        doc = nlp.make_doc(document.text)
        doc._.ng_published = document.published
        return doc, document

    pairs = (prepared(d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        if on_done is not None:
            on_done(document)
        yield doc_to_json(doc, document)


def extract_text(text: str, *, published: str | None = None, nlp: Any | None = None) -> ExtractionJSON:
    """Extract one plain text (a convenience for tests and notebooks)."""
    document = Document.create(text, published=published)
    return next(extract_documents([document], nlp=nlp))


def write(
    conn: sqlite3.Connection,
    results: Sequence[tuple[ExtractionJSON, Document]],
    *,
    errors: Sequence[IngestError] = (),
) -> int:
    """Write one batch in one transaction: each extraction with its document's text in its
    own savepoint, and the errors; return how many documents were stored.

    A document whose content hash was stored meanwhile (by another process, since it was
    planned) is left as it is and not counted.
    """
    stored = 0
    with transaction(conn):
        for result, document in results:
            key = content_hash(document.text)
            stored += store_result(conn, result, text=document.text, content_hash=key)
        record_errors(conn, errors)
    return stored


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
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    state = _Run(conn, batch_size=batch_size, on_progress=on_progress, on_error=on_error)
    pending = state.pending(plan(conn, iter_documents(paths, published=published, max_bytes=max_bytes)))
    first = next(pending, None)
    if first is not None:  # the pipeline is loaded only when some document needs it
        from .components import build_nlp

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
    """The state of one ingest run: counts and the batch in hand."""

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

    def pending(self, planned: Iterator[Document | Skipped | IngestError]) -> Iterator[Document]:
        """The documents that still need the NLP; errors and skipped documents are counted."""
        for item in planned:
            if isinstance(item, IngestError):
                self.errors.append(item)
                if self.on_error is not None:
                    self.on_error(item)
                self._count(failed=1)
                if len(self.errors) >= self.batch_size:
                    self.flush()
            elif isinstance(item, Skipped):
                self._count(skipped=1)
            else:
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
        lost = len(self.results) - write(self.conn, self.results, errors=self.errors)
        self.results.clear()
        self.errors.clear()
        if lost:  # stored by another process since they were planned
            self._count(new=-lost, skipped=lost)

    def _count(self, *, new: int = 0, skipped: int = 0, failed: int = 0) -> None:
        c = self.counts
        self.counts = IngestCounts(c.new + new, c.skipped + skipped, c.failed + failed)
        if self.on_progress is not None:
            self.on_progress(self.counts)
