"""Name and profile comparison, each rule on hand-made names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.resolve.compare import (
    SAME_NAME_THRESHOLD,
    Profile,
    birth_years_conflict,
    is_abbreviation,
    name_score,
    profile_score,
    same_name,
    unit_similarity,
)
from newsgraph.resolve.names import parse_name


def test_compare_word_order_and_ofac_form_do_not_count() -> None:
    assert name_score("Karim al-Zemmari", "AL-ZEMMARI, Karim") == 1.0
    assert name_score("Muhammad Hasan", "Hasan Muhammad") == 1.0


def test_compare_abd_and_article_spellings_match() -> None:
    assert same_name("Abdul Rahman al-Qelmani", "Abd al-Rahman Qelmani")
    assert same_name("Abdel Rahman Kelmani", "Abdulrahman al-Qelmani")


def test_compare_transliteration_variants_match() -> None:
    assert name_score("Mohammed Hussein", "Muhammad Husayn") >= 0.9
    assert same_name("Dirawiya, Nayif", "Nayif Dirawiyeh")
    assert same_name("Farzadi, Gholamreza", "Gholam Reza Farzady")


def test_compare_missing_middle_name_costs_little() -> None:
    full = "Karim Muhammad Salim al-Zemmari"
    assert 0.85 <= name_score("Karim al-Zemmari", full) < 1.0


def test_compare_different_given_names_are_a_conflict() -> None:
    assert name_score("Samir al-Zemmari", "Nabil al-Zemmari") < SAME_NAME_THRESHOLD
    assert not same_name("Omar Faris al-Zemmari", "Tariq Faris al-Zemmari")


def test_compare_kunya_is_not_the_name() -> None:
    assert name_score("Abu Hasan", "Hasan") < SAME_NAME_THRESHOLD
    assert same_name("Abu Yasir al-Tulbaie", "Abu Yaser Tulbaiy")


def test_compare_initials_match_their_names() -> None:
    assert same_name("M. Ali Tarvani", "Muhammad Ali Tarvani")
    assert not same_name("K. Ali Tarvani", "Muhammad Ali Tarvani")


def test_compare_abbreviations() -> None:
    assert is_abbreviation("mohd", "mohammed")
    assert is_abbreviation("intl", "international")
    assert not is_abbreviation("ali", "alawi")
    assert is_abbreviation("elec", "electronic", prefix=True)
    assert not is_abbreviation("elec", "electronic")


def test_compare_organisations_acronyms_and_legal_forms() -> None:
    assert same_name("NATIONAL WATER SUPPLY AUTHORITY", "NWSA", kind="ORG")
    assert same_name("ZENTRIX", "ZENTRIX COMPANY", kind="ORG")
    assert not same_name("SEPAND CEMENT COMPANY", "ZENTRIX CEMENT COMPANY", kind="ORG")


def test_compare_joined_units_match_their_parts() -> None:
    assert same_name("GREEN FIELD TRADING", "GREENFIELD TRADING", kind="ORG")


def test_compare_unit_similarity_is_zero_below_the_floor() -> None:
    a, b = parse_name("Tulbaie").tokens[0], parse_name("Kent").tokens[0]
    assert unit_similarity(a, b) == 0.0


names = st.text(alphabet=st.sampled_from("abdehiklmnorsuyz -,'"), max_size=30)


@given(names, names)
def test_compare_name_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = name_score(a, b)
    assert 0.0 <= score <= 1.0
    assert abs(score - name_score(b, a)) < 1e-9


def _profile(pid: str, name: str, **context: frozenset[str] | frozenset[int]) -> Profile:
    return Profile(pid, "PERSON", (name,), **context)  # type: ignore[arg-type]


def test_compare_profile_kinds_never_match() -> None:
    a = Profile("a", "PERSON", ("Jordan",))
    b = Profile("b", "PLACE", ("Jordan",))
    assert profile_score(a, b) == 0.0


def test_compare_profile_best_alias_counts() -> None:
    a = Profile("a", "PERSON", ("Abu Yasir al-Tulbaie", "Ibrahim Awad al-Dirawi"))
    b = Profile("b", "PERSON", ("Ibrahim Awwad al-Dirawi",))
    assert profile_score(a, b) >= 0.9


def test_compare_profile_context_raises_a_close_name() -> None:
    bare = profile_score(_profile("a", "Omar Tulbaie"), _profile("b", "Omar Tulbaiy"))
    shared = frozenset({"qasrana", "tarn shura council"})
    context = profile_score(
        _profile("a", "Omar Tulbaie", neighbours=shared, places=frozenset({"qasrana"})),
        _profile("b", "Omar Tulbaiy", neighbours=shared, places=frozenset({"qasrana"})),
    )
    assert bare < context <= 1.0


def test_compare_profile_context_never_joins_unlike_names() -> None:
    shared = frozenset({"qasrana", "kelmora", "tal hasrun", "tarn front"})
    score = profile_score(
        _profile("a", "Omar Tulbaie", neighbours=shared), _profile("b", "Kent", neighbours=shared)
    )
    assert score == 0.0


def test_compare_profile_birth_year_conflict_pulls_down() -> None:
    agree = profile_score(
        _profile("a", "Omar Tulbaie", birth_years=frozenset({1970})),
        _profile("b", "Omar Tulbaie", birth_years=frozenset({1971})),
    )
    conflict = profile_score(
        _profile("a", "Omar Tulbaie", birth_years=frozenset({1970})),
        _profile("b", "Omar Tulbaie", birth_years=frozenset({1985})),
    )
    assert agree == 1.0
    assert conflict < SAME_NAME_THRESHOLD
    assert birth_years_conflict(frozenset({1970}), frozenset({1985}))
    assert not birth_years_conflict(frozenset({1970}), frozenset())
