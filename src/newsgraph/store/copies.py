"""One report saved twice is one report: a content hash over normalised text, and near-copies.

`hash_text` is what the content hash is taken over: the text with markup tags and
character references undone, Unicode compatibility forms folded, invisible format
characters dropped and every run of whitespace made one space. A report saved
again with an extra newline or wrapped in ``<p>`` tags has the same hash, and the
pipeline skips it as already stored.

A report edited slightly (a line added, a word changed) has another hash; it is
linked as a *copy* of the report it repeats when the word-shingle Jaccard
similarity of the two reaches `THRESHOLD`. Candidates come from MinHash signatures
(datasketch) cut into LSH bands that are kept in ``document_bands``, so finding them
costs one indexed lookup per band however large the base; each candidate is then
checked with the exact Jaccard similarity of the shingle sets. ``document_copies``
links every copy to the first stored report of its group (``copy_of``), and the read
models count a report and its copies as one report (never as corroboration).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.9  # word-shingle Jaccard similarity from which a report is a copy of another
NUM_PERM = 128  # MinHash permutations
SHINGLE_WORDS = 5  # words per shingle
SEED = 1  # the MinHash seed: fixed, so that signatures stored by one run fit the next

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
# Invisible format characters a re-save may add or drop: soft hyphen, zero-width spaces and
# joiners, direction marks and embeddings, word joiner and invisible operators, byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_WORD = re.compile(r"\w+")


def hash_text(text: str) -> str:
    """The text the content hash is taken over: markup, compatibility forms and spacing normalised."""
    text = html.unescape(_TAG.sub(" ", text))
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """sha256 of `hash_text(text)`."""
    return "sha256:" + hashlib.sha256(hash_text(text).encode("utf-8")).hexdigest()


def shingles(text: str) -> frozenset[str]:
    """The runs of `SHINGLE_WORDS` words of the text (lower-cased, markup and punctuation left out)."""
    words = _WORD.findall(hash_text(text).casefold())
    if len(words) <= SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b| (0.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch finds best for `THRESHOLD` and `NUM_PERM`."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


@lru_cache(maxsize=1)
def _empty() -> MinHash:
    """A MinHash with the fixed seed, whose permutations each new signature reuses."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def band_keys(words: frozenset[str]) -> list[str]:
    """The LSH band keys of a shingle set: two sets share a key with high probability from `THRESHOLD`."""
    base = _empty()
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=base.permutations, scheme=base.scheme)
    signature.update_batch([w.encode("utf-8") for w in sorted(words)])
    bands, rows = _bands()
    values = signature.hashvalues
    return [
        hashlib.blake2b(values[i * rows : (i + 1) * rows].tobytes(), digest_size=8).hexdigest()
        for i in range(bands)
    ]


@dataclass(frozen=True, slots=True)
class Copy:
    """A stored report that a document repeats: the first report of its group, and the similarity."""

    copy_of: str
    similarity: float


def find_original(
    conn: sqlite3.Connection, text: str, *, words: frozenset[str] | None = None, keys: list[str] | None = None
) -> Copy | None:
    """The stored report `text` is a near-copy of (through the LSH bands, checked exactly); else None.

    `words` and `keys` are the text's shingles and band keys when the caller has them."""
    words = words if words is not None else shingles(text)
    if not words:
        return None
    keys = keys if keys is not None else band_keys(words)
    rows = conn.execute(
        "SELECT DISTINCT b.document_id, d.text FROM json_each(?) j"
        " JOIN document_bands b ON b.band = j.key AND b.key = j.value"
        " JOIN documents d ON d.id = b.document_id",
        (json.dumps(keys),),
    ).fetchall()
    best: tuple[float, str] | None = None
    for document_id, other in rows:
        similarity = jaccard(words, shingles(other))
        if similarity >= THRESHOLD and (best is None or (similarity, document_id) > best):
            best = (similarity, document_id)
    if best is None:
        return None
    return Copy(copy_of=root_of(conn, best[1]), similarity=round(best[0], 4))


def root_of(conn: sqlite3.Connection, document_id: str) -> str:
    """The first report of a document's group of copies (the document itself when it is no copy)."""
    row = conn.execute("SELECT copy_of FROM document_copies WHERE document_id = ?", (document_id,)).fetchone()
    return document_id if row is None else str(row[0])


def link_copies(conn: sqlite3.Connection, document_id: str, text: str) -> Copy | None:
    """Index a just-stored document's bands and link it to the report it copies, if any (no commit)."""
    words = shingles(text)
    if not words:
        return None
    keys = band_keys(words)
    found = find_original(conn, text, words=words, keys=keys)
    if found is not None and found.copy_of != document_id:
        conn.execute(
            "INSERT OR REPLACE INTO document_copies (document_id, copy_of, similarity) VALUES (?, ?, ?)",
            (document_id, found.copy_of, found.similarity),
        )
    conn.executemany(
        "INSERT OR IGNORE INTO document_bands (band, key, document_id) VALUES (?, ?, ?)",
        [(band, key, document_id) for band, key in enumerate(keys)],
    )
    return found


def rehash_and_link(conn: sqlite3.Connection) -> None:
    """Migration step: recompute every content hash over `hash_text`, index bands, link copies.

    Documents are taken in ingest order. A document whose new hash an earlier one holds
    already (the two differ only in spacing or markup) keeps its old hash, so nothing
    is lost and the unique index holds, and is linked as a copy (similarity 1.0) of
    the earlier one.
    """
    rows = conn.execute("SELECT id, content_hash, text FROM documents ORDER BY seq").fetchall()
    conn.execute("UPDATE documents SET content_hash = 'migrating:' || content_hash")
    owner: dict[str, str] = {}  # new hash -> the first document holding it
    taken: set[str] = set()
    for document_id, old, text in rows:
        new = text_hash(text)
        first = owner.get(new)
        if first is None and new not in taken:
            owner[new] = document_id
            final = new
        else:
            final = old if old not in taken else f"kept:{document_id}"
        taken.add(final)
        conn.execute("UPDATE documents SET content_hash = ? WHERE id = ?", (final, document_id))
        if first is not None:
            conn.execute(
                "INSERT OR REPLACE INTO document_copies (document_id, copy_of, similarity)"
                " VALUES (?, ?, 1.0)",
                (document_id, root_of(conn, first)),
            )
            words = shingles(text)
            if words:
                conn.executemany(
                    "INSERT OR IGNORE INTO document_bands (band, key, document_id) VALUES (?, ?, ?)",
                    [(band, key, document_id) for band, key in enumerate(band_keys(words))],
                )
        else:
            link_copies(conn, document_id, text)
