"""What the review queue shows beside a pair: the sentences that mention each entity, the canonical
entities co-mentioned in its document, and its names."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .sql import CANONICAL


@dataclass(frozen=True, slots=True)
class MentionSentence:
    """A mention of an entity with the sentence around it (offsets into its document's text)."""

    entity_id: str
    document_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str


_ENDS = ".!?\n"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end]: from after the previous end mark (., !, ? before a space,
    or a line break) to the next one."""
    left = start
    while left > 0:
        c = text[left - 1]
        if c == "\n" or (c in ".!?" and left < len(text) and text[left].isspace()):
            break
        left -= 1
    right = end
    while right < len(text):
        c = text[right]
        if c == "\n":
            break
        if c in ".!?" and (right + 1 == len(text) or text[right + 1].isspace()):
            right += 1
            break
        right += 1
    while left < right and text[left].isspace():
        left += 1
    return left, right


def mention_sentences(conn: sqlite3.Connection, entity_id: str, *, limit: int = 2) -> list[MentionSentence]:
    """The first `limit` mentions of an entity, each with its sentence (one per sentence)."""
    rows = conn.execute(
        'SELECT m.start, m."end", e.document_id,'
        ' substr(d.text, max(1, m.start - 399), m."end" - m.start + 800), max(0, m.start - 400)'
        " FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = e.document_id"
        ' WHERE m.entity_id = ? ORDER BY m.start, m."end"',
        (entity_id,),
    ).fetchall()
    out: list[MentionSentence] = []
    seen: set[tuple[int, int]] = set()
    for start, end, document_id, window, offset in rows:
        left, right = _sentence_bounds(window, start - offset, end - offset)
        bounds = (left + offset, right + offset)
        if bounds in seen:
            continue
        seen.add(bounds)
        out.append(
            MentionSentence(entity_id, document_id, start, end, bounds[0], bounds[1], window[left:right])
        )
        if len(out) >= limit:
            break
    return out


def co_mentioned(conn: sqlite3.Connection, entity_id: str) -> dict[str, str]:
    """Canonical id -> name of the other entities in the entity's document (its neighbours)."""
    rows = conn.execute(
        f"SELECT {CANONICAL}, name FROM entities WHERE document_id ="
        " (SELECT document_id FROM entities WHERE id = ?) AND id <> ? ORDER BY id",
        (entity_id, entity_id),
    ).fetchall()
    out: dict[str, str] = {}
    for canonical, name in rows:
        out.setdefault(str(canonical), str(name))
    return out


def entity_names(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """The entity's name and its aliases, name first."""
    row = conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
    rows = conn.execute("SELECT name FROM aliases WHERE entity_id = ? ORDER BY name", (entity_id,))
    aliases = [str(r[0]) for r in rows]
    names = [] if row is None else [str(row[0])]
    return list(dict.fromkeys([*names, *aliases]))
