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

Organisations leave their generic words (company, ltd ...) out of the keys. The
profile's kind leads every key, so only profiles of one kind meet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .compare import Profile
from .names import ParsedName, parse_name

# Each sort key is paired with this many keys that follow it.
WINDOW = 3
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


def unit_keys(name: str, *, kind: str = "PERSON") -> tuple[str, ...]:
    """The folded keys of a name's units that say something (no generic words or initials,
    unless the name has nothing else)."""
    return _unit_keys(parse_name(name, kind=kind))


def sort_keys(name: str, *, kind: str = "PERSON") -> list[str]:
    """The sort keys of a name: one per unit, that unit first, the others sorted after it."""
    return _sort_keys(parse_name(name, kind=kind), kind)


def candidate_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    """Index pairs (i, j), i < j, of profiles of the same kind that are worth comparing.

    Each pair comes once, in a deterministic order (by i, then j).
    """
    entries: list[tuple[str, int]] = []
    for index, profile in enumerate(profiles):
        keys = {key for parsed in profile.parsed for key in _sort_keys(parsed, profile.kind)}
        entries.extend((key, index) for key in keys)
    entries.sort()
    kinds = [profile.kind for profile in profiles]
    packed: set[int] = set()
    for position, (_key, i) in enumerate(entries):
        for _other_key, j in entries[position + 1 : position + 1 + WINDOW]:
            if i != j and kinds[i] == kinds[j]:
                packed.add((i << 32) | j if i < j else (j << 32) | i)
    mask = (1 << 32) - 1
    for pair in sorted(packed):
        yield pair >> 32, pair & mask
