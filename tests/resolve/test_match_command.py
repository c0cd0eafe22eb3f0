"""`newsgraph match`: JSON Lines in, each line back with score and same; - for stdin; bad lines exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.commands.common import EXIT_OK, EXIT_USAGE
from newsgraph.commands.match import score_record
from newsgraph.resolve.compare import SAME_NAME_THRESHOLD, name_score

runner = CliRunner()

PAIRS = [
    {"a": "Abdul Rahman al-Qelmani", "b": "QELMANI, Abd al-Rahman", "type": "PERSON"},
    {"a": "Samir al-Zemmari", "b": "AL-ZEMMARI, Nabil"},
    {"a": "NATIONAL WATER SUPPLY AUTHORITY", "b": "NWSA", "type": "ORG", "source": "kept as given"},
]


def jsonl(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_match_command_scores_each_line_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(jsonl(PAIRS) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["match", "--pairs", str(path)])
    assert result.exit_code == EXIT_OK, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["a"] for line in lines] == [p["a"] for p in PAIRS]
    assert [line["same"] for line in lines] == [True, False, True]
    assert lines[2]["source"] == "kept as given"
    assert lines[0]["score"] == 1.0


def test_match_command_reads_stdin_and_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "scored.jsonl"
    result = runner.invoke(app, ["match", "--pairs", "-", "-o", str(out)], input=jsonl(PAIRS[:1]))
    assert result.exit_code == EXIT_OK, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["same"] is True


def test_match_command_score_is_name_score() -> None:
    record = score_record({"a": "Dirawiya, Nayif", "b": "Nayif Dirawiyeh", "type": "PERSON"})
    score = name_score("Dirawiya, Nayif", "Nayif Dirawiyeh", kind="PERSON")
    assert record["score"] == round(score, 4)
    assert record["same"] == (score >= SAME_NAME_THRESHOLD)


def test_match_command_bad_lines_exit_2() -> None:
    for bad in ("not json\n", '["a", "b"]\n', '{"a": "x"}\n', '{"a": "x", "b": "y", "type": "PLACE"}\n'):
        result = runner.invoke(app, ["match", "--pairs", "-"], input=bad)
        assert result.exit_code == EXIT_USAGE, bad
        assert "line 1" in result.output


def test_match_command_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["match", "--pairs", str(tmp_path / "none.jsonl")])
    assert result.exit_code == EXIT_USAGE
