"""The real console script, run as a user runs it: exit codes, stdout, stderr, help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from newsgraph.cli import app
from newsgraph.commands.common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE

SCRIPT = Path(sys.executable).parent / "newsgraph"
FIRST = "The mayor of the northern town resigned on Tuesday after a long dispute with the council."
SECOND = "Police said two men were arrested on Friday in connection with the robbery at the bank."
THIRD = "The river burst its banks overnight and the army was sent to help residents leave their homes."


def newsgraph(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, env=env, timeout=300, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(FIRST, encoding="utf-8")
    return path


def test_cli_script_is_installed() -> None:
    assert SCRIPT.is_file(), f"console script not found at {SCRIPT}; run make install"


def test_cli_batch_with_one_bad_file_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.txt").write_text(SECOND + " The caf\u00e9 stayed shut.", encoding="cp1252")
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "story-4", "text": THIRD}) + "\n", encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt", "d.jsonl")]
    result = newsgraph("extract", *paths, "--published", "2021-03-02")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    lines = result.stdout.splitlines()
    documents = [json.loads(line)["document"] for line in lines]
    assert [d["source"] for d in documents] == [paths[0], paths[2], paths[3]]
    assert documents[2]["id"] == "story-4"
    assert all(d["published"] == "2021-03-02" for d in documents)
    errors = [line for line in result.stderr.splitlines() if "E0" in line]
    assert len(errors) == 1
    assert "E002" in errors[0] and paths[1] in errors[0]
    assert any(line.startswith("note N005:") and "cp1252" in line for line in result.stderr.splitlines())
    assert result.stderr.splitlines()[-1] == "3 document(s) extracted, 1 failed"


def test_cli_all_good_exits_zero_with_one_json_object(good_file: Path) -> None:
    result = newsgraph("extract", str(good_file))
    assert result.returncode == EXIT_OK, result.stderr
    output = json.loads(result.stdout)
    assert output["document"]["source"] == str(good_file)
    assert {"entities", "facts", "events"} <= set(output)


def test_cli_reads_stdin(tmp_path: Path) -> None:
    result = newsgraph("extract", "-", stdin=SECOND.encode())
    assert result.returncode == EXIT_OK, result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["document"]["source"] is None


def test_cli_missing_file_alone_exits_one(tmp_path: Path) -> None:
    result = newsgraph("extract", str(tmp_path / "nowhere.txt"))
    assert result.returncode == EXIT_SOME_FAILED
    assert "E011" in result.stderr and "nowhere.txt" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "options",
    [["--published", "21/05/2020"], ["--format", "xml"], ["--no-such-option"], ["--max-bytes", "0"]],
    ids=["bad-date", "bad-format", "unknown-option", "bad-max-bytes"],
)
def test_cli_usage_errors_exit_two(good_file: Path, options: list[str]) -> None:
    result = newsgraph("extract", str(good_file), *options)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip()


def test_cli_bad_date_message_names_the_value(good_file: Path) -> None:
    result = newsgraph("extract", str(good_file), "--published", "21/05/2020")
    assert "'21/05/2020'" in result.stderr and "YYYY-MM-DD" in result.stderr


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command under a click group (typer bundles its own click, so: duck typing)."""
    subcommands: dict[str, Any] | None = getattr(command, "commands", None)
    if subcommands is None:
        return [prefix]
    return [
        path
        for name, sub in sorted(subcommands.items())
        if not sub.hidden
        for path in command_paths(sub, (*prefix, name))
    ]


COMMANDS = command_paths(typer.main.get_command(app))


def test_cli_has_commands() -> None:
    assert ("extract",) in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_cli_every_command_help_ends_with_an_example(command: tuple[str, ...]) -> None:
    result = newsgraph(*command, "--help")
    assert result.returncode == EXIT_OK, result.stderr
    description = result.stdout.split("╭", 1)[0]  # the text above the option panels
    lines = [line.strip() for line in description.splitlines() if line.strip()]
    assert any(line.startswith("Example") for line in lines), description
    assert lines[-1].startswith("newsgraph " + " ".join(command)), description
