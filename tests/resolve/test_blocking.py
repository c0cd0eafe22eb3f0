"""Blocking: variants meet, kinds stay apart, the work per name does not grow with the crowd."""

from __future__ import annotations

from newsgraph.resolve.blocking import (
    BLOCK_CAP,
    BLOCK_WINDOW,
    MAX_ROTATIONS,
    RUN_CAP,
    RUN_WINDOW,
    SOUND_DIGITS,
    WINDOW,
    _block_pairs,
    candidate_pairs,
    pair_keys,
    sort_keys,
    sound_code,
    unit_keys,
)
from newsgraph.resolve.compare import Profile
from newsgraph.resolve.names import parse_name


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


def test_blocking_sound_code_joins_consonant_spellings() -> None:
    assert sound_code("bento") == sound_code("pinto") == "153"
    assert sound_code("haydar") == sound_code("hadar")
    assert sound_code("sisoko") == sound_code("cisokho")
    assert sound_code("kadar") == sound_code("qadir")
    assert sound_code("karvelin") != sound_code("maltesen")
    assert len(sound_code("brantovelsky")) == SOUND_DIGITS


def test_blocking_pair_keys_one_unit_with_the_sound_of_another() -> None:
    keys = pair_keys(parse_name("Talvik Brenner"), "PERSON")
    assert keys == sorted(keys) and len(keys) == 2
    assert all(key.startswith("PERSON|") for key in keys)
    assert set(keys) & set(pair_keys(parse_name("Talvik Prenner"), "PERSON"))
    assert pair_keys(parse_name("Korvik"), "ORG") == ["ORG|karvak|"]


def crowd(lead: str, count: int) -> list[str]:
    """Invented namesakes of ``lead`` whose other unit sorts between "b..." and "p...", each
    of a different sound (so that none of them shares a pair key with the planted pair)."""
    letters = "cdfglmnrst"
    return [
        f"{lead} {letters[i % 10]}{'aeiou'[i // 10 % 5]}{letters[i // 50 % 10]}ovan" for i in range(count)
    ]


def test_blocking_respelled_unit_meets_its_original_through_a_crowd() -> None:
    names = ["Talvik Brenner", *crowd("Talvik", 60), "Talvik Prenner"]
    pairs = set(candidate_pairs(people(*names)))
    assert (0, len(names) - 1) in pairs


def test_blocking_dropped_middle_name_meets_its_original_through_a_crowd() -> None:
    names = ["Anna Veska Korlund", *crowd("Anna", 60), "Anna Korlund"]
    pairs = set(candidate_pairs(people(*names)))
    assert (0, len(names) - 1) in pairs


def test_blocking_small_pair_key_block_is_compared_in_full() -> None:
    names = [f"Talvik {first}renner" for first in ("B", "P", "Ph", "V")]
    names += crowd("Talvik", 40)
    pairs = set(candidate_pairs(people(*names)))
    assert {(i, j) for i in range(4) for j in range(i + 1, 4)} <= pairs


def test_blocking_namesakes_stand_for_each_other() -> None:
    # "Frenner" has the units of "Phrenner" (ph/f fold): the two meet, and in the pair-key block
    # the first of them stands for both, so "Frenner" meets the others through "Phrenner".
    names = [f"Talvik {first}renner" for first in ("B", "P", "Ph", "V", "F")]
    names += crowd("Talvik", 40)
    pairs = set(candidate_pairs(people(*names)))
    assert (2, 4) in pairs
    assert {(i, j) for i in range(4) for j in range(i + 1, 4)} <= pairs


def test_blocking_a_long_run_of_namesakes_is_a_chain() -> None:
    # 40 namesakes (one set of units) and a variant: the namesakes form a chain, not 780 pairs,
    # and the variant meets the first of them.
    names = ["Talvik Brenner"] * 40 + ["Talvik Brenners"]
    pairs = set(candidate_pairs(people(*names)))
    assert {(i, i + 1) for i in range(39)} <= pairs
    assert len([p for p in pairs if p[1] < 40]) <= 40 * RUN_WINDOW
    assert any(j == 40 for _i, j in pairs)
    assert RUN_CAP < 40


def test_blocking_common_pair_key_block_is_capped() -> None:
    # 300 names of one pair key ("talvik" with the sound of "brenner"): far over the cap, so each
    # meets a bounded number of others, not all 299.
    names = [f"Talvik Brenner {suffix}" for suffix in crowd("", 300)]
    profiles = people(*names)
    pairs = list(candidate_pairs(profiles))
    assert pairs == sorted(set(pairs))
    keys = len(sort_keys(names[0])) + len(pair_keys(parse_name(names[0]), "PERSON"))
    assert len(pairs) <= len(profiles) * keys * max(WINDOW, BLOCK_WINDOW)
    assert len(pairs) < len(profiles) * (len(profiles) - 1) / 2 / 10
    assert BLOCK_CAP < 300


def test_blocking_a_block_in_full_costs_no_more_per_member_than_a_capped_one() -> None:
    # Pairs per member of pair-key blocks of distinct names, from two to ten times the cap: they
    # never pass BLOCK_WINDOW, at the cap (in full) or over it, so that the pairs per name do not
    # grow as blocks fill up towards the cap in a growing store.
    for size in range(2, 10 * BLOCK_CAP):
        members = list(range(size))
        packed: set[int] = set()
        _block_pairs(members, [f"name {index:03d}" for index in members], [""] * size, packed)
        assert len(packed) <= size * BLOCK_WINDOW
        if size <= BLOCK_CAP:
            assert len(packed) == size * (size - 1) // 2


def test_blocking_entities_of_one_document_meet_in_a_capped_block() -> None:
    # 40 names of one pair key, each from its own report but the first and the last, which one
    # report told apart: the two are compared (their wall needs no score), though they lie far
    # apart in the block; from two reports they are not.
    names = [f"Talvik Brenner {suffix}" for suffix in crowd("", 40)]

    def pairs(first: str, last: str) -> set[tuple[int, int]]:
        ids = [first, *(f"report{i}/e1" for i in range(1, len(names) - 1)), last]
        return set(candidate_pairs([Profile(pid, "PERSON", (n,)) for pid, n in zip(ids, names, strict=True)]))

    assert (0, len(names) - 1) in pairs("report0/e1", "report0/e2")
    assert (0, len(names) - 1) not in pairs("report0/e1", "report99/e1")
