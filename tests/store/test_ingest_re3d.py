"""The re3d dev documents into the base: twice gives the same database, and so does a kill and a re-run.

The kill test runs `newsgraph ingest` as a user would, in a real subprocess, sends
it SIGKILL at a random point after some batches were committed, runs it again to
the end, and compares every row with an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import IngestCounts, ingest_paths
from newsgraph.store import connect

SCRIPT = Path(sys.executable).parent / "newsgraph"
TABLES = ("documents", "entities", "aliases", "mentions", "statements", "arguments", "errors")
TIMESTAMPS = {"documents": "ingested_at", "errors": "at"}  # the only columns allowed to differ
SEED = int(os.environ.get("NEWSGRAPH_KILL_SEED", random.randrange(1 << 30)))


@pytest.fixture(scope="module")
def re3d_input(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("re3d") / "re3d-dev.jsonl"
    make_input = shared_dir / "eval" / "referee" / "re3d.py"
    subprocess.run(
        [sys.executable, str(make_input), "make-input", str(shared_dir / "evaldata" / "re3d"), str(out)],
        check=True,
        capture_output=True,
    )
    return out


def contents(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the timestamps, sorted: two equal values are the same database."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        columns = [
            f'"{row["name"]}"'
            for row in conn.execute(f"PRAGMA table_info({table})")
            if row["name"] not in (TIMESTAMPS.get(table), "id" if table == "errors" else None)
        ]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        tables[table] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def counts(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, int]:
    return {table: len(rows) for table, rows in tables.items()}


def newsgraph_ingest(path: Path, db: Path) -> subprocess.Popen[bytes]:
    args = [str(SCRIPT), "ingest", str(path), "--db", str(db), "--batch-size", "2", "--no-resolve"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def stored(db: Path) -> int:
    """Documents committed so far, read as another process would (0 before the schema exists)."""
    if not db.exists():
        return 0
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(reader.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        reader.close()


def test_ingest_re3d_twice_gives_the_same_database(re3d_input: Path, tmp_path: Path, nlp: Any) -> None:
    conn = connect(tmp_path / "kb.db")
    first = ingest_paths(conn, [str(re3d_input)], nlp=nlp, batch_size=8)
    after_first = contents(conn)
    second = ingest_paths(conn, [str(re3d_input)], nlp=nlp, batch_size=8)
    after_second = contents(conn)
    print(f"\nre3d dev, first run: {first}; second run: {second}; rows: {counts(after_second)}")
    documents = sum(1 for line in re3d_input.read_text(encoding="utf-8").splitlines() if line.strip())
    assert first == IngestCounts(new=documents, skipped=0, failed=0)
    assert second == IngestCounts(new=0, skipped=documents, failed=0)
    assert counts(after_first)["documents"] == documents
    assert counts(after_first)["entities"] > documents and counts(after_first)["statements"] > 0
    assert after_second == after_first


def test_ingest_killed_and_rerun_gives_the_same_counts(re3d_input: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    documents = sum(1 for line in re3d_input.read_text(encoding="utf-8").splitlines() if line.strip())
    target = rng.randint(2, documents * 2 // 3)  # kill once at least this many were committed ...
    extra_s = rng.uniform(0.0, 0.3)  # ... and a little later, mid-batch
    print(f"\nkill test: seed {SEED} (NEWSGRAPH_KILL_SEED), kill after {target} documents + {extra_s:.2f} s")

    whole_db = tmp_path / "whole.db"
    whole = newsgraph_ingest(re3d_input, whole_db)
    _, whole_err = whole.communicate(timeout=300)
    assert whole.returncode == 0, whole_err.decode()

    killed_db = tmp_path / "killed.db"
    run = newsgraph_ingest(re3d_input, killed_db)
    deadline = time.monotonic() + 300
    while stored(killed_db) < target and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(extra_s)
    assert run.poll() is None, f"the run ended before it could be killed (target {target})"
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL
    at_kill = stored(killed_db)
    assert target <= at_kill < documents

    check = connect(killed_db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    check.close()

    rerun = newsgraph_ingest(re3d_input, killed_db)
    _, rerun_err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, rerun_err.decode()
    summary = rerun_err.decode().strip().splitlines()[-1]
    assert summary.startswith(f"{documents - at_kill} new, {at_kill} already stored, 0 failed"), summary

    whole_rows = contents(connect(whole_db))
    resumed_rows = contents(connect(killed_db))
    print(
        f"killed at {at_kill} documents; uninterrupted {counts(whole_rows)}; resumed {counts(resumed_rows)}"
    )
    assert counts(resumed_rows) == counts(whole_rows)
    assert resumed_rows == whole_rows  # nothing lost, nothing doubled, row for row
