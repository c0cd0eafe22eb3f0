"""`extract --cluster`: JSON Lines or one Parquet file, the same objects as one process; bad options."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.cluster import shards
from newsgraph.cluster.cli import extract_plan
from newsgraph.cluster.plan import Plan, Shard
from newsgraph.cluster.run import plan_inputs
from newsgraph.document import Document
from newsgraph.ingest import iter_documents
from newsgraph.pipeline import extract_documents


def test_extract_on_the_cluster_gives_the_objects_of_one_process(
    tmp_path: Path, reports: Path, client: Any, nlp: Any
) -> None:
    few = tmp_path / "few.jsonl"  # the first reports, the malformed line among them
    few.write_text("\n".join(reports.read_text(encoding="utf-8").splitlines()[:8]) + "\n", encoding="utf-8")
    documents = [d for d in iter_documents([str(few)]) if isinstance(d, Document)]
    expected = list(extract_documents(documents, nlp=nlp))  # repeats included, as one process writes them

    def planned() -> tuple[Plan, Iterator[Shard]]:
        return plan_inputs(None, [str(few)], published=None, max_bytes=10**7, shard_bytes=250)

    jsonl = tmp_path / "out.jsonl"
    assert extract_plan(client, *planned(), jsonl) == len(expected)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected

    parquet = tmp_path / "out.parquet"
    plan, shards_of_plan = planned()
    assert extract_plan(client, plan, shards_of_plan, parquet) == len(expected)
    assert [result for result, _document in shards.read(parquet)] == expected
    assert plan.complete and plan.shards > 2 and len(plan.errors) == 1


def test_bad_cluster_options_are_numbered_usage_errors(tmp_path: Path, reports: Path) -> None:
    runner = CliRunner()
    ingest = runner.invoke(
        app, ["ingest", str(reports), "--db", str(tmp_path / "kb.db"), "--cluster", "locl:2"]
    )
    assert ingest.exit_code == 2 and "E050" in ingest.output
    extract = runner.invoke(app, ["extract", str(reports), "--cluster", "local:x"])
    assert extract.exit_code == 2 and "E050" in extract.output
    text = runner.invoke(app, ["extract", str(reports), "--cluster", "local:2", "--format", "text"])
    assert text.exit_code == 2 and "E053" in text.output
