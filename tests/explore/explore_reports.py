"""Three short hand-written reports, extracted by the real pipeline and stored in a fresh base.

Not evaluation documents: people, groups and events here are invented. Resolution
is not run; `resolve_by_name` stands in for it by giving entities of one name (or
one of the spellings listed) a shared canonical id, as resolution would.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.schema import ExtractionJSON
from newsgraph.store import connect
from newsgraph.store.write import content_hash, store_result

FIRST = (
    "Security forces arrested Karim Haddad, a senior commander of the Northern Shield Brigade, "
    "in the town of Deir Hafer on Tuesday, the interior ministry said.\n\n"
    "Haddad, whose real name is Karim Yusuf al-Haddad, was born in Homs in 1971. "
    "He assumed the leadership of the Northern Shield Brigade in 2018."
)
SECOND = (
    "Karim al-Haddad, the leader of the Northern Shield Brigade, was arrested by security forces "
    "near Deir Hafer on March 9, according to Samir Tawil, the spokesman of the interior ministry.\n\n"
    "Local sources said al-Haddad was born in 1969 in Latakia."
)
THIRD = (
    "Fighters of the Northern Shield Brigade attacked an army checkpoint in Manbij on Thursday, "
    "killing two soldiers, the army said.\n\n"
    "Omar Fawzi, a member of the Northern Shield Brigade, met Samir Tawil in Manbij on Monday. "
    "Fawzi is the deputy leader of the Northern Shield Brigade."
)
REPORTS = (("2021-03-10", FIRST), ("2021-03-12", SECOND), ("2021-04-02", THIRD))
# Spellings of one person that resolution is expected to join.
SPELLINGS = ({"Karim Haddad", "Karim al-Haddad"},)

_cache: dict[int, list[tuple[ExtractionJSON, str]]] = {}


def extract_reports(nlp: Any) -> list[tuple[ExtractionJSON, str]]:
    """The three reports through the real extractor (once per pipeline), with their texts."""
    if id(nlp) not in _cache:
        _cache[id(nlp)] = [(extract_text(text, published=date, nlp=nlp), text) for date, text in REPORTS]
    return _cache[id(nlp)]


def build_kb(
    extracted: list[tuple[ExtractionJSON, str]], *, path: str = ":memory:", resolve: bool = True
) -> sqlite3.Connection:
    """A fresh knowledge base holding the reports; with `resolve`, one canonical per name."""
    conn = connect(path)
    for result, text in extracted:
        assert store_result(conn, result, text=text, content_hash=content_hash(text))
    conn.commit()
    if resolve:
        resolve_by_name(conn)
    return conn


def resolve_by_name(conn: sqlite3.Connection) -> None:
    """Give entities of one type and name (or of listed spellings) one canonical id."""
    rows = conn.execute("SELECT id, type, name FROM entities").fetchall()
    clusters: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        name = row["name"]
        for spellings in SPELLINGS:
            if name in spellings:
                name = min(spellings)
        clusters.setdefault((row["type"], name), []).append(row["id"])
    for ids in clusters.values():
        conn.executemany("UPDATE entities SET canonical_id = ? WHERE id = ?", [(min(ids), i) for i in ids])
    conn.commit()


def entity_id(conn: sqlite3.Connection, name: str, document_index: int) -> str:
    """The id of the entity called `name` in the n-th report."""
    document_id = document_ids(conn)[document_index]
    row = conn.execute(
        "SELECT id FROM entities WHERE name = ? AND document_id = ?", (name, document_id)
    ).fetchone()
    assert row is not None, f"{name!r} not extracted from report {document_index}"
    return str(row["id"])


def document_ids(conn: sqlite3.Connection) -> list[str]:
    return [row["id"] for row in conn.execute("SELECT id FROM documents ORDER BY seq")]
