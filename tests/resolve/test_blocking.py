"""Blocking: variants meet, kinds stay apart, the work per name does not grow with the crowd."""

from __future__ import annotations

from newsgraph.resolve.blocking import MAX_ROTATIONS, WINDOW, candidate_pairs, sort_keys, unit_keys
from newsgraph.resolve.compare import Profile


def people(*names: str, kind: str = "PERSON") -> list[Profile]:
    return [Profile(f"p{i}", kind, (name,)) for i, name in enumerate(names)]


def test_blocking_unit_keys_fold_spellings_and_skip_legal_forms() -> None:
    assert unit_keys("Mohammed Hussein") == unit_keys("HUSAYN, Muhammad")
    assert unit_keys("FARATECH COMPANY LTD", kind="ORG") == unit_keys("Faratech", kind="ORG")


def test_blocking_sort_keys_one_per_unit_kind_first() -> None:
    keys = sort_keys("Karim al-Rubaie")
    assert len(keys) == 2
    assert all(key.startswith("PERSON|") for key in keys)
    assert len(sort_keys("A B C D E F G")) == MAX_ROTATIONS


def test_blocking_variants_and_subnames_meet() -> None:
    profiles = people(
        "Karim al-Rubaie",
        "Nayif Dirawiya",
        "RUBAIY, Kareem",
        "Rubaie",
        "Dirawiyeh, Nayif",
        "Hasan Muhammad",
        "Muhammad Hasan",
    )
    pairs = set(candidate_pairs(profiles))
    assert {(0, 2), (0, 3), (2, 3), (1, 4), (5, 6)} <= pairs


def test_blocking_kinds_never_meet() -> None:
    profiles = [Profile("a", "PERSON", ("Jordan",)), Profile("b", "PLACE", ("Jordan",))]
    assert list(candidate_pairs(profiles)) == []


def test_blocking_pairs_are_ordered_unique_and_bounded() -> None:
    profiles = people(
        *[f"Muhammad Ali {suffix}" for suffix in ("Hasan", "Husayn", "Omar", "Umar", "Zaid")] * 20
    )
    pairs = list(candidate_pairs(profiles))
    assert pairs == sorted(set(pairs))
    assert all(i < j for i, j in pairs)
    # n * keys * WINDOW at most, however alike the names are: 100 names, not 100 * 99 / 2 pairs.
    assert len(pairs) <= len(profiles) * 3 * WINDOW
