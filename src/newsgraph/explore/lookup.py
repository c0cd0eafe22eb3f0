"""Finding a canonical entity from what an analyst types: an id, a name, or part of a name."""

from __future__ import annotations

import re
import sqlite3

from ..store import queries
from .kb import Canonical, canonical_info

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_CANDIDATES = 50


def find_canonical(conn: sqlite3.Connection, query: str, *, types: tuple[str, ...] = ()) -> list[Canonical]:
    """The canonical entities `query` designates, best first (several when it is ambiguous).

    In order, the first step that finds anything wins: an entity id or canonical id
    (a retired canonical id gives the canonical entity that succeeded it);
    an exact name or alias (case-insensitive); a full-text match of every word of the
    query over names and aliases. `types` restricts the entity types considered.
    """
    query = query.strip()
    if not query:
        return []
    found = _by_id(conn, query) or _by_exact_name(conn, query) or _by_words(conn, query)
    info = canonical_info(conn, found)
    ranked = [info[key] for key in found if key in info and (not types or info[key].type in types)]
    return sorted(ranked, key=lambda c: (-c.documents, -c.members, c.name, c.id))[:MAX_CANDIDATES]


def _by_id(conn: sqlite3.Connection, query: str) -> list[str]:
    """An entity id, a canonical id, or a retired canonical id (followed to its successor)."""
    current = queries.current_canonical_id(conn, query)
    return [current] if current is not None else []


def _by_exact_name(conn: sqlite3.Connection, query: str) -> list[str]:
    return sorted(set(queries.canonicals_named(conn, query)))


def _by_words(conn: sqlite3.Connection, query: str) -> list[str]:
    return sorted(set(queries.canonicals_with_words(conn, _WORD.findall(query))))
