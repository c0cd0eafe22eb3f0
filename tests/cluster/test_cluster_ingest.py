"""`ingest --cluster`: the same rows as one process, through a killed worker and a killed client."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newsgraph.cluster.run import ShardEvent, ingest_cluster, runs_root_for
from newsgraph.pipeline import IngestCounts
from newsgraph.store import connect

SHARD_BYTES = 400  # a few reports a shard: several shards over the test reports
DOCUMENTS = 24


def _ingest(db: Path, reports: Path, client: Any, **options: Any) -> IngestCounts:
    conn = connect(db)
    try:
        return ingest_cluster(
            conn,
            [str(reports)],
            client=client,
            runs_root=runs_root_for(db),
            shard_bytes=SHARD_BYTES,
            **options,
        )
    finally:
        conn.close()


def test_local_cluster_writes_the_rows_of_one_process(
    tmp_path: Path, reports: Path, baseline: dict[str, Any], client: Any, rows: Any
) -> None:
    db = tmp_path / "kb.db"
    events: list[ShardEvent] = []
    counts = _ingest(db, reports, client, on_shard=lambda event, _counts: events.append(event))
    assert counts == IngestCounts(new=DOCUMENTS, skipped=1, failed=1)
    assert [e.shard.index for e in events] == list(range(len(events))) and len(events) > 3  # in order
    assert rows(db) == baseline
    shard_files = sorted(p.name for p in next(runs_root_for(db).iterdir()).iterdir())
    assert shard_files == [e.shard.name for e in events]  # one complete file a shard, no temp left

    again = _ingest(db, reports, client)  # every document stored: nothing extracted or written
    assert again == IngestCounts(new=0, skipped=DOCUMENTS + 1, failed=1)
    assert rows(db) == baseline


def test_a_killed_worker_s_shard_is_retried(
    tmp_path: Path, reports: Path, baseline: dict[str, Any], client: Any, rows: Any
) -> None:
    db = tmp_path / "kb.db"
    pids = set(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_a_busy_worker(event: ShardEvent, _counts: IngestCounts) -> None:
        if killed or event.done is None:
            return
        busy = client.processing()  # worker address -> task keys it runs now
        addresses = [a for a, keys in busy.items() if keys]
        assert addresses, "no shard in flight to kill"
        pid = client.run(os.getpid, workers=[addresses[0]])[addresses[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    counts = _ingest(db, reports, client, on_shard=kill_a_busy_worker)
    assert killed and killed[0] in pids
    assert counts == IngestCounts(new=DOCUMENTS, skipped=1, failed=1)
    assert rows(db) == baseline
    client.wait_for_workers(2, timeout=120)  # the nanny restarted it for the next tests


def test_a_killed_client_loses_nothing_and_the_rerun_doubles_nothing(
    tmp_path: Path, reports: Path, baseline: dict[str, Any], client: Any, rows: Any, stored: Any
) -> None:
    db = tmp_path / "kb.db"
    command = [
        *(str(Path(sys.executable).with_name("newsgraph")), "ingest", str(reports), "--db", str(db)),
        *("--cluster", "local:2", "--shard-bytes", str(SHARD_BYTES), "--no-resolve", "--no-progress"),
    ]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 150
    try:
        while stored(db) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        stored_before_kill = stored(db)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the client and its LocalCluster: all of its session
        process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    committed = stored(db)
    assert 0 < stored_before_kill <= committed < DOCUMENTS  # killed after the first shard, before the last

    counts = _ingest(db, reports, client)  # the same command again (same inputs, same run id)
    assert counts.new == DOCUMENTS - committed
    assert counts.skipped == committed + 1
    assert rows(db) == baseline
    assert len(list(runs_root_for(db).iterdir())) == 1  # the re-run found the killed run's folder
