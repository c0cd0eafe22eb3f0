"""Canonical ids stay put: ingest reports in two steps, and every canonical id of step one still
resolves (to itself or its successor) in the CLI and the exports; FtM ids of growing clusters stay."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.export.ftm import entity_id as ftm_entity_id
from newsgraph.export.ftm import write_ftm
from newsgraph.export.jsonl import write_jsonl
from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.identity import plan_ids
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect, queries

# Step two's ids sort before step one's: the old rule (the smallest member id) would hand every
# cluster that grows in step two to a member from step two.
STEP_ONE = {
    "story-b1": "Anna Keller, the mayor of Korvik, opened the new bridge on Monday. Tomas Rivel, "
    "a local engineer, said the work had taken two years.",
    "story-b2": "Anna Keller said on Tuesday that the bridge in Korvik would close for repairs in May. "
    "The council will meet on Friday.",
    "story-b3": "Tomas Rivel was arrested in Korvik on Wednesday, police said. Rivel denied the charges.",
}
STEP_TWO = {
    "story-a1": "Anna Keller, the mayor of Korvik, resigned on Thursday after a dispute with the council.",
    "story-a2": "Police released Tomas Rivel in Korvik on Friday. Lawyers for Rivel welcomed the decision.",
    "story-a3": "The Northern Front claimed an attack on a police station near Korvik on Saturday.",
}


def _ingest(conn: sqlite3.Connection, nlp: Any, folder: Path, reports: dict[str, str], name: str) -> None:
    path = folder / name
    path.write_text("\n".join(json.dumps({"id": k, "text": v}) for k, v in reports.items()), encoding="utf-8")
    assert ingest_paths(conn, [str(path)], nlp=nlp).new == len(reports)
    resolve_store(conn)


def _exports(conn: sqlite3.Connection) -> tuple[dict[str, dict[str, Any]], set[str]]:
    lines = io.StringIO()
    write_jsonl(conn, lines, what="entities")
    records = {r["id"]: r for r in map(json.loads, lines.getvalue().splitlines())}
    ftm = io.StringIO()
    write_ftm(conn, ftm)
    return records, {json.loads(line)["id"] for line in ftm.getvalue().splitlines()}


def test_stable_ids_every_id_of_step_one_resolves_after_step_two(tmp_path: Path, nlp: Any) -> None:
    db = tmp_path / "kb.db"
    conn = connect(db)
    _ingest(conn, nlp, tmp_path, STEP_ONE, "one.jsonl")
    before, ftm_before = _exports(conn)
    members_before = {key: {m["id"] for m in r["members"]} for key, r in before.items()}
    _ingest(conn, nlp, tmp_path, STEP_TWO, "two.jsonl")
    after, ftm_after = _exports(conn)
    members_after = {key: {m["id"] for m in r["members"]} for key, r in after.items()}

    grown = [key for key in before if key in after and members_after[key] > members_before[key]]
    assert grown, "some cluster of step one gained members in step two"
    assert any(min(members_after[key]) != key for key in grown), "the old rule would have moved an id"

    runner = CliRunner()
    for old in before:
        current = queries.current_canonical_id(conn, old)
        assert current is not None and current in after, old
        assert current == old or old in after[current]["retired_ids"], old
        assert members_before[old] <= members_after[current] or current == old
        shown = runner.invoke(app, ["entity", old, "--db", str(db), "--json"])
        assert shown.exit_code == 0, (old, shown.output)
        assert json.loads(shown.output)["id"] == current
        if current == old:
            assert ftm_entity_id(old) in ftm_after or ftm_entity_id(old) not in ftm_before, old
    kept = [key for key in before if key in after]
    assert len(kept) >= len(before) - 1
    assert {ftm_entity_id(k) for k in kept if ftm_entity_id(k) in ftm_before} <= ftm_after


def test_stable_ids_plan_keeps_ids_and_records_merges_and_splits() -> None:
    ages = {"d1/e1": 1, "d2/e1": 2, "d3/e1": 3, "d4/e1": 4, "d0/e1": 0}
    # d0/e1 (older, but its cluster is smaller) joins the cluster of d2/e1 and d3/e1
    previous: dict[str, str | None] = {"d1/e1": "d1/e1", "d2/e1": "d2/e1", "d3/e1": "d2/e1", "d0/e1": "d0/e1"}
    clusters = {"d0/e1": "x", "d2/e1": "x", "d3/e1": "x", "d4/e1": "x", "d1/e1": "y"}
    plan = plan_ids(clusters, previous, ages)
    assert plan.canonical == {
        "d0/e1": "d2/e1",
        "d2/e1": "d2/e1",
        "d3/e1": "d2/e1",
        "d4/e1": "d2/e1",
        "d1/e1": "d1/e1",
    }
    assert plan.retired == {"d0/e1": "d2/e1"}
    assert plan.changes == (("d0/e1", "d2/e1", "merge", 1),)
    # then d3/e1 and d4/e1 leave: the cluster keeps its id, the part that left takes its oldest member's
    split = plan_ids(
        {"d0/e1": "x", "d2/e1": "x", "d3/e1": "z", "d4/e1": "z", "d1/e1": "y"}, plan.canonical, ages
    )
    assert split.canonical["d2/e1"] == "d2/e1" and split.canonical["d4/e1"] == "d3/e1"
    assert split.retired == {} and split.changes == (("d2/e1", "d3/e1", "split", 2),)


def test_stable_ids_retired_id_redirects_in_the_store_the_cli_and_the_exports(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    conn = connect(db)
    with conn:
        conn.execute(
            "INSERT INTO documents (id, seq, content_hash, text, ingested_at, extractor_version)"
            " VALUES ('d1', 1, 'h1', 'x', 't', 'v'), ('d2', 2, 'h2', 'y', 't', 'v')"
        )
        conn.execute(
            "INSERT INTO entities (id, document_id, local_id, type, name, canonical_id) VALUES"
            " ('d1/e1', 'd1', 'e1', 'PERSON', 'Anna Keller', 'd1/e1'),"
            " ('d2/e1', 'd2', 'e1', 'PERSON', 'Anna Keller', 'd2/e1')"
        )
    plan = plan_ids(
        {"d1/e1": "k", "d2/e1": "k"}, queries.stored_canonical_ids(conn), queries.entity_ages(conn)
    )
    queries.write_identity(conn, plan, created_at="2026-01-01T00:00:00+00:00")
    assert queries.current_canonical_id(conn, "d2/e1") == "d1/e1"
    assert queries.all_redirects(conn) == [("d2/e1", "d1/e1", "2026-01-01T00:00:00+00:00")]
    assert queries.retired_ids(conn, ["d1/e1"]) == {"d1/e1": ["d2/e1"]}
    assert queries.current_canonical_id(conn, "never-seen") is None
    assert [c.change for c in queries.canonical_changes(conn, ["d1/e1"])] == ["merge"]
    runner = CliRunner()
    shown = runner.invoke(app, ["entity", "d2/e1", "--db", str(db), "--json"])
    assert shown.exit_code == 0, shown.output
    profile = json.loads(shown.output)
    assert profile["id"] == "d1/e1" and profile["retired_ids"] == ["d2/e1"]
    assert "formerly: d2/e1" in runner.invoke(app, ["entity", "d2/e1", "--db", str(db)]).output
    lines = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout.splitlines()
    assert [(r["id"], r["retired_ids"]) for r in map(json.loads, lines)] == [("d1/e1", ["d2/e1"])]
    out = tmp_path / "csv"
    assert runner.invoke(app, ["export", "--format", "csv", "--db", str(db), "-o", str(out)]).exit_code == 0
    assert (out / "redirects.csv").read_text(encoding="utf-8").splitlines()[1].startswith("d2/e1,d1/e1,")
    history = json.loads(runner.invoke(app, ["history", "d2/e1", "--db", str(db), "--json"]).output)
    assert history["canonical_id"] == "d1/e1" and history["changes"][0]["change"] == "merge"
