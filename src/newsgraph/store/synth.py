"""A large knowledge base for benchmarks, made by copying a small one: every row of a seed base
written again `copies` times with new ids and renamed entities, in bulk (`INSERT ... SELECT`).

Running the NLP over a hundred thousand documents takes hours; the API's latency depends
on the rows, not on how they were made. Copy `k` of a document gets the id ``<id>~<k>``;
its entities, statements, arguments, judgements and event groups follow; each capitalised
word of an entity's name, alias and mention is replaced by an invented word fixed for that
copy (so a name recurs within a copy, as in one news cycle, and copies do not merge).
Dates (publication, claim times) move k days later in copy k, so that the copies spread
over the years as a news archive does. Document texts are kept as they are. Tables beyond
the core ones are left empty, and so are the machine's 'different' judgements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .event_keys import refill_event_keys

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"

# table -> column -> SQL expression over the seed row (``k`` is bound as :k, ``step`` as :step)
_COPY: dict[str, dict[str, str]] = {
    "documents": {
        "id": "id || '~' || :k",
        "seq": "seq + :k * :step",
        "content_hash": "content_hash || '~' || :k",
        "published": "ng_shift(published, :k)",
    },
    "entities": {
        "id": "ng_eid(id, :k)",
        "document_id": "document_id || '~' || :k",
        "name": "ng_rename(name, :k)",
        "canonical_id": "ng_eid(canonical_id, :k)",
    },
    "aliases": {"entity_id": "ng_eid(entity_id, :k)", "name": "ng_rename(name, :k)"},
    "mentions": {"entity_id": "ng_eid(entity_id, :k)", "text": "ng_rename(text, :k)"},
    "statements": {
        "id": "id || '~' || :k",
        "document_id": "document_id || '~' || :k",
        "subject_id": "ng_eid(subject_id, :k)",
        "object_id": "ng_eid(object_id, :k)",
        "source_id": "ng_eid(source_id, :k)",
        "event_group": "event_group || '~' || :k",
        "time_value": "ng_shift(time_value, :k)",
    },
    "arguments": {"statement_id": "statement_id || '~' || :k", "entity_id": "ng_eid(entity_id, :k)"},
    "judgements": {
        "a": "min(ng_eid(a, :k), ng_eid(b, :k))",
        "b": "max(ng_eid(a, :k), ng_eid(b, :k))",
    },  # without the machine's 'different' on unrelated candidate pairs (see _WHERE)
    "entities_fts": {
        "entity_id": "ng_eid(entity_id, :k)",
        "name": "ng_rename(name, :k)",
        "aliases": "ng_rename(aliases, :k)",
    },
}


# rows left out of the copies: the machine's 'different' on candidate pairs (most of the table, and
# read by no view but as a count)
_WHERE = {"judgements": " WHERE NOT (author = 'machine' AND verdict = 'negative')"}
CACHE_KIB = 1_000_000  # page cache while copying: index inserts at random keys need it


def invented(word: str, copy: int) -> str:
    """A pronounceable word standing for `word` in copy `copy` (same length class, same case)."""
    digest = hashlib.blake2b(f"{word.casefold()}|{copy}".encode(), digest_size=16).digest()
    syllables = max(2, min(4, (len(word) + 1) // 2 - 1))
    out = "".join(
        _CONSONANTS[digest[2 * i] % len(_CONSONANTS)] + _VOWELS[digest[2 * i + 1] % len(_VOWELS)]
        for i in range(syllables)
    )
    if word.isupper() and len(word) > 1:
        return out.upper()
    return out.capitalize() if word[:1].isupper() else out


def renamer(copy_words: dict[tuple[str, int], str]) -> Callable[[str | None, int], str | None]:
    """`rename(text, k)`: every capitalised word of `text` replaced by its invented word for copy k."""

    def word(match: re.Match[str], k: int) -> str:
        text = match.group(0)
        if not text[:1].isupper():
            return text
        key = (text, k)
        if key not in copy_words:
            copy_words[key] = invented(text, k)
        return copy_words[key]

    def rename(text: str | None, k: int) -> str | None:
        if text is None:
            return None
        return _WORD.sub(lambda m: word(m, k), text)

    return rename


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?!\d)")
_YEAR = re.compile(r"^(\d{4})(?![\d-])")


def shift(value: str | None, k: int) -> str | None:
    """`value` (a date of any precision, or anything else) moved `k` days later, so that copy k of
    a report is a report of another day; months move by k // 30, years by k // 365."""
    if value is None:
        return None
    if day := _DAY.match(value):
        try:
            moved = dt.date(int(day[1]), int(day[2]), int(day[3])) + dt.timedelta(days=k)
        except (ValueError, OverflowError):
            return value
        return moved.isoformat() + value[10:]
    if month := _MONTH.match(value):
        total = int(month[1]) * 12 + int(month[2]) - 1 + k // 30
        return f"{total // 12:04d}-{total % 12 + 1:02d}" + value[7:]
    if year := _YEAR.match(value):
        return f"{int(year[1]) + k // 365:04d}" + value[4:]
    return value


def _entity_id(entity_id: str | None, k: int) -> str | None:
    if entity_id is None:
        return None
    document, _, local = entity_id.rpartition("/")
    return f"{document}~{k}/{local}" if document else f"{entity_id}~{k}"


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def replicate(
    conn: sqlite3.Connection,
    seed: Path,
    copies: int,
    *,
    first: int = 1,
    batch: int = 100,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write copies `first` .. `first + copies - 1` of every row of the base at `seed` into `conn`
    (a migrated base), `batch` copies per transaction; return the documents written."""
    words: dict[tuple[str, int], str] = {}
    rename = renamer(words)
    conn.create_function("ng_rename", 2, rename, deterministic=True)
    conn.create_function("ng_eid", 2, _entity_id, deterministic=True)
    conn.create_function("ng_shift", 2, shift, deterministic=True)
    conn.execute("ATTACH DATABASE ? AS seed", (str(seed),))
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        step = int(conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM seed.documents").fetchone()[0])
        per_copy = int(conn.execute("SELECT count(*) FROM seed.documents").fetchone()[0])
        statements: list[str] = []
        for table, mapped in _COPY.items():
            columns = [c for c in _columns(conn, "seed", table) if c in set(_columns(conn, "main", table))]
            select = ", ".join(mapped.get(c, f'"{c}"') for c in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            statements.append(
                f"INSERT INTO main.{table} ({names}) SELECT {select} FROM seed.{table}{_WHERE.get(table, '')}"
            )
        # Secondary indexes and triggers are dropped for the load and made again at the end: one
        # sorted build each instead of a random insert per row.
        deferred = [
            (str(r[0]), str(r[1]), str(r[2]))
            for r in conn.execute(
                "SELECT type, name, sql FROM main.sqlite_master WHERE type IN ('index', 'trigger')"
                f" AND sql IS NOT NULL AND tbl_name IN ({', '.join('?' * len(_COPY))})",
                tuple(_COPY),
            )
        ]
        with conn:
            for kind, name, _sql in deferred:
                conn.execute(f'DROP {kind.upper()} "{name}"')
        written = 0
        for start in range(first, first + copies, batch):
            with conn:
                for k in range(start, min(start + batch, first + copies)):
                    for sql in statements:
                        conn.execute(sql, {"k": k, "step": step})
                    written += per_copy
            words.clear()
            if on_progress is not None:
                on_progress(written)
        with conn:
            for _kind, _name, sql in sorted(deferred, key=lambda d: d[0] != "index"):
                conn.execute(sql)
            conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
            refill_event_keys(conn)
        return written
    finally:
        conn.execute("DETACH DATABASE seed")


def sample_canonicals(
    conn: sqlite3.Connection, *, types: tuple[str, ...], n: int, seed: int
) -> list[tuple[str, str, str]]:
    """`n` (canonical id, name, type) drawn evenly (repeatably, by `seed`) from the base's entities
    of `types`, by rowid so that the draw costs no scan."""
    top = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM entities").fetchone()[0])
    out: list[tuple[str, str, str]] = []
    state = seed
    tries = 0
    marks = ", ".join("?" * len(types))
    while len(out) < n and tries < n * 50 and top:
        tries += 1
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        row = conn.execute(
            "SELECT coalesce(canonical_id, id), name, type FROM entities"
            f" WHERE rowid >= ? AND type IN ({marks}) ORDER BY rowid LIMIT 1",
            (1 + state % top, *types),
        ).fetchone()
        if row is not None:
            out.append((str(row[0]), str(row[1]), str(row[2])))
    return out


def document_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def event_types(conn: sqlite3.Connection, *, limit: int = 20) -> list[str]:
    """The most frequent event modes (``arrest``, ``attack``...) of the base."""
    rows = conn.execute(
        "SELECT mode FROM statements WHERE kind = 'event' AND mode IS NOT NULL"
        " GROUP BY mode ORDER BY count(*) DESC LIMIT ?",
        (limit,),
    )
    return [str(row[0]) for row in rows]


def run_statements(conn: sqlite3.Connection, statements: list[str]) -> None:
    """Run each (expanded, read-only) SQL statement and read all its rows: SQLite's own time for
    what a request asked of it, without Python building records."""
    for sql in statements:
        conn.execute(sql).fetchall()


def analyze(conn: sqlite3.Connection) -> None:
    conn.execute("ANALYZE")
    conn.commit()
