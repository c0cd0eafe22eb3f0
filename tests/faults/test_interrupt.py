"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM during an
ingest: it stops once the documents in hand are committed, says so (E073), exits 128 + the
signal, leaves no worker behind, and a re-run stores the rest."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from fault_helpers import NEWSGRAPH, cluster_helpers, integrity, start, wait_for_no_processes

REPORTS = 150
stored_documents = cluster_helpers.stored_documents


def _reports(path: Path) -> Path:
    templates, people, towns, groups = (
        cluster_helpers.TEMPLATES,
        cluster_helpers.PEOPLE,
        cluster_helpers.TOWNS,
        cluster_helpers.GROUPS,
    )
    with path.open("w", encoding="utf-8") as out:
        for i in range(REPORTS):
            text = templates[i % len(templates)].format(
                person=people[i % len(people)], town=towns[i % len(towns)], group=groups[i % len(groups)]
            )
            out.write(json.dumps({"id": f"r{i:03d}", "text": f"{text} Case {i}."}) + "\n")
    return path


@pytest.mark.parametrize(
    ("name", "processes", "code"), [("SIGINT", "2", 130), ("SIGTERM", "1", 143)], ids=["sigint-p2", "sigterm"]
)
def test_faults_interrupted_ingest_commits_what_it_has_and_stops(
    tmp_path: Path, name: str, processes: str, code: int
) -> None:
    reports, db, log = _reports(tmp_path / "reports.jsonl"), tmp_path / "kb.db", tmp_path / "ingest.log"
    command = [NEWSGRAPH, "ingest", str(reports), "--db", str(db), "--no-resolve", "--no-progress"]
    process = start([*command, "-p", processes, "--batch-size", "4"], log)
    try:
        deadline = time.monotonic() + 120
        while stored_documents(db) < 4 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, log.read_text()
        signum = getattr(signal, name)
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # the workers get it too, as from a terminal
        else:
            process.send_signal(signum)
        assert process.wait(timeout=120) == code, log.read_text()
    finally:
        left = wait_for_no_processes(process.pid)
    assert not left, f"processes left: {left}"
    output = log.read_text()
    said = re.search(rf"E073: interrupted \({name}\): (\d+) new, 0 already stored, 0 failed", output)
    assert said, output
    stored = stored_documents(db)
    assert int(said.group(1)) == stored  # every document it counted was committed
    assert 4 <= stored < REPORTS
    assert integrity(db) == "ok"
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{REPORTS - stored} new, {stored} already stored, 0 failed" in again.stderr
    assert stored_documents(db) == REPORTS


def test_faults_interrupted_extract_stops_its_workers_and_keeps_what_it_wrote(tmp_path: Path) -> None:
    reports, output, log = _reports(tmp_path / "reports.jsonl"), tmp_path / "out.jsonl", tmp_path / "x.log"
    command = [NEWSGRAPH, "extract", str(reports), "-p", "2", "--no-progress", "--output", str(output)]
    process = start(command, log)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if output.exists() and output.read_text(encoding="utf-8").count("\n") >= 4:
                break
            time.sleep(0.2)
        assert process.poll() is None, log.read_text()
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) == 130, log.read_text()
    finally:
        left = wait_for_no_processes(process.pid)
    assert not left, f"processes left: {left}"
    said = re.search(r"E073: interrupted \(SIGINT\): (\d+) document\(s\) written", log.read_text())
    assert said, log.read_text()
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == int(said.group(1)) < REPORTS
    assert all(json.loads(line)["document"]["id"].startswith("r") for line in lines)


def test_faults_interrupted_resolution_says_so_and_a_rerun_finishes(
    unresolved: Path, baseline: dict[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    """Ctrl-C during `newsgraph resolve`: E073 and exit 130, no traceback; a re-run gives the rows
    of an uninterrupted resolution."""
    from fault_helpers import copy_base, rows_of

    interrupted = 0
    codes: list[int] = []
    for trial in range(8):  # a fast resolution may end before the signal: try again, a few times
        if interrupted:
            break
        db = copy_base(unresolved, tmp_path / f"kb{trial}.db")
        log = tmp_path / f"resolve{trial}.log"
        process = start([NEWSGRAPH, "resolve", "--db", str(db)], log)
        deadline = time.monotonic() + 120
        while "resolve:" not in log.read_text("utf-8", "replace") and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text("utf-8", "replace")
            time.sleep(0.001)  # resolution of this small base takes a few tens of milliseconds
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=120)
        codes.append(code)
        output = log.read_text("utf-8", "replace")
        assert "Traceback" not in output, output
        assert code in (0, 130), output
        if code == 130:
            interrupted += 1
            assert "E073" in output and "newsgraph resolve" in output, output
            assert integrity(db) == "ok"
        subprocess.run([NEWSGRAPH, "resolve", "--db", str(db)], check=True, capture_output=True)
        assert rows_of(db) == baseline
    # the signal came while it ran at least once
    assert interrupted >= 1, f"codes {codes}; SIGINT here: {signal.getsignal(signal.SIGINT)}"
