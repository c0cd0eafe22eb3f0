"""Name keys: fold and place_key, each on small hand-made inputs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.nlp.names import fold, place_key, place_key_parts, place_key_parts_many


def test_names_fold_lowercases_and_strips_accents() -> None:
    assert fold("Qal‘at Şāliḩ") == "qalat salih"
    assert fold("Saint-Étienne") == "saint etienne"


def test_names_fold_turns_punctuation_and_hyphens_into_single_spaces() -> None:
    assert fold("  “Hello,”   she—said (twice)-over ") == "hello she said twice over"


def test_names_fold_deletes_apostrophes_and_full_stops_inside_words() -> None:
    assert fold("Al Sa'ir") == fold("Al Sa’ir") == fold("Al Sair") == "al sair"
    assert fold("U.S.") == "us"


def test_names_place_key_joins_spellings_with_and_without_arabic_article() -> None:
    spellings = ("Rummana", "Ar-Rummanah", "al-Rumana", "Al Rumana", "ar Rummanah")
    assert {place_key(t) for t in spellings} == {"rumana"}
    assert len({place_key(t) for t in ("al-Sair", "Al Sair", "Al Sa'ir", "Sair")}) == 1
    assert place_key("ash-Shedrani") == place_key("Shedrani")


def test_names_place_key_keeps_a_spanish_el_written_with_a_space() -> None:
    assert place_key("El Salvador") != place_key("Salvador")
    assert place_key("el-Marish") == place_key("Marish")


def test_names_place_key_drops_a_leading_the() -> None:
    assert place_key("The Hague") == place_key("Hague")
    assert place_key("the Netherlands") == place_key("Netherlands")


def test_names_place_key_keeps_a_lone_article() -> None:
    assert place_key("Al") == "al"
    assert place_key("The") == "the"


def test_names_place_key_collapses_doubled_letters_and_a_final_h_after_a_vowel() -> None:
    assert place_key("Rummanah") == place_key("Rumana") == "rumana"
    assert place_key("Kelmush") == "kelmush"  # no vowel before a final h: nothing to drop


def test_names_place_key_parts_reports_the_article_and_the_plain_fold() -> None:
    parts = place_key_parts("Ar-Rummanah")
    assert (parts.article, parts.key, parts.folded) == ("ar", "rumana", "rummanah")
    assert place_key_parts("Rummana").article == ""


def test_names_place_key_parts_many_handles_no_names() -> None:
    assert place_key_parts_many([]) == []


@given(st.lists(st.text(max_size=30), max_size=8))
def test_names_place_key_parts_many_is_place_key_parts_of_each(texts: list[str]) -> None:
    assert place_key_parts_many(texts) == [place_key_parts(text) for text in texts]
