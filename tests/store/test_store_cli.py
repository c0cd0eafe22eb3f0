"""The store's commands as a user runs them: ingest, stats --json, search, errors; exit codes."""

from __future__ import annotations

import importlib.machinery
import json
import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.commands.common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from newsgraph.document import Document
from newsgraph.schema import ExtractionJSON
from newsgraph.store import connect
from newsgraph.store.queries import stats
from newsgraph.store.write import content_hash, store_result

SCRIPT = Path(sys.executable).parent / "newsgraph"
STORY = (
    "Varnesian security forces arrested Abdul Rashid Tessouni in Qasrana on Wednesday, "
    "the Varnesian National Security Service said."
)
OTHER = "Flooding closed the main road into Kelmora on Sunday, the provincial council said."


def newsgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=environment, timeout=300, check=False
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tessouni.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "kelmora.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path / "in"


def test_store_cli_ingest_stats_search_errors(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    (folder / "empty.txt").write_text("", encoding="utf-8")
    first = newsgraph("ingest", str(folder), "--db", str(db), "--published", "2020-05-21", "--no-resolve")
    assert first.returncode == EXIT_SOME_FAILED, first.stderr
    assert "E002" in first.stderr
    assert first.stderr.splitlines()[-1] == f"2 new, 0 already stored, 1 failed in {db}"

    figures = json.loads(newsgraph("stats", "--db", str(db), "--json").stdout)
    assert figures == stats(connect(db))
    assert figures["documents"] == 2 and figures["errors"] == 1 and figures["entities"] > 0

    found = newsgraph("search", "Tessouni", "--db", str(db), "--json")
    assert found.returncode == EXIT_OK, found.stderr
    hits = json.loads(found.stdout)
    assert [d["source"] for d in hits["documents"]] == [str(folder / "tessouni.txt")]
    assert any(e["name"] == "Abdul Rashid Tessouni" and e["type"] == "PERSON" for e in hits["entities"])
    text = newsgraph("search", "kelmora", "--db", str(db)).stdout
    assert "documents (1)" in text and "Kelmora" in text

    listed = newsgraph("errors", "--db", str(db))
    assert listed.stdout.startswith("E002") and "empty.txt" in listed.stdout


def test_store_cli_database_from_environment(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = newsgraph("ingest", str(folder / "kelmora.txt"), "--no-resolve", env={"NEWSGRAPH_DB": str(db)})
    assert result.returncode == EXIT_OK, result.stderr
    again = newsgraph("ingest", str(folder / "kelmora.txt"), "--no-resolve", env={"NEWSGRAPH_DB": str(db)})
    assert again.stderr.splitlines()[-1] == f"0 new, 1 already stored, 0 failed in {db}"


@pytest.mark.parametrize(
    "options",
    [["--published", "21/05/2020"], ["--batch-size", "0"], ["--no-such-option"]],
    ids=["bad-date", "bad-batch-size", "unknown-option"],
)
def test_store_cli_ingest_usage_errors_exit_two(folder: Path, tmp_path: Path, options: list[str]) -> None:
    result = newsgraph("ingest", str(folder), "--db", str(tmp_path / "kb.db"), *options)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert not (tmp_path / "kb.db").exists()


def fake_module(name: str, **attributes: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    module.__dict__.update(attributes)
    return module


@pytest.mark.parametrize("flag, calls", [([], 1), (["--no-resolve"], 0)], ids=["resolve", "no-resolve"])
def test_store_cli_ingest_runs_resolution_when_installed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: list[str], calls: int
) -> None:
    db = tmp_path / "kb.db"
    document = Document.create(OTHER)
    empty: ExtractionJSON = {
        "document": {"id": document.id, "title": None, "published": None, "source": None, "language": "en"},
        "entities": [],
        "facts": [],
        "events": [],
    }
    store_result(connect(db), empty, text=document.text, content_hash=content_hash(document.text))
    resolved: list[sqlite3.Connection] = []
    monkeypatch.setitem(sys.modules, "newsgraph.resolve", fake_module("newsgraph.resolve"))
    run = fake_module("newsgraph.resolve.run", resolve_store=resolved.append)
    monkeypatch.setitem(sys.modules, "newsgraph.resolve.run", run)
    result = CliRunner().invoke(app, ["ingest", str(folder / "kelmora.txt"), "--db", str(db), *flag])
    assert result.exit_code == EXIT_OK, result.output
    assert len(resolved) == calls  # called even when nothing was new: a killed run may not have resolved
