"""Blocking: which pairs of profiles are worth comparing, at a cost that grows as n log n.

Comparing every profile with every other is quadratic. Blocking here is the
multi-pass *sorted-neighbourhood* method: every name gives a few sort keys, all
keys of all profiles are sorted together, and each key is paired with the
``WINDOW`` keys that follow it. The work is n * keys-per-name * WINDOW pairs
plus one sort, whatever the names are, so it grows as n log n; a common name
("Muhammad Ali") costs no more than a rare one, it just finds fewer of its
namesakes.

The sort keys come from the units of a name (``resolve.names``), after
transliteration folding, so "Mohammed Hussein" and "Muhammad Husayn" have the
same keys. There is one key per unit (at most ``MAX_ROTATIONS``): that unit's
key first, then the keys of the other units in sorted order. So

- word order does not count ("Hasan Muhammad" / "Muhammad Hasan");
- a name meets the longer names that contain it ("rubaie" sorts right before
  "rubaie karim");
- names that differ in one unit meet through the rotation led by a unit they
  share, and names whose units differ only towards their ends sort close
  together ("kardash ..." / "kardas ...").

Organisations leave their generic words (company, ltd ...) out of the keys, and
get one more key each for acronyms: a name of several words its initials (with
and without its stop words: "nla" for "Northern Liberation Army", "mow" and "mw"
for "Ministry of Water"), a one-word name of two to eight letters itself, so
that "NLA" meets "Northern Liberation Army" however many names lie between them.
The profile's kind leads every key, so only profiles of one kind meet.

The sorted neighbourhood loses a variant in a crowd: among the thousands of
names led by one common unit at a million names, "talvik brenner" and "talvik
prenner" lie far apart. Two things keep the crowd small.

*Namesakes count once.* At a million names most of a crowd is namesakes: a name
many reports use, or one real name drawn many times, fills every window and
block it is in with copies of itself. Profiles with the same units have the
same sort keys, so they form *runs* in the sorted keys: a run of at most
``RUN_CAP`` is compared in full, a longer one as a chain (each with the next
``RUN_WINDOW``: one cluster all the same, as the copies match each other). Then
the first profile of each run stands for the run against the first profiles of
the ``WINDOW`` runs that follow, so the window reaches ``WINDOW`` other *names*
however many copies there are (on top of the plain window over the keys).

*Capped blocks of pair keys.* A second pass: each of a name's first units with
the ``sound_code`` of each other unit ("karam|61" for "Karim al-Rubaie":
"karim" exact, "rubaie" by its sound). Two names share a pair key when they
share one unit exactly and have another of the same sound, which a variant that
respells one unit, drops a middle name or turns the order keeps. A block of at
most ``BLOCK_CAP`` profiles is compared in full (namesakes meet each other in
the first pass too, in full up to ``RUN_CAP``, so a negative judgement between
two of them is found); a larger one is counted in distinct names (the first profile
of each set of units stands for it): compared in full up to ``BLOCK_CAP`` names,
else by sorted neighbourhood, ``BLOCK_WINDOW`` neighbours each. Either way the
pairs per name are bounded and the work is n log n (the sort of the first pass;
the blocks are a dictionary).

On ``benchmarks/resolve_bench.py`` (planted variants of real and composed
names) the earlier version (no runs, blocks capped in profiles, not names)
brought 99%, 97% and 78% of the planted variants to the scorer at 10k, 100k and
1M names, with 5.6, 7.2 and 9.8 pairs per name. With blocks in full up to 12
names and 3 neighbours over that, 95.0%, 96.1% and 97.5% of them were clustered
with their original, with 6.3, 8.0 and 10.1 pairs per name: 1M names took 628 s
(blocking 145 s, scoring 471 s), 174 times as long as 10k. Blocks fill up
towards the cap as the store grows, and a block of 12 in full costs 5.5 pairs a
member against 3 over the cap; with the caps of today (in full up to 4, 2
neighbours over that: no more pairs a member either way) the same bench clusters
95.0%, 95.8% and 96.8% with 6.1, 6.9 and 7.7 pairs per name, and 1M names took
492 s (blocking 142 s, scoring 338 s, 7.6 GB), 133 times as long as 10k (3.7 s);
n log n gives 150. At 1M only 75% of the planted pairs themselves are
candidates: the rest meet a namesake of their original. The machine's speed
drifts by about 15%, and machines differ: the same scoring took 2.3 times as
long on one 2-core machine as on another.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from .compare import Profile
from .names import ParsedName, parse_name
from .pause import paused_gc

# Each sort key is paired with this many keys that follow it.
WINDOW = 2
# Keys per name: rotations led by its first units (long organisation names have many units).
MAX_ROTATIONS = 4


def _unit_keys(parsed: ParsedName) -> tuple[str, ...]:
    keys = [token.core or token.key for token in parsed.tokens if token.kind == "name"]
    if not any(keys):
        keys = [token.key for token in parsed.tokens]
    return tuple(dict.fromkeys(key for key in keys if key))


def _sort_keys(parsed: ParsedName, kind: str) -> list[str]:
    units = _unit_keys(parsed)
    keys = []
    for lead in units[:MAX_ROTATIONS]:
        rest = sorted(key for key in units if key != lead)
        keys.append(" ".join([f"{kind}|{lead}", *rest]))
    return keys


MIN_ACRONYM, MAX_ACRONYM = 2, 8


def acronym_keys(parsed: ParsedName, kind: str) -> list[str]:
    """The acronym keys of an organisation's name (see the module notes); none for other kinds."""
    if kind == "PERSON":
        return []
    units = [token.text for token in parsed.tokens]
    words = parsed.text.split()
    if len(units) == 1 and len(words) == 1:
        letters = units[0]
        return [f"{kind}|~{letters}"] if MIN_ACRONYM <= len(letters) <= MAX_ACRONYM else []
    keys = set()
    for run in (units, words):
        initials = "".join(word[0] for word in run if word)
        if MIN_ACRONYM <= len(initials) <= MAX_ACRONYM and len(run) >= 2:
            keys.add(f"{kind}|~{initials}")
    return sorted(keys)


def unit_keys(name: str, *, kind: str = "PERSON") -> tuple[str, ...]:
    """The folded keys of a name's units that say something (no generic words or initials,
    unless the name has nothing else)."""
    return _unit_keys(parse_name(name, kind=kind))


def sort_keys(name: str, *, kind: str = "PERSON") -> list[str]:
    """The sort keys of a name: one per unit, that unit first, the others sorted after it."""
    return _sort_keys(parse_name(name, kind=kind), kind)


# Soundex classes of the letters; vowels, "y", "h" and "w" carry no digit.
_SOUND_CLASSES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}
# Digits a sound code keeps (Soundex keeps three after its first letter).
SOUND_DIGITS = 4


@lru_cache(maxsize=1 << 17)
def sound_code(key: str) -> str:
    """A Soundex-like code of a unit's key that survives the spellings ``token_key`` does not fold.

    Every consonant, the first one too, becomes its Soundex class digit, vowels, "y", "h"
    and "w" are dropped, and a digit that repeats the one before it is written once, even
    across a vowel (a romanisation may write a vowel or leave it out). So "bento" and
    "pinto" (b/p), "kadar" and "qadir" (k/q), "huang" and "wong", "haydar" and "hadar",
    "sisoko" and "cisokho" have one code. The first ``SOUND_DIGITS`` digits are kept.
    """
    digits: list[str] = []
    for letter in key:
        digit = _SOUND_CLASSES.get(letter)
        if digit is not None and (not digits or digits[-1] != digit):
            digits.append(digit)
    return "".join(digits[:SOUND_DIGITS])


def pair_keys(parsed: ParsedName, kind: str) -> list[str]:
    """The unit-pair keys of a name: for each unit among its first ``MAX_ROTATIONS``, that
    unit's key with the sound code of each other unit ("PERSON|karam|61" and
    "PERSON|raba|265" for "Karim al-Rubaie"); a name of one unit its key alone.

    Two names share a key when they share one unit and have a unit of the same sound: a
    variant that respells one unit of a name, drops one of three or more, or turns their
    order, keeps at least one key of the original.
    """
    units = _unit_keys(parsed)[:MAX_PAIR_UNITS]
    if len(units) == 1:
        return [f"{kind}|{units[0]}|"]
    keys = {
        f"{kind}|{lead}|{sound_code(other.replace('_', ''))}"
        for lead in units[:MAX_ROTATIONS]
        for other in units
        if other != lead
    }
    return sorted(keys)


# Units of a name that take part in pair keys (long organisation names have many).
MAX_PAIR_UNITS = 6
# A block of pair keys this small is compared in full; a larger one by sorted neighbourhood,
# ``BLOCK_WINDOW`` neighbours each. A block in full costs (BLOCK_CAP - 1) / 2 pairs per member at
# most, no more than one over the cap: the pairs per name then do not grow as blocks fill up
# towards the cap, which they do as the store grows (with a cap of 12 and 3 neighbours, pairs per
# name grew from 6.3 at 10k names to 10.1 at 1M; with 4 and 2, from 6.1 to 7.7).
BLOCK_CAP = 4
BLOCK_WINDOW = 2


# A run of profiles with the same sort key (the same units) of at most this many is compared in
# full; a longer run as a chain, each with the next ``RUN_WINDOW``.
RUN_CAP = 12
RUN_WINDOW = 2


def _pack(i: int, j: int) -> int:
    return (i << 32) | j if i < j else (j << 32) | i


def _run_pairs(run: Sequence[int], packed: set[int]) -> None:
    """Pairs of one run of profiles with the same units: all up to ``RUN_CAP``, else a chain."""
    width = len(run) if len(run) <= RUN_CAP else RUN_WINDOW
    for position, i in enumerate(run):
        for j in run[position + 1 : position + 1 + width]:
            packed.add(_pack(i, j))


def _all_pairs(ascending: Sequence[int], packed: set[int]) -> None:
    """Every pair of profile indexes given in ascending order."""
    for position, i in enumerate(ascending):
        for j in ascending[position + 1 :]:
            packed.add((i << 32) | j)


def _block_pairs(
    members: list[int], order: Sequence[str], documents: Sequence[str], packed: set[int]
) -> None:
    """Pairs of one pair-key block: all of them up to ``BLOCK_CAP`` members. A larger block is
    counted in distinct names: the profiles with the same units (the same ``order`` string)
    meet each other through their run of the first pass, so the first of them stands for the
    rest here; every pair of those up to ``BLOCK_CAP``, else each with the ``BLOCK_WINDOW`` that
    follow it in the order of their sort strings. Members of one document (``documents``, ""
    for none) meet each other in any block: one document told them apart, and that judgement
    (it needs no score) is the wall that keeps a chain of others from joining them."""
    if len(members) <= BLOCK_CAP:
        _all_pairs(members, packed)
        return
    by_document: dict[str, list[int]] = {}
    for index in members:
        if documents[index]:
            by_document.setdefault(documents[index], []).append(index)
    for together in by_document.values():
        _all_pairs(together, packed)
    firsts: dict[str, int] = {}
    for index in members:
        firsts.setdefault(order[index], index)
    ranked = [firsts[key] for key in sorted(firsts)]
    width = len(ranked) if len(ranked) <= BLOCK_CAP else BLOCK_WINDOW
    for position, i in enumerate(ranked):
        for j in ranked[position + 1 : position + 1 + width]:
            packed.add(_pack(i, j))


def candidate_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    """Index pairs (i, j), i < j, of profiles of the same kind that are worth comparing.

    The pairs of both passes (see the module notes): sorted neighbourhood over the
    rotation and acronym keys, and the capped blocks of the pair keys.
    Each pair comes once, in a deterministic order (by i, then j).
    """
    with paused_gc():
        packed = sorted(_packed_pairs(profiles))
    mask = (1 << 32) - 1
    for pair in packed:
        yield pair >> 32, pair & mask


def _packed_pairs(profiles: Sequence[Profile]) -> set[int]:
    entries: list[tuple[str, int]] = []
    blocks: dict[str, list[int]] = {}
    order: list[str] = []
    documents = [profile.document for profile in profiles]
    for index, profile in enumerate(profiles):
        keys: set[str] = set()
        block_keys: set[str] = set()
        for parsed in profile.parsed:
            keys.update(_sort_keys(parsed, profile.kind), acronym_keys(parsed, profile.kind))
            block_keys.update(pair_keys(parsed, profile.kind))
        order.append(min(keys, default=""))
        entries.extend((key, index) for key in keys)
        for key in block_keys:
            blocks.setdefault(key, []).append(index)
    entries.sort()
    kinds = [profile.kind for profile in profiles]
    packed: set[int] = set()
    for position, (_key, i) in enumerate(entries):
        for _other_key, j in entries[position + 1 : position + 1 + WINDOW]:
            if i != j and kinds[i] == kinds[j]:
                packed.add(_pack(i, j))
    # Runs of one key (profiles with the same units): compared in full, or a chain when long;
    # the first of each run stands for it against the first of the ``WINDOW`` runs that follow,
    # so that a crowd of namesakes does not fill the window.
    firsts: list[int] = []
    start = 0
    while start < len(entries):
        end = start + 1
        while end < len(entries) and entries[end][0] == entries[start][0]:
            end += 1
        if end - start > 1:
            _run_pairs([index for _key, index in entries[start:end]], packed)
        firsts.append(entries[start][1])
        start = end
    for position, i in enumerate(firsts):
        for j in firsts[position + 1 : position + 1 + WINDOW]:
            if i != j and kinds[i] == kinds[j]:
                packed.add(_pack(i, j))
    for members in blocks.values():
        if len(members) > 1:
            _block_pairs(members, order, documents, packed)
    return packed
