"""The quality gate: the extractor on real annotated articles must not fall below
the minimums pinned in eval_baseline.json (metric name -> minimum).

The figures come from benchmarks/eval.py (the referee scorers in shared/eval, and
the PLOVER GSR / CASE-2021 event-coding scorers there). The gate runs every dev
adapter in full, Re-DocRED's 500 documents and TempEval-3's 256 included (about 90 s of
extraction on two cores); `make eval` prints the same figures beside their minimums.
Raise a minimum when a change improves a figure; lowering one is a deliberate,
visible act: edit eval_baseline.json in its own commit and say why.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

GATED_DATASETS = (
    "dev",
    "news-dev",
    "tempeval3",
    "re3d",
    "wikievents",
    "redocred",
    "plover",
    "case2021",
    "ofac",
    "crossdoc",
)


@pytest.fixture(scope="module")
def evaluation(benchmark_module: Callable[..., ModuleType]) -> ModuleType:
    return benchmark_module("eval", "newsgraph_benchmarks_eval")


@pytest.fixture(scope="module")
def minimums(repo_dir: Path) -> dict[str, float]:
    data: dict[str, float] = json.loads((repo_dir / "eval_baseline.json").read_text(encoding="utf-8"))
    return data


def test_eval_gate_compare_flags_a_drop(evaluation: ModuleType) -> None:
    pinned = {"dev.entity_f1": 0.70, "re3d.PERSON_r": 0.50}
    assert evaluation.compare({"dev.entity_f1": 0.70, "re3d.PERSON_r": 0.61}, pinned) == []
    problems = evaluation.compare({"dev.entity_f1": 0.69, "re3d.PERSON_r": 0.61}, pinned)
    assert len(problems) == 1 and problems[0].startswith("dev.entity_f1: 0.69 is below")


def test_eval_gate_compare_flags_a_missing_metric(evaluation: ModuleType) -> None:
    problems = evaluation.compare({"dev.entity_f1": None}, {"dev.entity_f1": 0.5, "re3d.entity_f1": 0.5})
    assert [p.split(":")[0] for p in problems] == ["dev.entity_f1", "re3d.entity_f1"]
    assert all("not measured" in p for p in problems)


def test_eval_gate_baseline_is_well_formed(evaluation: ModuleType, minimums: dict[str, float]) -> None:
    assert minimums, "eval_baseline.json pins no metric"
    assert set(GATED_DATASETS) == set(evaluation.ADAPTERS), "every dev adapter is gated"
    for name, minimum in minimums.items():
        assert name.split(".", 1)[0] in GATED_DATASETS, f"{name}: not a gated dataset"
        assert isinstance(minimum, int | float) and 0.0 <= minimum <= 1.0, f"{name}: {minimum!r}"


def test_eval_gate_acled_mapping_narrows_by_means_not_outcome(evaluation: ModuleType) -> None:
    mapping, dropped = evaluation.load_acled_map()
    labels = evaluation.acled_labels
    assert labels({"type": "COERCE", "mode": "arrest"}, mapping) == {"ARREST"}
    assert "REM_EXPLOS" in labels({"type": "ASSAULT", "mode": "bombing"}, mapping)
    assert "ATTACK" not in labels({"type": "ASSAULT", "mode": "bombing"}, mapping)
    assert labels({"type": "ASSAULT", "mode": "kill"}, mapping) == labels({"type": "ASSAULT"}, mapping)
    assert labels({"type": "THREATEN", "mode": None}, mapping) == frozenset()
    assert labels({"type": "NOT_A_TYPE"}, mapping) == frozenset()
    assert set(mapping) >= evaluation.SCHEMA_EVENT_TYPES
    assert "DIPLO" in dropped and "OTHER" not in dropped


def test_eval_gate_case2021_first_and_any(evaluation: ModuleType) -> None:
    mapping, _ = evaluation.load_acled_map()

    def event(start: int, kind: str, mode: str | None = None) -> dict[str, Any]:
        return {"type": kind, "mode": mode, "trigger": {"start": start, "end": start + 4}}

    results = [
        {"events": [event(30, "COERCE", "arrest"), event(2, "FIGHT")]},  # first by offset: FIGHT
        {"events": [event(5, "COERCE", "arrest")]},
        {"events": []},
        {"events": [event(0, "AGREE")]},
    ]
    metrics = evaluation.score_case2021(["ARREST", "ARREST", "ARREST", "OTHER"], results, mapping)
    assert metrics == {
        "snippets": 4,
        "coverage": 0.75,
        "acc_first": 0.25,
        "acc_any": 0.5,
        "acc_first_covered": 0.3333,
    }


def test_eval_gate_plover_type_and_actor_match(
    evaluation: ModuleType, shared_dir: Path, tmp_path: Path
) -> None:
    ctx = evaluation.Context(shared=shared_dir, work=tmp_path)
    common = ctx.referee_common()
    text = "The army arrested two protesters."
    result = {
        "entities": [
            {"id": "e1", "name": "the army", "aliases": [], "mentions": []},
            {"id": "e2", "name": "two protesters", "aliases": [], "mentions": [{"text": "them"}]},
        ],
        "events": [
            {
                "type": "COERCE",
                "mode": "arrest",
                "arguments": [{"role": "actor", "entity": "e1"}, {"role": "place", "entity": "e2"}],
            }
        ],
    }
    records = [
        {
            "text": text,
            "event": "COERCE",
            "source": [{"actorText": "The Army"}],
            "target": [{"actorText": "protesters"}],
        },
        {"text": text, "event": "INVESTIGATE", "source": [{"actorText": "army"}], "target": ""},
        {"text": "Nothing happened.", "event": "AGREE", "source": None, "target": None},
    ]
    metrics = evaluation.score_plover(
        records, {text: result, "Nothing happened.": {"events": []}}, common=common
    )
    assert metrics["records"] == 3 and metrics["out_of_schema"] == 1
    assert (
        metrics["coverage"] == 0.6667 and metrics["type_acc"] == 0.3333 and metrics["type_acc_covered"] == 0.5
    )
    assert metrics["actor_acc"] == 1.0  # "The Army" ~ "the army"
    assert metrics["target_acc"] == 0.0  # the protesters are a place argument here, not a target


def test_eval_gate_table_prints_minimums_and_marks_a_drop(evaluation: ModuleType) -> None:
    from rich.console import Console

    results = {
        "newsgraph": {"x.trigger_p": 0.5, "x.trigger_r": 0.4, "x.trigger_f1": 0.444, "x.coverage": 0.9},
        "spacy": {"x.trigger_p": None, "x.trigger_r": None, "x.trigger_f1": None, "x.coverage": None},
    }
    table = evaluation.render_table(results, {"x.trigger_r": 0.45, "x.coverage": 0.8})
    console = Console(width=200, record=True, color_system=None)
    console.print(table)
    lines = console.export_text().splitlines()
    trigger = next(line for line in lines if "trigger P / R / F1" in line)
    assert "0.500 / 0.400< / 0.444" in trigger and "– / – / –" in trigger and "– / 0.450 / –" in trigger
    coverage = next(line for line in lines if "coverage" in line)
    assert coverage.rstrip(" │").endswith("0.800") and "<" not in coverage


def test_eval_gate_holds_pinned_minimums(
    evaluation: ModuleType, minimums: dict[str, float], nlp: Any, shared_dir: Path
) -> None:
    started = time.perf_counter()
    results = evaluation.run_eval(
        shared_dir, only=GATED_DATASETS, systems=("newsgraph",), nlp=nlp, show_progress=False
    )
    measured = results["newsgraph"]
    problems = evaluation.compare(measured, minimums)
    assert not problems, (
        "quality gate: these metrics dropped below eval_baseline.json "
        f"(measured in {time.perf_counter() - started:.0f}s; run `make eval` for the full table):\n  "
        + "\n  ".join(problems)
    )
