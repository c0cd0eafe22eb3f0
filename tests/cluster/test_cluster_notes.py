"""`ingest --cluster` prints the notes made reading the inputs and honours --input-format, as one process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
STORIES = [
    {
        "id": "r-1",
        "text": "Anna Keller, the mayor of Korvik, said the Northern Front had seized a bridge.",
        "published": "2024-02-30",  # no such day: N003, the date is left empty
    },
    {
        "id": "r-2",
        "text": "Officials in Dellin said that Tomas Brandt, a former minister, was detained on Friday.",
        "published": "2024-03-02",
    },
]
# Stdin looks like JSON Lines, but --input-format text says it is one plain-text document (N004).
STDIN = json.dumps({"id": "s-1", "text": "Police in Brenholt arrested two men, Mara Vost said."})


def _ingest(tmp_path: Path, db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    reports = tmp_path / "reports.jsonl"
    command = [str(BIN / "newsgraph"), "ingest", str(reports), "-", "--db", str(db), "--no-resolve"]
    return subprocess.run(
        [*command, "--no-progress", "--input-format", "text", *options],
        input=STDIN + "\n",
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )


def _notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("note N")]


def test_cluster_ingest_prints_the_notes_of_one_process_and_reads_stdin_as_told(
    tmp_path: Path, rows: Any
) -> None:
    lines = [json.dumps(story) for story in STORIES]
    (tmp_path / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _ingest(tmp_path, tmp_path / "one.db")
    assert one.returncode == 0, one.stderr
    cluster = _ingest(tmp_path, tmp_path / "two.db", "--cluster", "local:1", "--shard-bytes", "200")
    assert cluster.returncode == 0, cluster.stderr
    assert "cluster: 1 worker(s)" in cluster.stderr
    notes = _notes(one.stderr)
    assert [n.split(":")[0] for n in notes] == ["note N003", "note N004"], one.stderr
    assert "reports.jsonl line 1: 'published' '2024-02-30'" in notes[0]
    assert "<stdin>: read as plain text (--input-format)" in notes[1]
    assert _notes(cluster.stderr) == notes
    assert "3 new, 0 already stored, 0 failed" in cluster.stderr
    assert rows(tmp_path / "two.db") == rows(tmp_path / "one.db")  # stdin stored as the one text
