"""The client's plan: the inputs cut into shards of about `shard_bytes` of text, and a run id.

The plan streams: shards are cut as the inputs are read, so the client holds only the
shards in flight, whatever the size of the crawl. The run id is a hash of the inputs'
identity (each file's path, size and modification time, the options that shape the
shards), so the same command over the same inputs finds the same run folder again; each
shard also carries a digest of what it holds, and a shard file is reused only when it
records the same digest. Documents already in the store stay in their shard (so a re-run
after a partial load cuts the same shards) but are marked stored: they are not extracted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..document import Document, IngestError
from ..store.write import EXTRACTOR_VERSION, content_hash, is_stored

DEFAULT_SHARD_BYTES = 20_000_000  # ~20 MB of text a shard: coarse disk-to-disk jobs


@dataclass(frozen=True, slots=True)
class Shard:
    """Documents extracted together by one worker into one Parquet file."""

    index: int
    documents: tuple[Document, ...]
    stored: tuple[bool, ...]  # per document: its content hash was in the store when planned
    digest: str  # of every document's fields, in order

    @property
    def name(self) -> str:
        return f"shard-{self.index:05d}.parquet"

    @property
    def pending(self) -> tuple[Document, ...]:
        """The documents that need the NLP."""
        return tuple(d for d, done in zip(self.documents, self.stored, strict=True) if not done)


@dataclass(slots=True)
class Plan:
    """One run: its id, and what reading the inputs found so far (filled as shards are cut)."""

    run_id: str
    input_bytes: int = 0  # the inputs' size on disk, for an estimate of the shards to come
    shards: int = 0
    documents: int = 0
    stored: int = 0
    repeated: int = 0  # documents whose text came earlier in the same inputs
    errors: list[IngestError] = field(default_factory=list)
    complete: bool = False  # every input read: the counts are final
    shard_bytes: int = DEFAULT_SHARD_BYTES

    @property
    def estimated_shards(self) -> int:
        """Shards cut so far, or (while inputs remain) the inputs' size over the shard size."""
        if self.complete:
            return self.shards
        return max(self.shards + 1, -(-self.input_bytes // self.shard_bytes))

    def run_dir(self, root: Path) -> Path:
        return root / self.run_id


def _files(path: str) -> Iterator[Path]:
    top = Path(path)
    if not top.is_dir():
        yield top
        return
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            yield Path(folder) / name


def start_plan(paths: Sequence[str], *, shard_bytes: int, options: str = "") -> Plan:
    """A plan named after the inputs' identity; reading stdin, a run of its own each time."""
    if shard_bytes < 1:
        raise ValueError(f"shard_bytes must be at least 1, not {shard_bytes}")
    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}\n{shard_bytes}\n{options}\n".encode())
    size = 0
    for path in paths:
        if path == "-":
            digest.update(uuid.uuid4().bytes)
            continue
        for file in _files(path):
            try:
                stat = file.stat()
            except OSError:
                digest.update(f"{file}\0missing\n".encode())
                continue
            size += stat.st_size
            digest.update(f"{file.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return Plan(run_id=digest.hexdigest()[:16], input_bytes=size, shard_bytes=shard_bytes)


def iter_shards(
    plan: Plan,
    conn: sqlite3.Connection | None,
    items: Iterable[Document | IngestError],
    *,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    dedupe: bool = True,
) -> Iterator[Shard]:
    """Cut the inputs into shards as they are read, counting into `plan`. `conn` (None: no
    store) tells which documents are stored already; with `dedupe` a text that came earlier in
    the inputs is left out (counted as `repeated`), as a one-process ingest does."""
    seen: set[str] = set()
    batch: list[Document] = []
    flags: list[bool] = []
    size = 0
    digest = hashlib.sha256()

    def cut() -> Shard:
        nonlocal size, digest
        shard = Shard(plan.shards, tuple(batch), tuple(flags), digest.hexdigest())
        plan.shards += 1
        batch.clear()
        flags.clear()
        size = 0
        digest = hashlib.sha256()
        return shard

    for item in items:
        if isinstance(item, IngestError):
            plan.errors.append(item)
            continue
        key = content_hash(item.text)
        if dedupe and key in seen:
            plan.repeated += 1
            continue
        seen.add(key)
        stored = conn is not None and is_stored(conn, key)
        batch.append(item)
        flags.append(stored)
        plan.documents += 1
        plan.stored += stored
        digest.update(json.dumps(asdict(item), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        size += len(item.text.encode("utf-8"))
        if size >= shard_bytes:
            yield cut()
    plan.complete = True
    if batch:
        yield cut()
