"""Identity across the shared raw news texts (``evaldata/iraq_syria_news_texts``), asserted by
structure only: no name of the corpus appears here.

After ingesting the folder as ``newsgraph ingest`` does, every alias a report states
travels (every entity named by either name ends in the stating entity's cluster), and the
organisation most widely named by an acronym that the corpus also spells out is one cluster
that holds every entity of the corpus named by that acronym or by a name whose initials
spell it, and nothing else.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from newsgraph.nlp.names import fold
from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.run import resolve_store
from newsgraph.store import queries
from newsgraph.store.db import connect

STOP = {"of", "the", "and", "for"}


@pytest.fixture(scope="module")
def news_store(nlp: Any, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    folder = shared_dir / "evaldata" / "iraq_syria_news_texts" / "articles"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    conn = connect(str(tmp_path_factory.mktemp("news") / "news.db"))
    assert ingest_paths(conn, [str(folder)], nlp=nlp).new >= 20
    resolve_store(conn)
    return conn


def _entities(conn: sqlite3.Connection) -> list[tuple[str, str, str, str, str]]:
    """(id, type, name, canonical id, document id) of every entity."""
    canonical = queries.canonical_of_entities(conn)
    return [(e.id, e.type, e.name, canonical[e.id], e.document_id) for e in queries.all_entities(conn)]


def _initials(name: str) -> set[str]:
    words = fold(name).split()
    return {"".join(w[0] for w in words if w not in STOP), "".join(w[0] for w in words)}


def test_news_texts_every_stated_alias_ends_in_one_cluster(news_store: sqlite3.Connection) -> None:
    entities = _entities(news_store)
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _eid, kind, name, canonical, _doc in entities:
        by_name[(kind, fold(name))].add(canonical)
    canonical_of = {eid: canonical for eid, _k, _n, canonical, _d in entities}
    stated = queries.stated_aliases(news_store)
    assert stated, "the corpus states no alias: the test would check nothing"
    for alias in stated:
        named = by_name[(alias.type, fold(alias.name))] | by_name[(alias.type, fold(alias.entity_name))]
        assert named == {canonical_of[alias.entity_id]}, (alias, named)


def test_news_texts_the_widest_acronym_organisation_is_one_cluster(news_store: sqlite3.Connection) -> None:
    entities = [e for e in _entities(news_store) if e[1] == "ORG"]
    documents: dict[str, set[str]] = defaultdict(set)
    for _eid, _kind, name, _canonical, doc in entities:
        if name.isupper() and name.isalpha() and len(name) >= 3:
            documents[fold(name)].add(doc)
    spelt = {a for e in entities if len(e[2].split()) >= 2 for a in _initials(e[2])}
    documents = {a: docs for a, docs in documents.items() if a in spelt}  # also named in full somewhere
    assert documents, "no organisation is named both by an acronym and in full"
    acronym = max(documents, key=lambda a: (len(documents[a]), a))
    assert len(documents[acronym]) >= 5  # named by its acronym in many reports
    members = [
        e
        for e in entities
        if fold(e[2]) == acronym or (len(e[2].split()) >= 2 and acronym in _initials(e[2]))
    ]
    long_forms = {fold(e[2]) for e in members if fold(e[2]) != acronym}
    clusters = {e[3] for e in members}
    assert len(clusters) == 1, sorted({(fold(e[2]), e[3]) for e in members})
    (cluster,) = clusters
    # and nothing else joined it: every name in the cluster is the acronym, a name it abbreviates
    # or a name some report states for one of them
    stated = {fold(a.name) for a in queries.stated_aliases(news_store)}
    names = {fold(e[2]) for e in entities if e[3] == cluster}
    assert names <= {acronym} | long_forms | stated, names
