"""What a Dask worker runs: extract one shard into its Parquet file.

The spaCy pipeline is loaded once per worker process (a module-level cache), never
pickled: tasks carry only documents and a path.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document, IngestError
from . import shards

_NLP: list[Any] = []  # the pipeline of this process, loaded by the first shard


def pipeline() -> Any:
    """The worker process's pipeline, built on first use."""
    if not _NLP:
        from ..components import build_nlp

        _NLP.append(build_nlp())
    return _NLP[0]


@dataclass(frozen=True, slots=True)
class ShardDone:
    """A finished shard, as the worker reports it to the client."""

    index: int
    path: str
    documents: int
    words: int
    seconds: float  # extraction time on the worker (0 when the file was there already)
    cpu_seconds: float  # of it, the CPU time of the worker process
    pid: int
    peak_rss_kb: int  # the worker process's peak resident memory
    errors: tuple[IngestError, ...] = ()  # the documents the pipeline failed on (E071), not in the file


def extract_shard(index: int, path: str, digest: str, documents: Sequence[Document]) -> ShardDone:
    """Extract `documents` into the shard file at `path`, unless a complete one of the shard
    `digest` is there (a retry after the file was written)."""
    from ..pipeline import extract_documents

    target = Path(path)
    words = sum(len(d.text.split()) for d in documents)
    start, cpu = time.perf_counter(), time.process_time()
    errors: list[IngestError] = []
    if not shards.is_complete(target, digest):
        done: list[Document] = []
        results = list(
            extract_documents(documents, nlp=pipeline(), on_done=done.append, on_error=errors.append)
        )
        table = shards.to_table(list(zip(results, done, strict=True)), digest=digest)
        shards.write_atomic(table, target)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return ShardDone(
        index, path, len(documents), words, seconds, cpu, os.getpid(), _peak_rss(), tuple(errors)
    )


def _peak_rss() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):
        return 0
