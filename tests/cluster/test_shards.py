"""Shard files are atomic: a temporary or truncated file is never read; bad --cluster values are named."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from newsgraph.cluster import shards
from newsgraph.cluster.plan import iter_shards, start_plan
from newsgraph.cluster.run import (
    ShardEvent,
    ingest_cluster,
    open_client,
    parse_cluster,
    plan_inputs,
    runs_root_for,
)
from newsgraph.document import Document
from newsgraph.errors import NewsgraphError
from newsgraph.ingest import DEFAULT_MAX_BYTES
from newsgraph.pipeline import extract_documents, plan
from newsgraph.store import connect

TEXTS = [
    "Anna Keller, the mayor of Korvik, resigned on Tuesday after a dispute with the council.",
    "The Northern Front said on Friday that its fighters had left the town of Brenholt.",
]


def test_write_atomic_leaves_the_whole_file_or_none(tmp_path: Path, nlp: Any) -> None:
    documents = [Document.create(t, id=f"d{i}") for i, t in enumerate(TEXTS)]
    pairs = list(zip(extract_documents(documents, nlp=nlp), documents, strict=True))
    target = tmp_path / "shard-00000.parquet"
    shards.write_atomic(shards.to_table(pairs), target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert shards.is_complete(target)
    assert shards.read(target) == pairs  # documents and contract JSON come back as they went

    failing = tmp_path / "shard-00001.parquet"
    with pytest.raises((TypeError, AttributeError)):
        shards.write_atomic("not a table", failing)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no final name, no temp left

    half = tmp_path / "shard-00002.parquet"
    half.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    assert not shards.is_complete(half)
    assert not shards.is_complete(tmp_path / "shard-00003.parquet")


def test_a_leftover_temp_file_and_a_truncated_shard_are_extracted_again(
    tmp_path: Path, reports: Path, baseline: dict[str, Any], client: Any, rows: Any
) -> None:

    db = tmp_path / "kb.db"
    shard_bytes = 400
    conn = connect(db)
    run_dir = plan_inputs(conn, [str(reports)], published=None, max_bytes=DEFAULT_MAX_BYTES, shard_bytes=400)[
        0
    ].run_dir(runs_root_for(db))
    run_dir.mkdir(parents=True)
    # what a killed writer can leave: a temporary file, and (were the rename not atomic) a cut-off shard
    (run_dir / ".shard-00000.parquet.123.abcdef01.tmp").write_bytes(b"PAR1 cut off")
    (run_dir / "shard-00001.parquet").write_bytes(b"PAR1\x00\x00 not a whole parquet file")
    events: list[ShardEvent] = []
    ingest_cluster(
        conn,
        [str(reports)],
        client=client,
        runs_root=runs_root_for(db),
        shard_bytes=shard_bytes,
        on_shard=lambda e, _c: events.append(e),
    )
    conn.close()
    assert events[0].done is not None and events[0].done.seconds > 0  # extracted, not read from the temp
    assert events[1].done is not None and events[1].done.seconds > 0  # the cut-off file was not loaded
    assert all(shards.is_complete(run_dir / e.shard.name) for e in events)
    assert rows(db) == baseline


def test_plan_run_id_is_the_same_for_the_same_inputs(reports: Path, tmp_path: Path) -> None:
    from newsgraph.ingest import iter_documents

    conn = connect(tmp_path / "kb.db")

    def planned(shard_bytes: int) -> tuple[str, list[str], int]:
        run = start_plan([str(reports)], shard_bytes=shard_bytes)
        cut = list(iter_shards(run, conn, iter_documents([str(reports)]), shard_bytes=shard_bytes))
        assert run.complete and run.repeated == 1 and len(run.errors) == 1 and run.shards == len(cut)
        return run.run_id, [s.digest for s in cut], len(cut)

    first, second, other = planned(400), planned(400), planned(800)
    assert first == second and first[0] != other[0]
    assert first[2] > other[2] > 1
    run = start_plan([str(reports)], shard_bytes=400)
    cut = iter_shards(run, conn, iter_documents([str(reports)]), shard_bytes=400)
    # the documents a one-process ingest would extract, in the same order
    one_process = [
        item.id for item in plan(conn, iter_documents([str(reports)])) if isinstance(item, Document)
    ]
    assert [d.id for s in cut for d in s.documents] == one_process
    copy = tmp_path / "reports.jsonl"
    copy.write_bytes(reports.read_bytes())
    run_id = start_plan([str(copy)], shard_bytes=400).run_id
    assert run_id != first[0]  # other inputs (another path)
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))
    assert start_plan([str(copy)], shard_bytes=400).run_id != run_id  # the input changed


@pytest.mark.parametrize(
    "value", ["", "local:0", "local:two", "remote", "tcp://", "tcp://host", "http://a:1"]
)
def test_a_malformed_cluster_value_is_e050(value: str) -> None:
    with pytest.raises(NewsgraphError, match="E050"):
        parse_cluster(value)


def test_cluster_values() -> None:
    assert parse_cluster("local:3").workers == 3
    assert parse_cluster("local").workers == (os.cpu_count() or 1)
    assert parse_cluster("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"


def test_an_unreachable_scheduler_is_e051() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        pytest.raises(NewsgraphError, match=f"E051: no Dask scheduler answers at tcp://127.0.0.1:{port}"),
        open_client(parse_cluster(f"tcp://127.0.0.1:{port}"), timeout="2s"),
    ):
        pass
