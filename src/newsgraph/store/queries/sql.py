"""Small helpers the query modules share: the canonical-id expression and ``IN (...)`` batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Resolution sets ``entities.canonical_id``; until it has, an entity is its own canonical.
CANONICAL = "coalesce(canonical_id, id)"
IN_BATCH = 500  # values bound in one ``IN (...)`` (SQLite limits the number of parameters)


def chunks(items: Sequence[T], size: int = IN_BATCH) -> Iterable[Sequence[T]]:
    """Slices small enough for one ``IN (...)``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sequence[object]) -> str:
    """As many ``?`` placeholders as `items`, comma-separated."""
    return ", ".join("?" * len(items))
