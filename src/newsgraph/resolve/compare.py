"""Comparing names and profiles: small pure functions, kept apart from blocking and clustering.

``name_score(a, b)`` is the score that ``newsgraph match`` prints and resolution
uses. The two names are parsed into units (``resolve.names``); every unit of one
name is compared with every unit of the other, and with two neighbouring units
written as one ("Green Field" / "Greenfield", "Gholam Reza" / "Gholamreza"); for
organisations a short unit may also be the initials of a run of units ("NWSA").
The best one-to-one alignment is taken greedily, so word order does not count.
Each side's *cover* is the weighted share of its units that found a partner,
scaled by how alike the partners are (units weigh by how much they say: a common
name or a common English word in an organisation's name weighs less, see
``resolve.names``). Each side's *unmatched* share is the weight without a partner
(a partner less alike than two spellings of one key counts in part). The score
is the cover of the shorter name, lowered a little for what the longer name has
on top, and lowered one for one by the *conflict*, the share that both names
leave unmatched:

    score = cover(short) * (1 - EXTRA_COST * (1 - cover(long)))
            - CONFLICT_COST * min(unmatched(short), unmatched(long))    (clipped to [0, 1])

so "Karim al-Rubaie" against "Karim Muhammad Salim al-Rubaie" stays high (a
missing middle name costs little), while "Samir al-Rubaie" against
"Nabil al-Rubaie" falls to 0: each has a given name the other lacks, which is
evidence of two people (brothers), not of one.

``SAME_NAME_THRESHOLD``, the line ``same_name`` draws, was set by the rule of
issue #4: the lowest score that keeps at least 97% of the hard negative pairs of
the OFAC development set (``me_name_pairs.tsv``, different entities that share a
rare name token) apart. ``benchmarks/resolve_eval.py`` measures it again and
prints the value the rule gives now; the constant is that value, rounded up to
two decimals, and nothing else was fitted to the pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz.distance import Levenshtein

from .names import NameToken, ParsedName, Particle, country_of, parse_name

# What the longer name's unmatched share costs: 0 would make "A B" and "A B C D E"
# a perfect match, 1 would make a missing middle name as bad as a wrong one.
EXTRA_COST = 0.25
# What a conflict costs: the share of weight that *both* names have unmatched ("Samir" against
# "Nabil" in two "al-Rubaie"s). 1: contradicting evidence cancels matching evidence one for one.
CONFLICT_COST = 1.0
# Two strings whose lengths differ more than this cannot reach MIN_UNIT_SIMILARITY by Levenshtein.
_MIN_LENGTH_RATIO = 0.6 / 0.95
# Letters of two units that start differently (after folding) count this much less.
OTHER_FIRST_LETTER = 0.9
# Two units below this similarity are not partners.
MIN_UNIT_SIMILARITY = 0.6
# Units with the same key but different letters: the key is a fold, not an identity.
SAME_KEY_SIMILARITY = 0.95
# An initial against a unit that starts with its letter; an abbreviation against its word.
INITIAL_SIMILARITY = 0.9
ABBREVIATION_SIMILARITY = 0.85
# An organisation's acronym against the run of words it stands for: "nwsa".
ACRONYM_SIMILARITY = 0.9
MAX_ACRONYM = 6
# One word of a compound against the compound written as one word: "reza" / "seyedreza".
COMPOUND_SIMILARITY = 0.75
# A unit against one that lacks its particle: "abd al karim" / "karim", "nur al din" / "nur".
PARTICLE_AGAINST_NAME = 0.8
# A kunya against a name: "abu hasan" / "hasan" (a different name, not a spelling).
KUNYA_AGAINST_NAME = 0.6
# A glued article against the bare name: "alkarimi" / "karimi".
GLUED_ARTICLE = 0.9
# The decision line of ``same_name`` (see the module notes for how it was set).
SAME_NAME_THRESHOLD = 0.53

# Context weights of ``profile_score`` (see there).
NEIGHBOUR_BONUS = 0.08
PLACE_BONUS = 0.04
ROLE_BONUS = 0.03
CONTEXT_BONUS_CAP = 0.15
BIRTH_YEAR_CONFLICT = 0.5


def _letters(x: str, y: str) -> float:
    """0.95 times the Levenshtein similarity, less when the first letters differ (spellings of one
    name keep their first sound once keys are folded: "Samir" is not a spelling of "Bashir").
    0 where the lengths alone show that it would fall below ``MIN_UNIT_SIMILARITY``."""
    if x == y:
        return 1.0
    short, long = (len(x), len(y)) if len(x) <= len(y) else (len(y), len(x))
    if short < _MIN_LENGTH_RATIO * long:
        return 0.0
    similarity = SAME_KEY_SIMILARITY * Levenshtein.normalized_similarity(x, y)
    return similarity if x[:1] == y[:1] else similarity * OTHER_FIRST_LETTER


def is_abbreviation(short: str, long: str, *, prefix: bool = False) -> bool:
    """A contraction, the start and the end of a word ("mohd" of "mohammed", "intl" of
    "international"), ending in a consonant; with ``prefix`` also the start alone, of at
    least three letters ("elec" of "electronic", for organisations)."""
    if not short.isalpha() or not 2 <= len(short) <= 4 or len(long) < len(short) + 2:
        return False
    if long.startswith(short):
        return prefix and len(short) >= 3
    if short[-1] in "aeiouy":
        return False
    return any(long.startswith(short[:i]) and long.endswith(short[i:]) for i in range(1, len(short)))


def is_compound_part(short: str, long: str) -> bool:
    """One word of a compound written as one: "reza" of "seyedreza", "noor" of "noorullah"."""
    return (
        short.isalpha()
        and len(short) >= 4
        and len(long) >= len(short) + 3
        and (long.startswith(short) or long.endswith(short))
    )


def _particle_factor(a: Particle, b: Particle) -> float:
    if "kunya" in (a, b):
        return KUNYA_AGAINST_NAME
    if "article" in (a, b) and "" in (a, b):
        return GLUED_ARTICLE
    return PARTICLE_AGAINST_NAME


def unit_similarity(a: NameToken, b: NameToken, *, kind: str = "PERSON") -> float:
    """How alike two units are, in [0, 1] (0 below ``MIN_UNIT_SIMILARITY``).

    1 for the same letters; 0.95 for the same key; otherwise 0.95 times the
    Levenshtein similarity of the keys or of the letters, whichever is higher. A
    unit with a particle is compared by what follows the particle: two kunyas by
    their names ("abu yasir" / "abu yaser"), and a unit against one without that
    particle at a discount ("abd al karim" / "karim" 0.8; a kunya against a name
    0.6, since "Abu Hasan" is not "Hasan"). An initial matches a unit that starts
    with its letter (0.9); an abbreviation ("mohd", "intl") its word (0.85); one
    word of a compound written as one word ("reza" / "seyedreza") 0.75.
    """
    x, y = a.text, b.text
    if x == y:
        return 1.0
    if a.kind == "initial" or b.kind == "initial":
        initial, other = (a, b) if a.kind == "initial" else (b, a)
        return INITIAL_SIMILARITY if other.text.startswith(initial.text) else 0.0
    if a.key == b.key:
        return SAME_KEY_SIMILARITY
    if kind != "PERSON" and (country := country_of(x)) is not None and country == country_of(y):
        return SAME_KEY_SIMILARITY  # an organisation's "Peruvian X" is its "X of Peru"
    particle_a, particle_b = a.particle, b.particle
    if particle_a == particle_b:
        best = _letters(a.core, b.core)
        if not particle_a:
            letters = _letters(x, y)
            if letters > best:
                best = letters
    else:
        best = _particle_factor(particle_a, particle_b) * max(
            _letters(a.core, b.core), _letters(a.core, b.key), _letters(a.key, b.core)
        )
    if best < ABBREVIATION_SIMILARITY and not particle_a and not particle_b:
        short, long = (x, y) if len(x) <= len(y) else (y, x)
        size, longer = len(short), len(long)
        # The length tests of ``is_abbreviation`` and ``is_compound_part`` first: most pairs fail them.
        if 2 <= size <= 4 and longer >= size + 2 and is_abbreviation(short, long, prefix=kind != "PERSON"):
            best = ABBREVIATION_SIMILARITY
        elif (
            best < COMPOUND_SIMILARITY and size >= 4 and longer >= size + 3 and is_compound_part(short, long)
        ):
            best = COMPOUND_SIMILARITY
    return best if best >= MIN_UNIT_SIMILARITY else 0.0


def _similarity(a: NameToken, b: NameToken, person: bool) -> float:
    """``unit_similarity``, remembered by the units' letters (it is symmetric, and a unit's
    key, particle and core follow from its letters): resolution meets the same units often."""
    x, y = a.text, b.text
    if x == y:
        return 1.0
    key = (x, y, person) if x <= y else (y, x, person)
    similarity = _SIMILARITIES.get(key)
    if similarity is None:
        if len(_SIMILARITIES) >= _MAX_SIMILARITIES:
            _SIMILARITIES.clear()
        similarity = _SIMILARITIES[key] = unit_similarity(a, b, kind="PERSON" if person else "ORG")
    return similarity


_SIMILARITIES: dict[tuple[str, str, bool], float] = {}
# Entries kept before the cache starts again (about 110 bytes each).
# A million names meet tens of millions of unit pairs; at 100k names, 2M entries made 5.46M
# misses where no cap made 4.36M. The 10.1M candidate pairs of 1M names meet 48.3M distinct
# unit pairs: a cap of 8M entries made 74.6M misses (the cache started again 9 times), this one
# makes none, and scoring took 469 s of CPU against 516 s.
_MAX_SIMILARITIES = 1 << 26


# A pairing of units: (-similarity, -units in it, left indices, right indices, left mask, right
# mask). Sorting these tuples puts the best first (ties: more units, then earliest); the masks
# follow from the indices and never decide the order.
_Pairing = tuple[float, int, tuple[int, ...], tuple[int, ...], int, int]


def _candidates(a: ParsedName, b: ParsedName, *, kind: str) -> list[_Pairing]:
    """Every pairing of units worth considering, best first (ties: more units, then earliest)."""
    person = kind == "PERSON"
    pairs: list[_Pairing] = []
    append = pairs.append
    tokens_b = b.tokens
    for i, x in enumerate(a.tokens):
        for j, y in enumerate(tokens_b):
            similarity = _similarity(x, y, person)
            if similarity > 0.0:
                append((-similarity, -2, (i,), (j,), 1 << i, 1 << j))
    forward, backward = _runs_against_units(a, b, person=person), _runs_against_units(b, a, person=person)
    if not person:
        forward.extend(_acronyms(a, b))
        backward.extend(_acronyms(b, a))
    for run, single, similarity in forward:
        append((-similarity, -len(run) - 1, run, single, _mask(run), 1 << single[0]))
    for run, single, similarity in backward:
        append((-similarity, -len(run) - 1, single, run, 1 << single[0], _mask(run)))
    pairs.sort()
    return pairs


def _mask(indices: tuple[int, ...]) -> int:
    mask = 0
    for i in indices:
        mask |= 1 << i
    return mask


def _runs_against_units(
    first: ParsedName, second: ParsedName, *, person: bool
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Two neighbouring units of ``first`` written as one unit of ``second`` ("green field" /
    "greenfield")."""
    runs: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    longest = second.longest
    for i, joined, letters in first.joins:
        if longest < _MIN_LENGTH_RATIO * letters:
            continue
        shortest = _MIN_LENGTH_RATIO * len(joined.text)
        for j, y in second.units:
            if len(y.text) < shortest:
                continue
            similarity = _similarity(joined, y, person)
            if similarity > 0.0:
                runs.append(((i, i + 1), (j,), similarity))
    return runs


def _acronyms(
    first: ParsedName, second: ParsedName
) -> Iterable[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Runs of units of ``first`` whose initials are a unit of ``second`` (organisations)."""
    initials = first.initials
    for j, y in enumerate(second.tokens):
        if y.kind != "name" or not 2 <= len(y.text) <= MAX_ACRONYM or y.text not in initials:
            continue
        start = initials.find(y.text)
        while start >= 0:
            yield tuple(range(start, start + len(y.text))), (j,), ACRONYM_SIMILARITY
            start = initials.find(y.text, start + 1)


@dataclass(frozen=True, slots=True)
class _Side:
    cover: float  # similarity-weighted share of the weight that found a partner
    unmatched: float  # share of the weight that found no partner of the same key (soft)
    total: float  # the weight of the name


def _align(a: ParsedName, b: ParsedName, *, kind: str) -> tuple[_Side, _Side]:
    """Greedy one-to-one alignment of the units, best pairs first."""
    weights_a, weights_b = a.weights, b.weights
    used_a = used_b = 0
    covered_a = covered_b = matched_a = matched_b = 0.0
    for negative, _size, left, right, mask_a, mask_b in _candidates(a, b, kind=kind):
        if used_a & mask_a or used_b & mask_b:
            continue
        used_a |= mask_a
        used_b |= mask_b
        similarity = -negative
        weight_a = weights_a[left[0]] if len(left) == 1 else sum(weights_a[i] for i in left)
        weight_b = weights_b[right[0]] if len(right) == 1 else sum(weights_b[j] for j in right)
        agreement = min(1.0, similarity / SAME_KEY_SIMILARITY)
        matched_a += agreement * weight_a
        matched_b += agreement * weight_b
        covered_a += similarity * weight_a
        covered_b += similarity * weight_b
    total_a, total_b = a.total, b.total
    return (
        _Side(covered_a / total_a, 1.0 - matched_a / total_a, total_a),
        _Side(covered_b / total_b, 1.0 - matched_b / total_b, total_b),
    )


def parsed_score(a: ParsedName, b: ParsedName, *, kind: str = "PERSON") -> float:
    """``name_score`` of two names already parsed (resolution parses each name once)."""
    if not a.tokens or not b.tokens:
        return 0.0
    if a.text == b.text:
        return 1.0
    side_a, side_b = _align(a, b, kind=kind)
    short, long = (
        (side_a, side_b)
        if (side_a.total, -side_a.cover) <= (side_b.total, -side_b.cover)
        else (side_b, side_a)
    )
    conflict = min(short.unmatched, long.unmatched)
    score = short.cover * (1.0 - EXTRA_COST * (1.0 - long.cover)) - CONFLICT_COST * conflict
    return max(0.0, min(1.0, score))


@lru_cache(maxsize=1 << 16)
def name_score(a: str, b: str, *, kind: str = "PERSON") -> float:
    """How alike two names are, in [0, 1], whatever their word order or transliteration.

    "Abdul Rahman" ~ "Abd al-Rahman" ~ "Abdel Rahman"; OFAC's "SURNAME, Given" form is
    read as running text. ``kind`` is "PERSON" or "ORG" (organisations drop stop
    words, weigh legal forms low and match acronyms).
    """
    return parsed_score(parse_name(a, kind=kind), parse_name(b, kind=kind), kind=kind)


def same_name(a: str, b: str, *, kind: str = "PERSON") -> bool:
    """The decision resolution takes on the names alone: ``name_score >= SAME_NAME_THRESHOLD``."""
    return name_score(a, b, kind=kind) >= SAME_NAME_THRESHOLD


@dataclass(frozen=True)
class Profile:
    """What resolution knows of one entity: its names and the context it was mentioned in."""

    id: str
    kind: str
    names: tuple[str, ...]
    birth_years: frozenset[int] = frozenset()
    places: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    neighbours: frozenset[str] = frozenset()

    @property
    def document(self) -> str:
        """The document of a store's entity id ("<document>/<local id>"); "" for an id without one."""
        return self.id.rpartition("/")[0]

    @cached_property
    def parsed(self) -> tuple[ParsedName, ...]:
        """The names parsed once for the profile's life (resolution compares a profile often)."""
        return tuple(parse_name(name, kind=self.kind) for name in self.names)


def _best_parsed_score(a: Sequence[ParsedName], b: Sequence[ParsedName], *, kind: str) -> float:
    best = 0.0
    for x in a:
        for y in b:
            best = max(best, parsed_score(x, y, kind=kind))
            if best >= 1.0:
                return best
    return best


def best_name_score(a: Iterable[str], b: Iterable[str], *, kind: str = "PERSON") -> float:
    """The highest ``name_score`` over all pairs of names (aliases) of two entities."""
    return _best_parsed_score(
        [parse_name(x, kind=kind) for x in a], [parse_name(y, kind=kind) for y in b], kind=kind
    )


# The name scores of profiles' name lists (a name parses the same way every time): at scale
# many profiles are namesakes, and their pairs with other names come again and again.
_NAME_SCORES: dict[tuple[tuple[str, ...], tuple[str, ...], str], float] = {}
_MAX_NAME_SCORES = 1 << 22  # entries kept before this cache starts again


def birth_years_conflict(a: frozenset[int], b: frozenset[int]) -> bool:
    """Both known and no pair within one year of each other (sources often differ by one)."""
    return bool(a and b) and not any(abs(x - y) <= 1 for x in a for y in b)


def _shared(a: frozenset[str], b: frozenset[str]) -> int:
    return len(a & b)


def profile_score(a: Profile, b: Profile) -> float:
    """The name score weighed with context, in [0, 1].

    Different kinds never match (0). Shared co-mentioned entities (``neighbours``),
    places and roles raise the best name score a little each, at most by
    ``CONTEXT_BONUS_CAP`` and only where the names are already alike (the bonus is
    scaled by the name score, so context never makes two unlike names one). Birth
    years that conflict (both known, more than one year apart) halve the score: a
    conflict counts against a merge.
    """
    if a.kind != b.kind:
        return 0.0
    key = (a.names, b.names, a.kind)
    score = _NAME_SCORES.get(key)
    if score is None:
        if len(_NAME_SCORES) >= _MAX_NAME_SCORES:
            _NAME_SCORES.clear()
        score = _NAME_SCORES[key] = _best_parsed_score(a.parsed, b.parsed, kind=a.kind)
    if (a.neighbours and b.neighbours) or (a.places and b.places) or (a.roles and b.roles):
        bonus = (
            NEIGHBOUR_BONUS * _shared(a.neighbours, b.neighbours)
            + PLACE_BONUS * _shared(a.places, b.places)
            + ROLE_BONUS * _shared(a.roles, b.roles)
        )
        score = min(1.0, score + min(CONTEXT_BONUS_CAP, bonus) * score)
    if a.birth_years and b.birth_years and birth_years_conflict(a.birth_years, b.birth_years):
        score *= BIRTH_YEAR_CONFLICT
    return score
