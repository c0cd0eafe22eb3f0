"""Shard files: each document's fields and contract JSON as one Parquet row.

A shard is written to a temporary name in the same folder, flushed to disk, then renamed
to `shard-NNNNN.parquet` (`os.replace` is atomic on one file system): a reader sees the
whole file or none. Only final names are ever read; a temporary file left by a killed
worker is ignored and overwritten by the retry.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from ..document import Document
from ..schema import ExtractionJSON

COLUMNS = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("notes", pa.list_(pa.string())),
        ("site_name", pa.string()),
        ("published_from", pa.string()),
        ("result", pa.string()),  # the contract JSON (../shared/SCHEMA.md), one object
    ]
)
TEMP_SUFFIX = ".tmp"


DIGEST_KEY = b"newsgraph.shard"  # schema metadata: the digest of the shard's planned documents


def to_table(results: Sequence[tuple[ExtractionJSON, Document]], *, digest: str = "") -> pa.Table:
    """The rows of a shard, in input order, with the digest of the shard it was planned as."""
    rows: dict[str, list[Any]] = {name: [] for name in COLUMNS.names}
    for result, document in results:
        rows["id"].append(document.id)
        rows["text"].append(document.text)
        rows["title"].append(document.title)
        rows["published"].append(document.published)
        rows["source"].append(document.source)
        rows["language"].append(document.language)
        rows["notes"].append(list(document.notes))
        rows["site_name"].append(document.site_name)
        rows["published_from"].append(document.published_from)
        rows["result"].append(json.dumps(result, ensure_ascii=False))
    return pa.table(rows, schema=COLUMNS.with_metadata({DIGEST_KEY: digest.encode()}))


def from_table(table: pa.Table) -> list[tuple[ExtractionJSON, Document]]:
    """The (contract JSON, document) pairs of a shard, in input order."""
    pairs: list[tuple[ExtractionJSON, Document]] = []
    for row in table.to_pylist():
        document = Document(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            published=row["published"],
            source=row["source"],
            language=row["language"],
            notes=tuple(row["notes"] or ()),
            site_name=row["site_name"],
            published_from=row["published_from"],
        )
        pairs.append((cast(ExtractionJSON, json.loads(row["result"])), document))
    return pairs


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` through a temporary name, fsync, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")
    try:
        with temp.open("wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def is_complete(path: Path, digest: str | None = None) -> bool:
    """Whether `path` is a whole, readable shard (its Parquet footer reads and the columns fit),
    written for the shard of this `digest` when one is given."""
    if not path.is_file():
        return False
    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException):
        return False
    if not schema.equals(COLUMNS, check_metadata=False):
        return False
    return digest is None or (schema.metadata or {}).get(DIGEST_KEY) == digest.encode()


def read_table(path: Path) -> pa.Table:
    """The table of the shard file at `path`."""
    return pq.read_table(path, schema=COLUMNS)


def read(path: Path) -> list[tuple[ExtractionJSON, Document]]:
    """The pairs of the shard file at `path`."""
    return from_table(read_table(path))
