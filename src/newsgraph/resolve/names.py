"""Person and organisation names as tokens: small pure functions, each testable alone.

A name goes through four steps:

1. ``running_order``: OFAC's "SURNAME, Given Names" becomes "Given Names SURNAME"
   (persons only; for organisations a comma is just punctuation).
2. ``fold`` (from ``nlp.names``): unidecode, casefold, apostrophes, ayn and hamza
   marks and full stops deleted, other punctuation a space.
3. ``name_tokens``: particles handled as units of meaning. Arabic articles
   (al-, el-, ad-, ar-, as-, ash-, at-, az-, ul- ...) are dropped; "Abdul Rahman",
   "Abd al-Rahman", "Abdel Rahman" and "Abdulrahman" become one unit
   "abd al rahman" (and "Abdallah", "Abd Allah" -> "abd allah"); kunyas "Abu X",
   "Umm X" are one unit "abu x"; "Nur al-Din" / "Nuruddin" -> "nur al din";
   "Aman Ullah" / "Amanullah" -> "aman allah"; bin/ibn/ben/bint/ould are dropped
   inside a name; titles (Dr, Sheikh, Hajji, Mullah ...) are dropped unless
   nothing else is left. For organisations, stop words are dropped and legal
   forms and generic words (company, ltd, group ...) are kept with a low weight.
4. ``token_key``: a phonetic-ish key that folds transliteration variants:
   doubled letters, a word-final "h" after a vowel (ta marbuta), q/k, ph/f,
   ch/sh, th/t, dh/d, dj/j, the diphthongs ai/ay/ei/ey and au/aw/ow, and every
   run of vowels to "a" ("Muhammad", "Mohammed", "Muhamad" -> "mahamad";
   "Husayn", "Hussein", "Hossein", "Hussain" -> "hasayn", while "Hasan" stays
   "hasan").

How the letter rules were chosen: on the Wikidata Arabic-English token lists
(``../shared/evaldata/wikidata_arabic_translit``, rows with count >= 2, 2,116
Arabic tokens with more than one English spelling), a rule was kept when it
joined more pairs of spellings of one Arabic token than it joined spellings of
different tokens. Doubled letters alone join 8% of the spelling pairs; the
consonant rules and diphthongs 19%; with vowel runs folded to "a" 56%, at about
one cross-token collision per token (collisions are fine for a comparison key:
``compare`` also scores the letters). Dropping every vowel joins 59% but makes
2.3 times as many collisions, so vowels are folded, not dropped. Rules tried and
not kept (fewer joins than collisions): kh -> h, gh -> g, j -> g, z -> s, w -> v.

The vocabulary lives in ``data/resolve_names.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..nlp.names import fold

TokenKind = Literal["name", "initial", "generic"]
Particle = Literal["", "abd", "kunya", "suffix", "article"]
NameKind = Literal["PERSON", "ORG"]

_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
_SILENT_E = re.compile(r"(?<=[aeiou][^aeiouy])e$")


@dataclass(frozen=True, slots=True)
class NameToken:
    """One unit of a name: "rubaie", "abd al rahman", "abu hamza", "m" (an initial)."""

    text: str  # folded words of the unit, single spaces
    key: str  # ``token_key`` of the unit
    kind: TokenKind  # "name", "initial" (one letter, persons) or "generic" (company, ltd ...)
    weight: float  # how much the unit counts when names are compared
    particle: Particle = ""  # "abd" (abd al X), "kunya" (abu X, umm X), "suffix" (X al din, X allah)
    core: str = ""  # the key of the unit without its particle ("abd al rahman" -> "rahman"'s key)


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name ready for comparison: its running-order folded text and its tokens.

    The other fields follow from the tokens, worked out once here because resolution
    compares one name with many: the tokens' weights and their sum, the longest unit of
    kind "name", the units of kind "name" without a space (``units``: index and token), each
    two neighbouring units of kind "name" (``joins``: the index of the first, the two written as
    one unit, ``joined_unit``, and the letters of both), and the initials of the units.
    """

    text: str
    tokens: tuple[NameToken, ...]
    weights: tuple[float, ...] = field(init=False, repr=False, compare=False)
    total: float = field(init=False, repr=False, compare=False)
    longest: int = field(init=False, repr=False, compare=False)
    units: tuple[tuple[int, NameToken], ...] = field(init=False, repr=False, compare=False)
    joins: tuple[tuple[int, NameToken, int], ...] = field(init=False, repr=False, compare=False)
    initials: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = self.tokens
        weights = tuple(token.weight for token in tokens)
        names = [token for token in tokens if token.kind == "name"]
        joins = []
        for i in range(len(tokens) - 1):
            first, second = tokens[i], tokens[i + 1]
            if first.kind == "name" and second.kind == "name":
                joins.append((i, joined_unit(first, second), len(first.text) + len(second.text)))
        setattr_ = object.__setattr__
        setattr_(self, "weights", weights)
        setattr_(self, "total", sum(weights))
        setattr_(self, "longest", max((len(token.text) for token in names), default=0))
        setattr_(
            self,
            "units",
            tuple((j, t) for j, t in enumerate(tokens) if t.kind == "name" and " " not in t.text),
        )
        setattr_(self, "joins", tuple(joins))
        setattr_(self, "initials", "".join(token.text[:1] for token in tokens))


def joined_unit(first: NameToken, second: NameToken) -> NameToken:
    """Two neighbouring units as one unit of kind "name", written as one word ("gholam" "reza"
    -> "gholamreza"): made once per name, since resolution compares one name with many."""
    text = first.text.replace(" ", "") + second.text.replace(" ", "")
    key = token_key(text)
    return NameToken(text, key, "name", first.weight + second.weight, "", key)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    articles: frozenset[str]
    abd_forms: frozenset[str]
    abd_forms_before_article: frozenset[str]
    allah_forms: frozenset[str]
    kunya_forms: frozenset[str]
    patronymics: frozenset[str]
    titles: frozenset[str]
    org_stopwords: frozenset[str]
    org_generic: frozenset[str]
    org_generic_weight: float
    initial_weight: float
    org_word_weight: dict[str, float]
    person_name_weight: dict[str, float]
    din_token: re.Pattern[str]
    din_glued: re.Pattern[str]
    allah_glued: re.Pattern[str]
    abd_allah_glued: re.Pattern[str]
    abd_glued: re.Pattern[str]
    kunya_glued: re.Pattern[str]
    glued_article: re.Pattern[str]
    letter_rules: tuple[tuple[re.Pattern[str], str], ...]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = json.loads(resources.files("newsgraph.data").joinpath("resolve_names.json").read_text("utf-8"))
    return _Vocabulary(
        articles=frozenset(raw["articles"]),
        abd_forms=frozenset(raw["abd_forms"]),
        abd_forms_before_article=frozenset(raw["abd_forms_before_article"]),
        allah_forms=frozenset(raw["allah_forms"]),
        kunya_forms=frozenset(raw["kunya_forms"]),
        patronymics=frozenset(raw["patronymics"]),
        titles=frozenset(raw["titles"]),
        org_stopwords=frozenset(raw["org_stopwords"]),
        org_generic=frozenset(raw["org_generic"]),
        org_generic_weight=float(raw["org_generic_weight"]),
        initial_weight=float(raw["initial_weight"]),
        org_word_weight={k: float(v) for k, v in raw["org_word_weight"].items()},
        person_name_weight={k: float(v) for k, v in raw["person_name_weight"].items()},
        din_token=re.compile(raw["din_token"]),
        din_glued=re.compile(rf"([a-z]{{3,}}?){raw['din_glued_suffix']}"),
        allah_glued=re.compile(rf"([a-z]{{3,}}?){raw['allah_glued_suffix']}"),
        abd_allah_glued=re.compile(raw["abd_allah_glued"]),
        abd_glued=re.compile(rf"{raw['abd_glued_prefix']}(?P<rest>[a-z]{{3,}})"),
        kunya_glued=re.compile(rf"{raw['kunya_glued_prefix']}([a-z]{{4,}})"),
        glued_article=re.compile(rf"{raw['glued_article_prefix']}([a-z]{{4,}})"),
        letter_rules=tuple((re.compile(a), b) for a, b in raw["letter_rules"]),
    )


def _read_counts(filename: str) -> Iterator[tuple[str, float]]:
    text = resources.files("newsgraph.data").joinpath(filename).read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, value = line.partition("\t")
            yield word, float(value)


@lru_cache(maxsize=1)
def _english_zipf() -> dict[str, float]:
    """wordfreq Zipf frequencies of English words (data/resolve_english_words.txt)."""
    return dict(_read_counts("resolve_english_words.txt"))


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Folded nationality words and short country names -> the folded country name
    (data/demonyms.json), and each country name to itself."""
    raw = json.loads(resources.files("newsgraph.data").joinpath("demonyms.json").read_text("utf-8"))
    out = {fold(str(k)): fold(str(v)) for k, v in raw["demonyms"].items()}
    out.update({fold(str(k)): fold(str(v)) for k, v in raw.get("country_aliases", {}).items()})
    out.update({v: v for v in list(out.values())})
    return {k: v for k, v in out.items() if k}


def country_of(word: str) -> str | None:
    """The country a folded nationality word or country name stands for: "peruvian" -> "peru"."""
    return countries().get(word)


def org_word_weight(word: str) -> float:
    """How much a word of an organisation's name says: 1 for rare words and proper names,
    down to the minimum for the commonest English words ("national", "bank")."""
    rule = _vocabulary().org_word_weight
    zipf = _english_zipf().get(word)
    if zipf is None:
        return 1.0
    share = (zipf - rule["rare_zipf"]) / (rule["common_zipf"] - rule["rare_zipf"])
    return max(rule["minimum"], min(1.0, 1.0 - (1.0 - rule["minimum"]) * share))


def person_name_weight(name: str) -> float:
    """How much a person-name unit says: 1 for a rare name, less for one common in English
    text ("john", "ali", "muhammad"; wordfreq Zipf, data/resolve_english_words.txt)."""
    rule = _vocabulary().person_name_weight
    zipf = _english_zipf().get(name, 0.0)
    return max(rule["minimum"], 1.0 - rule["per_zipf"] * max(0.0, zipf - rule["rare_zipf"]))


def running_order(name: str, *, kind: str = "PERSON") -> str:
    """OFAC's "SURNAME, Given Names[, Jr.]" in running order: "Given Names SURNAME [Jr.]".

    Only for persons, and only when there is something on both sides of the first
    comma; organisation names keep their order ("BANK X, LTD." is not reordered).
    """
    if kind != "PERSON" or "," not in name:
        return name.strip()
    surname, _, given = name.partition(",")
    given_parts = [part.strip() for part in given.split(",") if part.strip()]
    if not surname.strip() or not given_parts:
        return name.replace(",", " ").strip()
    return " ".join([given_parts[0], surname.strip(), *given_parts[1:]])


def normalise(name: str) -> str:
    """unidecode, casefold, apostrophes and ayn/hamza marks dropped, punctuation to space."""
    return fold(name)


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """A phonetic-ish key of one folded token (see the module notes for the rules).

    "mohammed", "muhammad", "mohamad" -> "mahamad"; "hussein", "husayn" -> "hasayn";
    "qadri", "kadri" -> "kadra"; "hamzah", "hamza" -> "hamza".
    """
    vocabulary = _vocabulary()
    text = _DOUBLED.sub(r"\1", token.replace(" ", ""))
    if len(text) > 3:
        text = _SILENT_E.sub("", _FINAL_H.sub("", text))
    for pattern, replacement in vocabulary.letter_rules:
        text = pattern.sub(replacement, text)
    return _DOUBLED.sub(r"\1", text.lower())


def _unit_key(text: str) -> str:
    """The key of a unit: the keys of its words, articles left out ("abd al rahman" -> "abd_rahman")."""
    articles = _vocabulary().articles
    return "_".join(token_key(word) for word in text.split() if word not in articles)


def _split_glued(word: str) -> str:
    """Glued particles written apart: "abdulrahman" -> "abd al rahman", "abubakar" -> "abu bakar"."""
    vocabulary = _vocabulary()
    if vocabulary.abd_allah_glued.fullmatch(word):
        return "abd allah"
    if len(word) >= 6 and (match := vocabulary.abd_glued.fullmatch(word)):
        return f"abd al {match.group('rest')}"
    if match := vocabulary.kunya_glued.fullmatch(word):
        return f"abu {match.group(1)}"
    if match := vocabulary.din_glued.fullmatch(word):
        return f"{match.group(1)} al din"
    if match := vocabulary.allah_glued.fullmatch(word):
        return f"{match.group(1)} allah"
    return word


def _skip_articles(words: list[str], start: int) -> int:
    """The index of the first word at or after ``start`` that is not an article (the last word stays)."""
    articles = _vocabulary().articles
    while start < len(words) - 1 and words[start] in articles:
        start += 1
    return start


def _is_abd(words: list[str], i: int) -> bool:
    """ "Abdul", "Abd", "Abdel" ... before a name, or "Abed", "Abdu" ... before an article and a name."""
    vocabulary = _vocabulary()
    if i >= len(words) - 1:
        return False
    if words[i] in vocabulary.abd_forms:
        return True
    return words[i] in vocabulary.abd_forms_before_article and words[i + 1] in vocabulary.articles


def _abd_unit(words: list[str], i: int) -> tuple[str, int]:
    """The unit "abd al X" (or "abd allah") that starts at ``words[i]``, and the index after it."""
    j = _skip_articles(words, i + 1)
    rest = "allah" if words[j] in _vocabulary().allah_forms else f"al {words[j]}"
    return f"abd {rest}", j + 1


def _units(words: list[str], *, kind: str) -> list[str]:
    """Join particles to the words they belong to and drop the ones that carry no identity."""
    vocabulary = _vocabulary()
    dropped = vocabulary.titles if kind == "PERSON" else vocabulary.org_stopwords
    expanded = [part for word in words for part in _split_glued(word).split()]
    units: list[str] = []
    i, n = 0, len(expanded)
    while i < n:
        word = expanded[i]
        inside = i < n - 1
        particle = word in vocabulary.articles or (i > 0 and word in vocabulary.patronymics)
        if word in dropped or (inside and particle):
            i += 1
        elif _is_abd(expanded, i):
            unit, i = _abd_unit(expanded, i)
            units.append(unit)
        elif inside and word in vocabulary.kunya_forms:
            head = "umm" if word.startswith(("u", "o")) else "abu"
            j = _skip_articles(expanded, i + 1)
            if _is_abd(expanded, j):
                unit, i = _abd_unit(expanded, j)
            else:
                unit, i = expanded[j], j + 1
            units.append(f"{head} {unit}")
        else:
            if units and vocabulary.din_token.fullmatch(word) and not units[-1].endswith(" al din"):
                units[-1] = f"{units[-1]} al din"
            elif units and word in vocabulary.allah_forms and not units[-1].endswith(" allah"):
                units[-1] = f"{units[-1]} allah"
            else:
                units.append("abd" if word in vocabulary.abd_forms else word)
            i += 1
    return units


def name_tokens(name: str, *, kind: str = "PERSON") -> tuple[str, ...]:
    """The units of a name in running order: "AL-RUBAIE, Dr. Karim" -> ("karim", "rubaie")."""
    return tuple(token.text for token in parse_name(name, kind=kind).tokens)


@lru_cache(maxsize=1 << 18)
def parse_name(name: str, *, kind: str = "PERSON") -> ParsedName:
    """Running order, fold, particles and keys (cached: resolution asks for a name many times)."""
    vocabulary = _vocabulary()
    ordered = running_order(name, kind=kind)
    text = normalise(ordered)
    words = text.split()
    units = _units(words, kind=kind)
    if not units:
        units = words
    elif len(units) == 1 and _given_article(ordered, kind=kind):
        units = [words[0], *units]
    tokens: list[NameToken] = []
    for unit in units:
        if kind == "PERSON" and len(unit) == 1:
            tokens.append(NameToken(unit, unit, "initial", vocabulary.initial_weight, "", unit))
            continue
        particle, core = _particle_and_core(unit)
        key = _unit_key(unit) or unit
        if kind != "PERSON" and unit in vocabulary.org_generic:
            tokens.append(NameToken(unit, key, "generic", vocabulary.org_generic_weight, particle, core))
        else:
            weight = person_name_weight(unit.split()[-1]) if kind == "PERSON" else org_word_weight(unit)
            tokens.append(NameToken(unit, key, "name", weight, particle, core))
    return ParsedName(text, tuple(tokens))


def _given_article(name: str, *, kind: str) -> bool:
    """A person's name of two words whose first, written apart in title case, is spelt like an
    assimilated article: a given name ("Ash Keller"); such an article is written joined
    ("ash-Keller"). "Al" / "El" written apart stay articles ("Al Qarvani"), and so does any
    article in a name in capitals ("ASH KELLER": the case tells nothing)."""
    raw = name.split()
    first = raw[0] if len(raw) == 2 else ""
    word = fold(first)
    return (
        kind == "PERSON"
        and first.isalpha()
        and first.istitle()
        and word in _vocabulary().articles
        and word not in SPACED_ARTICLES
    )


# Articles commonly written apart before a name ("Al Qarvani"): never read as a given name.
SPACED_ARTICLES = frozenset({"al", "el"})


def _particle_and_core(unit: str) -> tuple[Particle, str]:
    """Which particle a unit carries and the key of the rest: "abu hamza" -> ("kunya", "hamza")."""
    words = unit.split()
    if len(words) > 1 and words[0] == "abd":
        return "abd", _unit_key(" ".join(words[1:]))
    if len(words) > 1 and words[0] in ("abu", "umm"):
        return "kunya", _unit_key(" ".join(words[1:]))
    if len(words) > 1 and words[-1] in ("din", "allah"):
        return "suffix", _unit_key(" ".join(words[:-2] if words[-2] == "al" else words[:-1]))
    glued = _vocabulary().glued_article.fullmatch(unit)
    if glued:
        return "article", token_key(glued.group(1))
    return "", token_key(unit)
