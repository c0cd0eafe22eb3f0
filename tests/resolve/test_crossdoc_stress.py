"""The cross-document measure: its scoring and its copy makers on invented data, and the
synthetic stress set (generated in code from the shared news-dev reports) fully right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="module")
def crossdoc(benchmark_module: Callable[..., ModuleType]) -> ModuleType:
    return benchmark_module("crossdoc")


@pytest.fixture(scope="module")
def stress(benchmark_module: Callable[..., ModuleType]) -> ModuleType:
    return benchmark_module("crossdoc_stress")


def test_crossdoc_scores_pairs_across_documents_and_bcubed(crossdoc: ModuleType) -> None:
    # three documents; "keller" in all three, "front" in two; the prediction joins d3's keller
    # with the front of d2 and splits nothing else
    referent = {
        ("d1", "PERSON", "keller"): "keller",
        ("d2", "PERSON", "keller"): "keller",
        ("d3", "PERSON", "keller"): "keller",
        ("d1", "ORG", "front"): "front",
        ("d2", "ORG", "front"): "front",
    }
    canonical = {
        ("d1", "PERSON", "keller"): "p1",
        ("d2", "PERSON", "keller"): "p1",
        ("d3", "PERSON", "keller"): "p2",
        ("d1", "ORG", "front"): "o1",
        ("d2", "ORG", "front"): "o1",
    }
    figures = crossdoc.score_items(referent, canonical, total=6)
    assert figures["gold_pairs"] == 4 and figures["pred_pairs"] == 2
    assert figures["pair_p"] == 1.0 and figures["pair_r"] == 0.5
    assert figures["bcubed_p"] == 1.0
    assert figures["bcubed_r"] == round((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 4)
    assert figures["coverage"] == round(5 / 6, 4)
    merged = {**canonical, ("d3", "PERSON", "keller"): "o1"}
    assert crossdoc.score_items(referent, merged, total=6)["pair_p"] < 1.0


def test_crossdoc_gold_joins_a_value_with_a_longer_one_that_ends_with_it(crossdoc: ModuleType) -> None:
    assert crossdoc._ends_with("interior minister anna keller", "keller")
    assert not crossdoc._ends_with("keller", "keller") and not crossdoc._ends_with("anna keller", "anna")


def test_stress_copies_change_what_they_say_and_keep_the_rest(stress: ModuleType) -> None:
    text = "The Korvik Relief Agency (KRA) met Anna Keller. KRA said so.\nKeller left."
    entities = {
        "kra": {"type": "ORG", "names": ["Korvik Relief Agency", "KRA"]},
        "keller": {"type": "PERSON", "names": ["Anna Keller", "Minister Anna Keller"]},
    }
    spaced = stress.respaced(text)
    assert spaced.split() == text.split() and spaced != text
    alias_text, alias_entities, changed = stress.acronym_only(text, entities)
    assert changed == ["kra"] and "Relief" not in alias_text and alias_entities["kra"]["names"] == ["KRA"]
    namesake_text, namesake_entities, persons = stress.namesakes(text, entities)
    assert persons == ["keller"] and "Anna" not in namesake_text and "Keller left" in namesake_text
    other = namesake_entities["keller"]["names"]
    assert other[0].endswith(" Keller") and other[1] == "Minister " + other[0]
    assert entities["keller"]["names"] == ["Anna Keller", "Minister Anna Keller"]  # the original is kept


def test_stress_set_is_fully_right(stress: ModuleType, shared_dir: Path, nlp: Any) -> None:
    if not (shared_dir / "eval" / "news-dev").is_dir():
        pytest.skip("no news-dev reports")
    result = stress.run_stress(shared_dir, nlp=nlp)
    assert result.variants.get("space", 0) >= 5
    assert result.variants.get("alias", 0) >= 1 and result.variants.get("namesake", 0) >= 5
    assert result.checks >= 500
    assert result.failures == []
