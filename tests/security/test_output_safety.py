"""Output safety: what reports say stays inert text in every export and on the terminal.

Over a base whose titles, sources, names, values, evidence and texts carry spreadsheet
formulas, HTML, XML-forbidden characters, terminal escapes and rich markup
(`hostile_output.py`): CSV cells never begin a formula, GEXF parses as XML, JSON holds no
raw ``<`` and reads back the payloads unchanged, and the commands print no control
character and interpret no markup. The same for the HTTP API's streamed exports.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from newsgraph.cli import app
from newsgraph.export.safe import FORMULA_STARTS, csv_cell, json_line, terminal_safe, xml_text
from newsgraph.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_output import EMOJI, MARKUP, NOT_XML, SCRIPT, build_hostile_kb, title  # noqa: E402

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but newline and tab


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """A base whose titles, sources, names, values, evidence and texts carry hostile payloads."""
    return build_hostile_kb(tmp_path_factory.mktemp("hostile") / "kb.db", nlp)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def assert_inert(text: str) -> None:
    found = CONTROL.search(text)
    assert found is None, (
        f"control character {found.group()!r} at {found.start()}: {text[found.start() - 40 :][:80]!r}"
    )


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                float(cell)  # only a number may begin with '-' or '+'
    return rows


def assert_xml_safe(data: bytes) -> ET.Element:
    root = ET.fromstring(data)  # raises on a character XML 1.0 forbids
    labels = [node.get("label") or "" for node in root.iter() if node.tag.endswith("node")]
    assert labels and all(not set(NOT_XML) & set(label) for label in labels)
    assert any(SCRIPT in label for label in labels)  # escaped on the way out, text once parsed
    return root


def assert_json_safe(text: str) -> list[object]:
    assert "<" not in text and ">" not in text, "a raw '<' or '>' in JSON output"
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert records and SCRIPT in json.dumps(records, ensure_ascii=False)  # the values read back whole
    return records


def a_canonical(path: Path, kind: str) -> str:
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT coalesce(canonical_id, id) FROM entities WHERE type = ? ORDER BY id LIMIT 1", (kind,)
    ).fetchone()
    conn.close()
    return str(row[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"), ("Vasko Dremel", "Vasko Dremel"), ("", ""), (-3, -3), (None, None), (1.5, 1.5),
    ],
)  # fmt: skip
def test_safe_csv_cell(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31;1mred\x1b[0m", "red"), ("\x1b]0;owned\x07title", "title"), ("\x1b]2;owned\x1b\\t", "t"),
        ("\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\", "here"), ("a\x9b2Jb", "ab"),
        ("a\x1b[2Ab", "ab"), ("bell\x07\x08\x00", "bell"), ("line\r\nnext\ttab", "line\nnext\ttab"),
        ("\x1bc", ""), ("\x1b]unterminated\nnext", "\nnext"), ("عربي \u200f Vasko", "عربي \u200f Vasko"),
        ("[bold]x[/bold] :skull:", "[bold]x[/bold] :skull:"),
    ],
)  # fmt: skip
def test_safe_terminal_text(text: str, expected: str) -> None:
    assert terminal_safe(text) == expected


def test_safe_xml_text_and_json_line() -> None:
    assert xml_text("a\x01b\x0bc\ufffed\ud800e\t\n") == "abcde\t\n"
    line = json_line({"title": f"{SCRIPT} & \u2028"})
    assert "<" not in line and "&" not in line and "\u2028" not in line
    assert json.loads(line) == {"title": f"{SCRIPT} & \u2028"}


def test_safe_csv_export_neutralises_formulas(hostile_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run("export", "--format", "csv", "--db", str(hostile_kb), "-o", str(out))
    assert result.exit_code == 0, result.output
    tables = {path.name: assert_csv_safe(path.read_text(encoding="utf-8")) for path in out.glob("*.csv")}
    documents = tables["documents.csv"]
    column = documents[0].index("title")
    assert sorted(row[column] for row in documents[1:]) == sorted("'" + title(n) for n in (1, 2))
    names = [row[tables["entities.csv"][0].index("name")] for row in tables["entities.csv"][1:]]
    assert names and all(name.startswith("'") for name in names)  # every stored name began a formula


def test_safe_gexf_export_is_well_formed_xml(hostile_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.gexf"
    result = run("export", "--format", "gexf", "--db", str(hostile_kb), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_xml_safe(out.read_bytes())


@pytest.mark.parametrize("fmt", ["ftm", "jsonl"])
def test_safe_json_exports_hold_no_raw_markup(hostile_kb: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"kb.{fmt}"
    result = run("export", "--format", fmt, "--db", str(hostile_kb), "-o", str(out))
    assert result.exit_code == 0, result.output
    records = assert_json_safe(out.read_text(encoding="utf-8"))
    if fmt == "ftm":
        titles = [
            r["properties"].get("title", [""])[0]
            for r in records
            if isinstance(r, dict) and r["schema"] == "Article"
        ]
        assert any(SCRIPT in t for t in titles), titles


@pytest.mark.parametrize("query", ["", "&type=COERCE"])
@pytest.mark.parametrize("fmt", ["csv", "gexf", "ftm", "jsonl"])
def test_safe_web_exports(hostile_kb: Path, fmt: str, query: str) -> None:
    with TestClient(create_app(hostile_kb)) as client:
        response = client.get(f"/api/export?format={fmt}{query}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = assert_csv_safe(response.text)
        assert len(rows) > 1
    elif fmt == "gexf":
        assert_xml_safe(response.content)
    else:
        assert_json_safe(response.text)


def test_safe_search_prints_no_escapes_and_no_markup(hostile_kb: Path) -> None:
    result = run("search", "Marrowgate", "--db", str(hostile_kb))
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert MARKUP in result.output and EMOJI in result.output  # shown as typed, not interpreted
    assert "Marrowgate" in result.output and "documents (2)" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["events"],
        ["events", "--json"],
        ["errors"],
        ["review"],
        ["stats"],
        ["entity", "Vasko"],
        ["entity", "\x1b[31mVasko\x1b]0;t\x07"],
    ],
)
def test_safe_commands_print_no_escapes(hostile_kb: Path, args: list[str]) -> None:
    result = run(*args, "--db", str(hostile_kb))
    assert result.exit_code in (0, 1), result.output
    assert result.output.strip()
    assert_inert(result.output)


@pytest.mark.parametrize("kind", ["PERSON", "ORG", "PLACE"])
def test_safe_profile_and_history_print_no_escapes(hostile_kb: Path, kind: str) -> None:
    canonical = a_canonical(hostile_kb, kind)
    profile = run("entity", canonical, "--db", str(hostile_kb))
    assert profile.exit_code == 0, profile.output
    assert_inert(profile.output)
    assert SCRIPT in profile.output and MARKUP in profile.output
    history = run("history", canonical, "--db", str(hostile_kb))
    assert history.exit_code == 0, history.output
    assert_inert(history.output)
