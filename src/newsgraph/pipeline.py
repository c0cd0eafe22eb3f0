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
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .document import Document, IngestError
from .errors import Errors
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


class DocumentFailed(Exception):
    """One document could not be extracted (raised only when no `on_error` is given)."""

    def __init__(self, error: IngestError) -> None:
        super().__init__(error.message)
        self.error = error


def document_label(document: Document) -> str:
    """How errors name a document: its source and id."""
    return f"{document.source} (id {document.id})" if document.source else f"id {document.id}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class _StageFailed(Exception):
    """A component (the stage) raised on one document."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        super().__init__(stage)
        self.stage = stage
        self.reason = _reason(exc)


def _ignore_error(name: str | None, proc: Any, docs: Any, exc: Exception) -> None:
    """spaCy's error handler during `extract_documents`: the documents a component failed
    on leave the stream, and are retried one by one to find the one that failed."""


@dataclass(slots=True)
class _Entry:
    document: Document
    kind: str  # "pipe": through nlp.pipe; "long": in parts, here; "refused" (E070), "failed" (E071)
    error: IngestError | None = None


class _Workers:
    """The key `multiprocessing.util.register_after_fork` keeps (weakly) for `_in_worker`."""

    registered = False


_WORKERS = _Workers()
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _in_worker(_key: object) -> None:
    """Run in each worker process nlp.pipe forks, first thing: it ignores SIGINT (a Ctrl-C
    reaches the whole process group; the parent decides when to stop, and then stops its
    workers), and it is killed when its parent dies, however that dies (SIGKILL too), so
    that no worker is left behind."""
    import multiprocessing

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: terminate() ends it
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the parent's own clean-up still stops it
            pass
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the parent died before prctl
        os._exit(1)


def stop_workers() -> int:
    """Terminate the worker processes this process started (nlp.pipe's, a local cluster's);
    return how many.

    For an abrupt stop (a second Ctrl-C): nlp.pipe, when an exception leaves it, waits for
    its workers, and a worker blocked on sending a result that will never be read would
    keep it waiting for ever."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    return len(children)


def die_with_parent() -> None:
    """Have every process forked by `multiprocessing` from now on run `_in_worker` (once per process)."""
    from multiprocessing import util

    if not _WORKERS.registered:
        util.register_after_fork(_WORKERS, _in_worker)
        _WORKERS.registered = True


def extract_documents(
    documents: Iterable[Document],
    *,
    nlp: Any | None = None,
    n_process: int = 1,
    batch_size: int = NLP_BATCH_SIZE,
    on_done: Callable[[Document], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    max_chars: int | None = None,
    max_length: int | None = None,
) -> Iterator[ExtractionJSON]:
    """Run the pipeline over documents, yielding one result per document in input order.

    A document longer than `max_length` (default: ``nlp.max_length``, spaCy's limit) is
    cut into parts at paragraph boundaries, the parts parsed here and joined into one Doc
    with the document's exact text (`newsgraph.nlp.parts`), and newsgraph's components run
    on it once: one result, offsets into the whole text. With `max_chars`, a longer
    document is refused instead (E070).

    A document the pipeline fails on (E071), or refuses, is left out: `on_error` is called
    with its error, in input order, and the rest go on. Without `on_error` the error is
    raised (`DocumentFailed`). A failure inside a batch of ``nlp.pipe`` drops the batch;
    its documents are then run one by one in this process, so only the one that fails is
    lost.
    """
    from .components import build_nlp, register_extensions

    nlp = nlp if nlp is not None else build_nlp()
    register_extensions()
    if n_process != 1:
        die_with_parent()
    limit = max_length if max_length is not None else int(nlp.max_length)
    entries: dict[int, _Entry] = {}  # read and not yet settled, by position
    source = iter(documents)
    read = 0  # documents taken from `documents`
    unreadable: list[BaseException] = []  # what the documents' iterator raised: not the NLP's fault

    def feed() -> Iterator[tuple[Any, int]]:
        nonlocal read
        while True:
            try:
                document = next(source)
            except StopIteration:
                return
            except BaseException as exc:
                unreadable.append(exc)
                raise
            seq, read = read, read + 1
            size = len(document.text)
            if max_chars is not None and size > max_chars:
                entry = _Entry(document, "refused", _refusal(document, max_chars))
            else:
                entry = _Entry(document, "long" if size > limit else "pipe")
            entries[seq] = entry
            # a long or refused document sends an empty Doc, so that results keep coming in order
            try:
                doc = nlp.make_doc(document.text if entry.kind == "pipe" else "")
            except Exception as exc:
                entry.kind, entry.error = "failed", _failure(document, "tokenizer", _reason(exc))
                doc = nlp.make_doc("")
            doc._.ng_published = document.published
            yield doc, seq

    def settle(entry: _Entry, doc: Any | None) -> ExtractionJSON | None:
        """The result of one entry (`doc`: what nlp.pipe made of it, None when it was dropped)."""
        document = entry.document
        error = entry.error
        result: ExtractionJSON | None = None
        if error is None:
            try:
                if entry.kind == "long":
                    doc = _extract_long(nlp, document, limit)
                elif doc is None:
                    doc = _extract_alone(nlp, document)
                try:
                    result = doc_to_json(doc, document)
                except Exception as exc:
                    raise _StageFailed("output", exc) from exc
            except _StageFailed as failed:
                error = _failure(document, failed.stage, failed.reason)
        if error is not None:
            if on_error is None:
                raise DocumentFailed(error)
            on_error(error)
            return None
        if on_done is not None:
            on_done(document)
        return result

    def settle_before(bound: int | None) -> Iterator[ExtractionJSON]:
        """Settle every entry before position `bound` (all with None): nlp.pipe left them out."""
        while entries:
            seq = next(iter(entries))
            if bound is not None and seq >= bound:
                return
            result = settle(entries.pop(seq), None)
            if result is not None:
                yield result

    previous = nlp.default_error_handler
    nlp.default_error_handler = _ignore_error  # newsgraph's components, and nlp.pipe's worker processes
    try:
        while True:
            read_before = read
            stream = nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size)
            crashed = False
            while True:
                try:
                    doc, seq = next(stream)
                except StopIteration:
                    break
                except Exception:  # a model component raised in this process: the stream is over
                    if unreadable:
                        raise
                    crashed = True
                    break
                yield from settle_before(seq)
                entry = entries.pop(seq)
                result = settle(entry, doc if entry.kind == "pipe" else None)
                if result is not None:
                    yield result
            progressed = read > read_before
            yield from settle_before(None)  # the documents in flight, one by one
            if not crashed:
                break
            if not progressed:  # nothing was read: the pipeline cannot start
                raise RuntimeError("the spaCy pipeline failed before reading a document")
    finally:
        nlp.default_error_handler = previous


def _failure(document: Document, stage: str, reason: str) -> IngestError:
    message = Errors.E071.format(path=document_label(document), stage=stage, reason=reason)
    return _document_error(document, "E071", message)


def _document_error(document: Document, code: str, message: str) -> IngestError:
    return IngestError(source=document.source or document.id, message=message, code=code)


def _refusal(document: Document, max_chars: int) -> IngestError:
    message = Errors.E070.format(path=document_label(document), size=len(document.text), limit=max_chars)
    return _document_error(document, "E070", message)


def _split_pipeline(nlp: Any) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The model's own components (run on each part) and newsgraph's (on the whole Doc)."""
    from .components import COMPONENTS

    pipeline = list(nlp.pipeline)
    first = next((i for i, (name, _) in enumerate(pipeline) if name in COMPONENTS), len(pipeline))
    return pipeline[:first], pipeline[first:]


def _run(doc: Any, components: Sequence[tuple[str, Any]]) -> Any:
    for name, proc in components:
        try:
            doc = proc(doc)
        except Exception as exc:
            raise _StageFailed(name, exc) from exc
    return doc


def _extract_alone(nlp: Any, document: Document) -> Any:
    """One document through every component, here, with the stage that fails named."""
    try:
        doc = nlp.make_doc(document.text)
    except Exception as exc:
        raise _StageFailed("tokenizer", exc) from exc
    doc._.ng_published = document.published
    return _run(doc, nlp.pipeline)


def _extract_long(nlp: Any, document: Document, limit: int) -> Any:
    """A document over the model's limit: parts through the model, one Doc through newsgraph."""
    from .nlp.parts import parse_parts, part_limit, split_text

    base, own = _split_pipeline(nlp)
    parts = split_text(document.text, part_limit(limit))
    try:
        doc = parse_parts(nlp, parts, lambda part: _run(part, base))
    except _StageFailed:
        raise
    except Exception as exc:  # tokenising a part, or joining the parts
        raise _StageFailed("parts", exc) from exc
    if doc.text != document.text:  # never expected: the parts are cut from the text
        raise _StageFailed("parts", ValueError("the joined parts differ from the text"))
    doc._.ng_published = document.published
    return _run(doc, own)


def extract_text(text: str, *, published: str | None = None, nlp: Any | None = None) -> ExtractionJSON:
    """Extract one plain text (a convenience for tests and notebooks)."""
    document = Document.create(text, published=published)
    return next(extract_documents([document], nlp=nlp))


def write(
    conn: sqlite3.Connection,
    results: Sequence[tuple[ExtractionJSON, Document]],
    *,
    errors: Sequence[IngestError] = (),
    on_error: Callable[[IngestError], None] | None = None,
) -> int:
    """Write one batch in one transaction: each extraction with its document's text in its
    own savepoint, and the errors; return how many documents were stored.

    A document whose content hash was stored meanwhile (by another process, since it was
    planned) is left as it is and not counted. A document that cannot be written (a value
    the store refuses) is rolled back alone and recorded as an error (E072) with the batch;
    `on_error` is called with it. A fault of the base itself (locked, full, unreadable:
    `sqlite3.OperationalError`) is no one document's and rolls the batch back.
    """
    stored = 0
    failed: list[IngestError] = []
    with transaction(conn):
        for result, document in results:
            key = content_hash(document.text)
            try:
                stored += store_result(conn, result, text=document.text, content_hash=key)
            except sqlite3.OperationalError:
                raise
            except Exception as exc:  # store_result rolled its savepoint back
                message = Errors.E072.format(path=document_label(document), reason=_reason(exc))
                failed.append(_document_error(document, "E072", message))
        record_errors(conn, [*errors, *failed])
    if on_error is not None:
        for error in failed:
            on_error(error)
    return stored


def ingest_paths(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
    nlp: Any | None = None,
    max_length: int | None = None,
    on_progress: ProgressCallback | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    input_format: str = "auto",
    on_note: Callable[[str], None] | None = None,
) -> IngestCounts:
    """Read `paths` (as `newsgraph extract` does, plus WARC) into the base; return what was done.

    `input_format` says how stdin (``-``) is read, `on_note` is handed each note made while
    reading (see `newsgraph.ingest.iter_documents`).

    Documents whose content hash is stored already are skipped before the NLP runs,
    so a second run costs only the reading. The rest go through one pipeline (`nlp`,
    built when not given and some document needs it) and are written `batch_size` at a time, each batch in one
    transaction; unreadable inputs, and documents the pipeline fails on or refuses
    (`max_chars`, see `extract_documents`, with `max_length`) or the store refuses, go to
    the ``errors`` table with the batch and never stop it. `on_progress` is called with the
    running counts after each document (a document counts as new once extracted; it is
    committed with its batch), `on_error` with each of those errors.

    `should_stop` is asked before each input is read: once it says yes, no more inputs are
    read, the documents in the pipeline are finished and committed, and `Interrupted` is
    raised with the counts.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    state = _Run(
        conn, batch_size=batch_size, on_progress=on_progress, on_error=on_error, should_stop=should_stop
    )
    items = iter_documents(
        paths, published=published, max_bytes=max_bytes, input_format=input_format, on_note=on_note
    )
    pending = state.pending(plan(conn, items))
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
            on_error=state.fail,
            max_chars=max_chars,
            max_length=max_length,
        )
        for result in results:
            state.add(result, done.pop())
    state.flush()
    if state.stopped:
        raise Interrupted(state.counts)
    return state.counts


class Interrupted(Exception):
    """An ingest stopped on request (`should_stop`) after committing what it had extracted."""

    def __init__(self, counts: IngestCounts) -> None:
        super().__init__(f"interrupted after {counts.seen} input(s)")
        self.counts = counts


class _Run:
    """The state of one ingest run: counts and the batch in hand."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        batch_size: int,
        on_progress: ProgressCallback | None,
        on_error: Callable[[IngestError], None] | None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.conn = conn
        self.should_stop = should_stop
        self.stopped = False
        self.batch_size = batch_size
        self.on_progress = on_progress
        self.on_error = on_error
        self.counts = IngestCounts()
        self.results: list[tuple[ExtractionJSON, Document]] = []
        self.errors: list[IngestError] = []

    def pending(self, planned: Iterator[Document | Skipped | IngestError]) -> Iterator[Document]:
        """The documents that still need the NLP; errors and skipped documents are counted."""
        while True:
            if self.should_stop is not None and self.should_stop():
                self.stopped = True
                return
            item = next(planned, None)
            if item is None:
                return
            if isinstance(item, IngestError):
                self.fail(item)
            elif isinstance(item, Skipped):
                self._count(skipped=1)
            else:
                yield item

    def fail(self, error: IngestError) -> None:
        """An input that could not be read, extracted or stored: recorded with the batch."""
        self.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)
        self._count(failed=1)
        if len(self.errors) >= self.batch_size:
            self.flush()

    def add(self, result: ExtractionJSON, document: Document) -> None:
        self.results.append((result, document))
        self._count(new=1)
        if len(self.results) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the batch in hand in one transaction."""
        if not self.results and not self.errors:
            return
        refused: list[IngestError] = []
        stored = write(self.conn, self.results, errors=self.errors, on_error=refused.append)
        lost = len(self.results) - stored - len(refused)
        self.results.clear()
        self.errors.clear()
        if lost:  # stored by another process since they were planned
            self._count(new=-lost, skipped=lost)
        for error in refused:  # recorded already, with the batch
            if self.on_error is not None:
                self.on_error(error)
            self._count(new=-1, failed=1)

    def _count(self, *, new: int = 0, skipped: int = 0, failed: int = 0) -> None:
        c = self.counts
        self.counts = IngestCounts(c.new + new, c.skipped + skipped, c.failed + failed)
        if self.on_progress is not None:
            self.on_progress(self.counts)
