"""The client's side of a finished shard: into the store in one transaction, or out as JSON Lines.

Loading goes through `pipeline.write`, the function a one-process ingest commits its
batches with, so a cluster writes the same rows; a document whose content hash is stored
already (an earlier run, another process) is left as it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pyarrow as pa

from ..document import IngestError
from ..pipeline import write
from . import shards


def load_shard(conn: sqlite3.Connection, path: Path, *, errors: Sequence[IngestError] = ()) -> int:
    """Write the shard at `path` (and `errors`) into the store in one transaction; return the
    documents stored."""
    return write(conn, shards.read(path), errors=errors)


def record(conn: sqlite3.Connection, errors: Sequence[IngestError]) -> None:
    """Record the unreadable inputs of a plan, in one transaction."""
    if errors:
        write(conn, [], errors=errors)


def write_jsonl(out: TextIO, path: Path) -> int:
    """Append the contract JSON of the shard at `path` to `out`, one line a document."""
    pairs = shards.read(path)
    for result, _document in pairs:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return len(pairs)


def concat_parquet(paths: Sequence[Path], target: Path) -> None:
    """One Parquet file of the shards at `paths`, in order, written atomically."""
    tables = [shards.read_table(p).replace_schema_metadata(None) for p in paths]
    table = pa.concat_tables(tables) if tables else shards.to_table([])
    shards.write_atomic(table, target)
