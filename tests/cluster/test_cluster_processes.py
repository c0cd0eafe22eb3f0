"""Against a scheduler and two workers started as separate processes (`dask scheduler`, `dask worker`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BIN = Path(sys.executable).parent
# The settings the README tells `dask worker` to start with.
WORKER_CONFIG = Path(__file__).resolve().parents[2] / "docs" / "dask"


def _flat(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_the_worker_config_of_the_readme_is_what_local_workers_get() -> None:
    import yaml

    from newsgraph.cluster.run import LOCAL_WORKERS

    config = yaml.safe_load((WORKER_CONFIG / "newsgraph.yaml").read_text(encoding="utf-8"))
    assert _flat(config) == LOCAL_WORKERS


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    """The address of a `dask scheduler` on loopback with two `dask worker` processes."""
    info = tmp_path / "scheduler.json"
    common = ["--no-dashboard", "--host", "127.0.0.1"]
    started = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--port", "0", "--scheduler-file", str(info), *common],
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        environment = {**os.environ, "DASK_CONFIG": str(WORKER_CONFIG)}
        environment.pop("MALLOC_TRIM_THRESHOLD_", None)
        for _ in range(2):
            worker = [str(BIN / "dask"), "worker", address, "--nthreads", "1", *common]
            started.append(
                subprocess.Popen(worker, start_new_session=True, stderr=subprocess.DEVNULL, env=environment)
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for process in reversed(started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_ingest_on_a_separate_scheduler_and_workers_gives_the_same_rows(
    tmp_path: Path, reports: Path, baseline: dict[str, Any], rows: Any, scheduler: str
) -> None:
    db = tmp_path / "kb.db"
    command = [str(BIN / "newsgraph"), "ingest", str(reports), "--db", str(db), "--no-resolve"]
    done = subprocess.run(
        [*command, "--cluster", scheduler, "--shard-bytes", "600", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 1, done.stderr  # 1: the malformed line of the reports
    assert "24 new, 1 already stored, 1 failed" in done.stderr
    assert "cluster: 2 worker(s)" in done.stderr
    assert rows(db) == baseline


def test_workers_started_as_the_readme_says_run_without_dask_s_malloc_setting(scheduler: str) -> None:
    from distributed import Client

    def settings() -> tuple[str | None, bool]:
        import dask

        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), bool(
            dask.config.get("distributed.worker.profile.enabled")
        )

    with Client(scheduler, timeout="30s") as client:
        seen = client.run(settings)
    assert sorted(seen.values()) == [(None, False), (None, False)]
