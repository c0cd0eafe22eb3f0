"""Canonical ids that stay put: which id each rebuilt cluster keeps, which ids retire, what split.

A pure function of the clusters just built, the canonical ids resolution wrote last
time and the age of every entity (its document's ingest order):

1. A canonical id is always the entity id of a member, so an id ever shown names
   one entity and can always be followed to that entity's cluster.
2. A cluster keeps the previous canonical id of one of its members when it can:
   a cluster that grew or shrank keeps its id. When several previous ids meet in
   one cluster (a merge), the one most members carried wins (then the oldest);
   the others retire and point to it.
3. A cluster with no previous id among its members (new, or the part that left a
   split) takes the id of its oldest member (earliest ingested), which a later
   report can never displace.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ..store.queries.identity import IdentityPlan


def plan_ids(
    clusters: Mapping[str, str], previous: Mapping[str, str | None], ages: Mapping[str, int]
) -> IdentityPlan:
    """The stable canonical ids for `clusters` (entity id -> any cluster key).

    `previous` gives each entity's canonical id from the last rebuild (None when it was
    never resolved), `ages` its document's ingest order (entities missing count as newest).
    """
    members: dict[str, list[str]] = defaultdict(list)
    for entity, key in clusters.items():
        members[key].append(entity)
    newest = max(ages.values(), default=0) + 1

    def age(entity: str) -> tuple[int, str]:
        return (ages.get(entity, newest), entity)

    canonical: dict[str, str] = {}
    retired: dict[str, str] = {}
    changes: list[tuple[str, str, str, int]] = []
    carried: dict[str, Counter[str]] = {}  # cluster key -> previous id -> members that carried it
    chosen: dict[str, str] = {}
    for key, group in members.items():
        counts = Counter(p for m in group if (p := previous.get(m)) is not None)
        carried[key] = counts
        # rule 1: only a previous id that is a member of this cluster can be kept here
        kept = [p for p in counts if clusters.get(p) == key]
        if kept:
            best = min(kept, key=lambda p: (-counts[p], age(p)))
            for other in sorted(kept):
                if other != best:
                    retired[other] = best
                    changes.append((other, best, "merge", counts[other]))
        else:
            best = min(group, key=age)
        chosen[key] = best
        canonical.update(dict.fromkeys(group, best))
    for key, counts in carried.items():
        for old, moved in sorted(counts.items()):
            if old != chosen[key] and retired.get(old) != chosen[key]:
                # members of `old` that left the cluster that holds (or retired) it: a split
                changes.append((old, chosen[key], "split", moved))
    updates = {entity: c for entity, c in canonical.items() if previous.get(entity) != c}
    return IdentityPlan(canonical=canonical, retired=retired, changes=tuple(changes), updates=updates)
