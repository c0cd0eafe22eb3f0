"""resolve, same, different and review as an analyst runs them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.pipeline import extract_text
from newsgraph.store.db import connect
from newsgraph.store.write import content_hash, store_result

REPORTS = (
    ("Police arrested Abu Karim al-Tovani in Korvik on Monday, the ministry said.", "2021-03-02"),
    ("Abu Karim al-Tovany, a militant commander, was arrested in Korvik, officials said.", "2021-03-04"),
    ("Gunmen killed Omar Hamdani near Kelmora, police said. Omar Hamdan was not hurt.", "2021-03-05"),
)


def _db(nlp: Any, tmp_path: Path) -> Path:
    path = tmp_path / "kb.db"
    conn = connect(path)
    for text, published in REPORTS:
        result = extract_text(text, published=published, nlp=nlp)
        store_result(conn, result, text=text, content_hash=content_hash(text))
    conn.close()
    return path


def _canonical(db: Path, name: str) -> str:
    conn = connect(db)
    row = conn.execute("SELECT coalesce(canonical_id, id) FROM entities WHERE name = ?", (name,)).fetchone()
    return str(row[0])


def _id(db: Path, name: str) -> str:
    conn = connect(db)
    return str(conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0])


def test_judge_cli_resolve_then_different_then_same(nlp: Any, tmp_path: Path) -> None:
    db = _db(nlp, tmp_path)
    runner = CliRunner()
    done = runner.invoke(app, ["resolve", "--db", str(db), "--json"])
    assert done.exit_code == 0, done.output
    figures = json.loads(done.output.strip().splitlines()[-1])
    assert figures["entities"] > 0 and figures["clusters"] <= figures["entities"]
    a, b = "Abu Karim al-Tovani", "Abu Karim al-Tovany"
    assert _canonical(db, a) == _canonical(db, b)

    split = runner.invoke(app, ["different", _id(db, a), _id(db, b), "--db", str(db), "--author", "tester"])
    assert split.exit_code == 0, split.output
    assert _canonical(db, a) != _canonical(db, b)
    again = runner.invoke(app, ["resolve", "--db", str(db)])
    assert again.exit_code == 0
    assert _canonical(db, a) != _canonical(db, b), "a person's judgement survives re-resolution"

    refused = runner.invoke(app, ["same", _id(db, a), _id(db, b), "--db", str(db), "--author", "tester"])
    assert refused.exit_code == 1 and "E040" in refused.output, "a same after a different needs --override"
    assert _canonical(db, a) != _canonical(db, b)
    time.sleep(1.1)  # judgements are stamped to the second; the newer person judgement wins
    override = ["--author", "tester", "--override"]
    joined = runner.invoke(app, ["same", _id(db, a), _id(db, b), "--db", str(db), *override])
    assert joined.exit_code == 0, joined.output
    assert _canonical(db, a) == _canonical(db, b)


def test_judge_cli_review_lists_uncertain_pairs_and_unknown_ids_exit_two(nlp: Any, tmp_path: Path) -> None:
    db = _db(nlp, tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["resolve", "--db", str(db)])
    listed = runner.invoke(app, ["review", "--db", str(db), "--json", "--limit", "5"])
    assert listed.exit_code == 0, listed.output
    for line in listed.output.strip().splitlines():
        item = json.loads(line)
        assert {"a", "b", "score", "name_a", "name_b"} <= set(item)
    bad = runner.invoke(app, ["same", "no-such-id", _id(db, "Omar Hamdani"), "--db", str(db)])
    assert bad.exit_code == 2
