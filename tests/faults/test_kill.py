"""SIGKILL at seeded random points of ingest (one process, -p 2, --cluster local:2) and of
resolution; then a re-run gives the rows of an uninterrupted run, the base passes
`PRAGMA integrity_check` after the kill and after the re-run, no process of the killed
command is left, and every judgement a person made survives.

NEWSGRAPH_FAULT_TRIALS sets the trials per mode (default 3). Each trial kills the command
after a seeded fraction of the time the previous run of the mode took, so that the points
fall over the whole run (start, reading, NLP, commits, resolution); a trial whose command
ended before the kill still checks the rows, and the test says how many were killed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import (
    NEWSGRAPH,
    Seed,
    copy_base,
    integrity,
    person_judgements,
    rows_of,
    start,
    wait_for_no_processes,
)

TRIALS = int(os.environ.get("NEWSGRAPH_FAULT_TRIALS", "3"))
RERUN_TIMEOUT = 300

# mode: the ingest options, and the seconds an uninterrupted run is first guessed to take
MODES = {
    "one-process": (["--batch-size", "4"], 8.0),
    "two-processes": (["--batch-size", "4", "-p", "2"], 9.0),
    "cluster": (["--cluster", "local:2", "--shard-bytes", "600"], 30.0),
}


def _kill_at(command: list[str], delay: float, log: Path) -> bool:
    """Run `command` and SIGKILL it (it alone) after `delay` seconds; whether it was still
    running then. Asserts that no process it started outlives it."""
    process = start(command, log)
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)  # its workers must follow by themselves
        process.wait()
        killed = True
    left = wait_for_no_processes(process.pid)
    assert not left, f"processes left after SIGKILL: {left}\n{log.read_text(errors='replace')[-2000:]}"
    return killed


def _rerun(command: list[str], log: Path) -> float:
    """Run `command` to its end; the seconds it took."""
    began = time.monotonic()
    process = start(command, log)
    try:
        code = process.wait(timeout=RERUN_TIMEOUT)
    finally:
        left = wait_for_no_processes(process.pid, timeout=10)
    assert code in (0, 1), log.read_text(errors="replace")[-3000:]  # 1: the reports' malformed line
    assert not left, f"processes left after a run: {left}"
    return time.monotonic() - began


def _trials(
    mode: str,
    make_base: Callable[[Path], Path],
    command_for: Callable[[Path], list[str]],
    guess: float,
    folder: Path,
    *,
    baseline: dict[str, list[tuple[Any, ...]]],
    judgements: list[tuple[Any, ...]],
) -> int:
    """Kill, check, re-run, compare, TRIALS times; return how many kills hit a running command."""
    killed = 0
    took = guess
    for trial in range(TRIALS):
        rng = random.Random(f"{mode}-{trial}")
        db = make_base(folder / f"{mode}-{trial}.db")
        command = command_for(db)
        log = folder / f"{mode}-{trial}.log"
        killed += _kill_at(command, rng.uniform(0.1, 0.95) * took, log)
        assert integrity(db) == "ok"
        took = _rerun(command, log)
        assert integrity(db) == "ok"
        assert person_judgements(db) == judgements
        assert rows_of(db) == baseline, f"trial {trial}: the rows differ from an uninterrupted run"
    print(f"{mode}: {TRIALS} trials, {killed} killed while running, {TRIALS} survived")
    return killed


@pytest.mark.parametrize("mode", list(MODES))
def test_faults_ingest_killed_then_rerun_gives_the_rows_of_an_uninterrupted_run(
    mode: str, seed: Seed, baseline: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    options, guess = MODES[mode]

    def command_for(db: Path) -> list[str]:
        return [NEWSGRAPH, "ingest", str(seed.reports), "--db", str(db), "--no-progress", *options]

    def make_base(target: Path) -> Path:
        return copy_base(seed.base, target)

    killed = _trials(
        mode, make_base, command_for, guess, tmp_path, baseline=baseline, judgements=seed.judgements
    )
    assert killed >= 1 or TRIALS < 2  # the points are not all after the end


def test_faults_resolution_killed_then_rerun_gives_the_rows_of_an_uninterrupted_run(
    unresolved: Path, seed: Seed, baseline: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    def command_for(db: Path) -> list[str]:
        return [NEWSGRAPH, "resolve", "--db", str(db)]

    def make_base(target: Path) -> Path:
        return copy_base(unresolved, target)

    killed = _trials(
        "resolve", make_base, command_for, 5.0, tmp_path, baseline=baseline, judgements=seed.judgements
    )
    assert killed >= 1 or TRIALS < 2
