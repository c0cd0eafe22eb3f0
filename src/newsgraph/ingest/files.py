"""Reading inputs into Documents (minimal first version; see the ingest issue)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..document import Document, IngestError

DEFAULT_MAX_BYTES = 5_000_000


def iter_documents(
    inputs: Sequence[str], *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | IngestError]:
    """Yield one Document (or IngestError) per input document, in input order."""
    for name in inputs:
        if name == "-":
            yield Document.create(sys.stdin.read(), published=published, source=None)
            continue
        path = Path(name)
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in paths:
            if p.suffix == ".jsonl":
                for line in p.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        rec = json.loads(line)
                        yield Document.create(
                            rec["text"],
                            id=rec.get("id"),
                            published=published or rec.get("published"),
                            title=rec.get("title"),
                            source=rec.get("source"),
                        )
            else:
                yield Document.create(p.read_text(encoding="utf-8"), published=published, source=str(p))
