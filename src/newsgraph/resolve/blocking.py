"""Blocking: which pairs of profiles are worth comparing, at a cost that grows near-linearly.

Comparing every profile with every other is quadratic; blocking compares only
profiles that share a *blocking key*. Keys come from the units of each name
(``resolve.names``), after transliteration folding, so "Mohammed Hussein" and
"Muhammad Husayn" meet:

- ``m:KEY1 PRE2``, for every two units of a name, the key of one and the first
  three letters of the other's key: "Muhammad Hasan" meets "Hasan Muhammad"
  (word order does not count) and "Hasan Mohammadi" (one unit may differ
  towards its end), even though each unit alone is too common to block on;
- ``u:KEY``, one unit ("zawahiri"), used only to bring names of a single unit
  together with the names that contain that unit ("Zawahiri" meets "Ayman
  al-Zawahiri"; two names of several units never meet through it alone). A
  one-unit name that more than ``MAX_BLOCK`` names contain is too ambiguous to
  resolve on the name alone ("Muhammad"), and its block gives no pairs.

Organisations drop their generic words (company, ltd ...) from the keys.

A block larger than ``MAX_BLOCK`` is not compared all against all: its members
are sorted by their whole-name key and each is compared with its ``WINDOW``
neighbours (the sorted-neighbourhood method), so a common key costs
n * WINDOW comparisons, not n squared. The total cost is bounded by about
n * keys-per-name * max(MAX_BLOCK, WINDOW), plus the sorting (n log n).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from .compare import Profile
from .names import parse_name

# Blocks up to this size are compared all against all.
MAX_BLOCK = 32
# In a larger block, each member is compared with this many members that follow it in sorted order.
WINDOW = 6
# Names with more units than this give pair keys for their first units only (long organisation names).
MAX_PAIR_UNITS = 6
PREFIX = 3


def unit_keys(name: str, *, kind: str = "PERSON") -> tuple[str, ...]:
    """The folded keys of a name's units that say something (no generic words, no initials)."""
    tokens = parse_name(name, kind=kind).tokens
    keys = [token.core or token.key for token in tokens if token.kind == "name"]
    return tuple(dict.fromkeys(key for key in keys if key))


def blocking_keys(name: str, *, kind: str = "PERSON") -> list[str]:
    """The keys under which a name is blocked (see the module notes)."""
    units = unit_keys(name, kind=kind)
    keys = [f"u:{key}" for key in units]
    head = units[:MAX_PAIR_UNITS]
    for first in head:
        for second in head:
            if first != second:
                keys.append(f"m:{first} {second[:PREFIX]}")
    return list(dict.fromkeys(keys))


def sort_key(name: str, *, kind: str = "PERSON") -> str:
    """Whole-name key that orders the members of a large block: the unit keys, sorted."""
    return " ".join(sorted(unit_keys(name, kind=kind)))


def _blocks(profiles: Sequence[Profile]) -> tuple[dict[str, list[int]], list[bool]]:
    """Block key -> profile indices, and for each profile whether all its names have one unit."""
    blocks: dict[str, list[int]] = defaultdict(list)
    single: list[bool] = []
    for index, profile in enumerate(profiles):
        keys: set[str] = set()
        one_unit = True
        for name in profile.names:
            keys.update(blocking_keys(name, kind=profile.kind))
            one_unit = one_unit and len(unit_keys(name, kind=profile.kind)) <= 1
        single.append(one_unit)
        for key in keys:
            blocks[f"{profile.kind}|{key}"].append(index)
    return blocks, single


def _block_pairs(members: list[int], order: Sequence[str]) -> Iterable[tuple[int, int]]:
    if len(members) <= MAX_BLOCK:
        return combinations(members, 2)
    ranked = sorted(members, key=lambda i: (order[i], i))
    return (
        (ranked[i], ranked[j])
        for i in range(len(ranked))
        for j in range(i + 1, min(i + 1 + WINDOW, len(ranked)))
    )


def candidate_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    """Index pairs (i, j), i < j, of profiles of the same kind that share a blocking key.

    Each pair comes once, in a deterministic order (by i, then j).
    """
    blocks, single = _blocks(profiles)
    order = [min((sort_key(n, kind=p.kind) for n in p.names), default="") for p in profiles]
    neighbours: dict[int, set[int]] = defaultdict(set)
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        unit_block = key.split("|", 1)[1].startswith("u:")
        if unit_block and (len(members) > MAX_BLOCK or not any(single[m] for m in members)):
            continue
        for i, j in _block_pairs(members, order):
            if unit_block and not (single[i] or single[j]):
                continue
            low, high = (i, j) if i < j else (j, i)
            neighbours[low].add(high)
    for low in sorted(neighbours):
        for high in sorted(neighbours[low]):
            yield low, high
