"""The quality gate: the extractor on real annotated articles must not fall below
the minimums pinned in eval_baseline.json (metric name -> minimum).

The figures come from benchmarks/eval.py (the referee scorers in shared/eval).
Raise a minimum when a change improves a figure; lowering one is a deliberate,
visible act: edit eval_baseline.json in its own commit and say why.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

GATED_DATASETS = ("dev", "re3d")


def load_eval(repo_dir: Path) -> ModuleType:
    """benchmarks/eval.py as a module (benchmarks/ is not a package)."""
    name = "newsgraph_benchmarks_eval"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, repo_dir / "benchmarks" / "eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation(repo_dir: Path) -> ModuleType:
    return load_eval(repo_dir)


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


def test_eval_gate_baseline_is_well_formed(minimums: dict[str, float]) -> None:
    assert minimums, "eval_baseline.json pins no metric"
    for name, minimum in minimums.items():
        assert name.split(".", 1)[0] in GATED_DATASETS, f"{name}: not a gated dataset"
        assert isinstance(minimum, int | float) and 0.0 <= minimum <= 1.0, f"{name}: {minimum!r}"


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
