"""`resolve --cluster`: pairs scored on the workers give the clusters of a one-process resolve."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.cluster.resolve import chunk, cluster_judge
from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.compare import Profile
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect

# Invented reports whose people and groups come back under other spellings and word orders.
VARIANTS = [
    "Anna Keler, the mayor of Korvik, said on Monday that the Northern Front had left the bridge.",
    "KELLER, Anna told reporters in Dellin that two men had been arrested.",
    "Tomas Brant, a former minister, was detained at the airport in Brenholt on Friday.",
    "Thomas Brandt said the Eastern Guard had shelled a village near Ostrava Mala.",
    "Ivo Mareck, a spokesman for the Dellin Civic Union, denied the attack on Tuesday.",
    "Mara Vorst and Lena Sorvick met officials of the Northern Front in Korvik.",
    "Pavel Dun, a commander of the Eastern Guard, was killed near Brenholt.",
]


@pytest.fixture(scope="module")
def store(reports: Path, tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """A store of the test reports and their variants, ingested but not resolved."""
    folder = tmp_path_factory.mktemp("resolve")
    more = folder / "variants.jsonl"
    lines = [json.dumps({"id": f"variant-{i}", "text": text}) for i, text in enumerate(VARIANTS)]
    more.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "base.db"
    conn = connect(db)
    ingest_paths(conn, [str(reports), str(more)], nlp=nlp)
    conn.close()
    return db


def _identity(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every entity's canonical id, and the machine's judgements (without their time)."""
    conn = sqlite3.connect(db)
    try:
        canonical = conn.execute("SELECT id, canonical_id FROM entities ORDER BY id").fetchall()
        judged = conn.execute(
            "SELECT a, b, verdict, score FROM judgements WHERE author = 'machine' ORDER BY a, b"
        ).fetchall()
        return canonical, judged
    finally:
        conn.close()


def test_cluster_resolve_gives_the_clusters_of_one_process(store: Path, tmp_path: Path, client: Any) -> None:
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    shutil.copy(store, one)
    shutil.copy(store, many)
    conn = connect(one)
    alone = resolve_store(conn)
    conn.close()
    messages: list[str] = []
    conn = connect(many)
    # three pairs a task: the pairs of each kind go out in several tasks, over both workers
    spread = resolve_store(conn, judge_all=cluster_judge(client, chunk_pairs=3, on_progress=messages.append))
    conn.close()
    assert spread == alone
    assert alone.candidate_pairs > 6 and alone.positive > 0 and alone.clusters < alone.entities
    assert any("task(s)" in m and not m.endswith(" 1 task(s)") for m in messages)
    canonical, judged = _identity(many)
    assert (canonical, judged) == _identity(one)
    assert any(entity != canonical_id for entity, canonical_id in canonical)  # some entities merged


def test_chunk_reindexes_its_profiles() -> None:
    group = [Profile(f"d/e{i}", "PERSON", (f"Vasko Dremel {i}",)) for i in range(6)]
    profiles, pairs = chunk(group, [(1, 4), (4, 5)])
    assert [p.id for p in profiles] == ["d/e1", "d/e4", "d/e5"]
    assert pairs == [(0, 1), (1, 2)]


def test_resolve_command_on_a_cluster(store: Path, tmp_path: Path) -> None:
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    shutil.copy(store, one)
    shutil.copy(store, many)
    runner = CliRunner()
    alone = runner.invoke(app, ["resolve", "--db", str(one), "--json"])
    spread = runner.invoke(app, ["resolve", "--db", str(many), "--json", "--cluster", "local:1"])
    assert alone.exit_code == 0 and spread.exit_code == 0, spread.output
    figures = json.loads(alone.stdout.strip().splitlines()[-1])
    assert json.loads(spread.stdout.strip().splitlines()[-1]) == figures
    assert _identity(many) == _identity(one)
    bad = runner.invoke(app, ["resolve", "--db", str(many), "--cluster", "nowhere:12"])
    assert bad.exit_code == 2
    assert "E050" in bad.output
