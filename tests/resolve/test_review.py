"""The review queue (only the pairs the machine is unsure of, with the evidence) and the refusals and
history of person judgements, over hand-built reports in a real SQLite base."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.explore.review import review_queue
from newsgraph.resolve.clusters import Judgement
from newsgraph.resolve.judging import JudgementRefused, judge_pair, refusal, review_bands
from newsgraph.resolve.run import SAME, UNSURE, rebuild_clusters
from newsgraph.schema import ExtractionJSON
from newsgraph.store import connect, queries
from newsgraph.store.write import content_hash, store_result

STAMP = "2026-01-01T00:00:00+00:00"
REPORTS: dict[str, tuple[str, list[tuple[str, str, str]], dict[str, str]]] = {
    # id: (text, [(local id, type, name)], {local id: birth year})
    "r1": (
        "Anna Keller, born in 1961, spoke in Korvik on Monday. Police chief Tomas Rivel was there too.",
        [("e1", "PERSON", "Anna Keller"), ("e2", "PLACE", "Korvik"), ("e3", "PERSON", "Tomas Rivel")],
        {"e1": "1961"},
    ),
    "r2": (
        "Anna Kellner, who was born in 1975, left Korvik for the coast. Tomas Rivell stayed behind.",
        [("e1", "PERSON", "Anna Kellner"), ("e2", "PLACE", "Korvik"), ("e3", "PERSON", "Tomas Rivell")],
        {"e1": "1975"},
    ),
    "r3": (
        "the Northern Front said Marek Osk had joined it. Osk denied it in Korvik.",
        [("e1", "ORG", "the Northern Front"), ("e2", "PERSON", "Marek Osk"), ("e3", "PLACE", "Korvik")],
        {},
    ),
}


def report(document_id: str) -> tuple[ExtractionJSON, str]:
    text, entities, born = REPORTS[document_id]
    result: dict[str, Any] = {
        "document": {"id": document_id, "title": None, "published": "2026-01-05", "source": None},
        "entities": [],
        "facts": [],
        "events": [],
        "times": [],
    }
    result["document"]["language"] = "en"
    for local, kind, name in entities:
        start = text.index(name)
        mention = {"start": start, "end": start + len(name), "text": name}
        result["entities"].append(
            {"id": local, "type": kind, "name": name, "aliases": [], "mentions": [mention]}
        )
    for n, (local, year) in enumerate(born.items(), start=1):
        start = text.index(year)
        result["facts"].append(
            {
                "id": f"f{n}",
                "predicate": "born_on",
                "subject": local,
                "object": {"value": year},
                "qualifiers": {},
                "time": None,
                "source": None,
                "hedged": False,
                "negated": False,
                "evidence": {"start": start, "end": start + 4, "text": year},
                "confidence": 0.8,
                "extractor": "test",
            }
        )
    return result, text  # type: ignore[return-value]


def machine(a: str, b: str, verdict: str, score: float | None) -> Judgement:
    lo, hi = sorted((a, b))
    return Judgement(lo, hi, verdict, score, "machine", STAMP)  # type: ignore[arg-type]


@pytest.fixture
def base(tmp_path: Path) -> tuple[sqlite3.Connection, Path]:
    path = tmp_path / "kb.db"
    conn = connect(path)
    for document_id in REPORTS:
        result, text = report(document_id)
        assert store_result(conn, result, text=text, content_hash=content_hash(text))
    low, high = review_bands(SAME, UNSURE)["PERSON"]
    assert low < SAME["PERSON"] < high <= 1.0
    queries.replace_machine_judgements(
        conn,
        [
            machine("r1/e1", "r2/e1", "positive", SAME["PERSON"]),  # at the threshold: the least certain
            machine("r1/e3", "r2/e3", "unsure", low + 0.01),  # near the band's edge
            machine("r1/e2", "r2/e2", "positive", 1.0),  # a rule's verdict (one gazetteer place)
            machine("r2/e2", "r3/e3", "positive", 1.0),
            machine("r1/e1", "r3/e2", "negative", 0.0),  # two full names that do not match
            machine("r2/e3", "r3/e2", "unsure", low - 0.01),  # below the band
        ],
    )
    rebuild_clusters(conn)
    return conn, path


def test_review_queue_holds_only_the_band_least_certain_first(base: tuple[sqlite3.Connection, Path]) -> None:
    conn, _path = base
    items = review_queue(conn, bands=review_bands(SAME, UNSURE), thresholds=SAME)
    assert [(i["a"], i["b"]) for i in items] == [("r1/e1", "r2/e1"), ("r1/e3", "r2/e3")]
    assert items[0]["uncertainty"] == 1.0 and items[0]["uncertainty"] > items[1]["uncertainty"]
    assert all(0.0 < i["score"] < 1.0 for i in items)


def test_review_queue_gives_the_evidence_for_and_against(base: tuple[sqlite3.Connection, Path]) -> None:
    conn, _path = base
    first = review_queue(conn, bands=review_bands(SAME, UNSURE), thresholds=SAME, limit=1)[0]
    evidence = first["evidence"]
    assert evidence["conflicting_facts"] == [{"predicate": "born_on", "a": ["1961"], "b": ["1975"]}]
    assert [n["name"] for n in evidence["shared_neighbours"]] == ["Korvik"]  # one canonical place
    assert evidence["shared_names"] == [] and evidence["shared_words"] == ["anna"]
    sentence = first["entity_a"]["sentences"][0]
    text = REPORTS["r1"][0]
    assert sentence["text"] == "Anna Keller, born in 1961, spoke in Korvik on Monday."
    assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert first["entity_b"]["sentences"][0]["text"].startswith("Anna Kellner, who was born in 1975")


def test_review_cli_json_and_text(base: tuple[sqlite3.Connection, Path]) -> None:
    _conn, path = base
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "--db", str(path), "--json"])
    assert listed.exit_code == 0, listed.output
    items = [json.loads(line) for line in listed.output.strip().splitlines()]
    assert [i["name_a"] for i in items] == ["Anna Keller", "Tomas Rivel"]
    text = runner.invoke(app, ["review", "--db", str(path)])
    assert text.exit_code == 0 and "born_on: 1961 / 1975" in text.output


def test_review_a_same_after_anyones_different_is_refused(base: tuple[sqlite3.Connection, Path]) -> None:
    conn, _path = base
    judge_pair(conn, "r1/e1", "r2/e1", "negative", author="person:ines")
    assert refusal(conn, "r1/e1", "r2/e1", "positive", author="person:olaf") is not None
    with pytest.raises(JudgementRefused, match="E040"):
        judge_pair(conn, "r1/e1", "r2/e1", "positive", author="person:olaf")
    with pytest.raises(JudgementRefused, match="E040"):  # by the same person too
        judge_pair(conn, "r1/e1", "r2/e1", "positive", author="person:ines")
    assert queries.current_canonical_id(conn, "r1/e1") != queries.current_canonical_id(conn, "r2/e1")
    time.sleep(1.1)  # judgements are stamped to the second; of two persons' judgements the newer wins
    done = judge_pair(conn, "r1/e1", "r2/e1", "positive", author="person:olaf", override=True)
    assert done.together and done.override
    history = queries.judgement_history(conn, ["r1/e1"])
    assert [(h.author, h.verdict_before, h.verdict_after, h.together_before, h.together_after, h.override)
            for h in history] == [
        ("person:ines", None, "negative", True, False, False),
        ("person:olaf", None, "positive", False, True, True),
    ]  # fmt: skip
    assert history[0].counted_before == f"machine positive {SAME['PERSON']:.2f}"
    assert history[1].counted_before == "person:ines negative 1.00"


def test_review_a_different_that_splits_anothers_join_is_refused(
    base: tuple[sqlite3.Connection, Path],
) -> None:
    conn, _path = base
    judge_pair(conn, "r1/e3", "r2/e3", "positive", author="person:ines")
    assert queries.current_canonical_id(conn, "r1/e3") == queries.current_canonical_id(conn, "r2/e3")
    with pytest.raises(JudgementRefused, match="E041"):
        judge_pair(conn, "r1/e3", "r2/e3", "negative", author="person:olaf")
    assert queries.current_canonical_id(conn, "r1/e3") == queries.current_canonical_id(conn, "r2/e3")
    # a split that leaves the other person's join whole is not refused (the machine joined r1/e1, r2/e1)
    assert refusal(conn, "r1/e1", "r2/e1", "negative", author="person:olaf") is None
    # the person who joined may take it back
    again = judge_pair(conn, "r1/e3", "r2/e3", "negative", author="person:ines")
    assert not again.together and not again.override


def test_review_cli_refusal_override_and_history(base: tuple[sqlite3.Connection, Path]) -> None:
    _conn, path = base
    runner = CliRunner()
    db = ["--db", str(path)]
    assert runner.invoke(app, ["different", "r1/e1", "r2/e1", *db, "--author", "ines"]).exit_code == 0
    refused = runner.invoke(app, ["same", "r1/e1", "r2/e1", *db, "--author", "olaf"])
    assert refused.exit_code == 1 and "E040" in refused.output and "--override" in refused.output
    time.sleep(1.1)  # judgements are stamped to the second
    forced = runner.invoke(app, ["same", "r1/e1", "r2/e1", *db, "--author", "olaf", "--override"])
    assert forced.exit_code == 0 and "[override]" in forced.output
    shown = runner.invoke(app, ["history", "r2/e1", *db, "--json"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert [(j["author"], j["verdict_after"], j["override"]) for j in record["judgements"]] == [
        ("person:ines", "negative", False),
        ("person:olaf", "positive", True),
    ]
    text = runner.invoke(app, ["history", "r1/e1", *db])
    assert "person:olaf" in text.output and "[override]" in text.output
    unknown = runner.invoke(app, ["history", "no-such-id", *db])
    assert unknown.exit_code == 2 and "E042" in unknown.output
