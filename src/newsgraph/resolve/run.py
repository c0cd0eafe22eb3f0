"""Resolution over the store: profiles -> candidate pairs -> judgements -> clusters -> canonical ids.

The judgements table is the truth (nomenklatura): text judgements come from
``not_same_as`` statements, machine judgements from scoring candidate pairs, person
judgements from ``newsgraph same`` / ``different``. Every run deletes and rewrites
only the machine's judgements, then rebuilds the clusters from the whole table
and sets ``entities.canonical_id``; extracted statements are never rewritten.
Reports of one real event in several documents are grouped by ``group_events``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..nlp.gazetteer import load_gazetteer
from ..nlp.names import fold, place_key
from ..store import queries
from ..store.schema import utc_now
from ..vocab import load_json
from .blocking import candidate_pairs
from .clusters import Judgement, build_clusters
from .compare import SAME_NAME_THRESHOLD, Profile, best_name_score, profile_score

# A machine positive judgement at or above SAME, 'unsure' (for review) from UNSURE up.
# Persons use the name threshold set by the OFAC rule; organisation names share generic
# words ("Iraqi army" / "Iraqi police"), so they need more than a person's name does.
SAME = {"PERSON": SAME_NAME_THRESHOLD, "ORG": 0.8}
UNSURE = {"PERSON": SAME_NAME_THRESHOLD - 0.12, "ORG": 0.65}
DIFFERENT = 0.25  # two full person names scoring at most this are judged different by the machine
SINGLE_SAME = 0.85  # two one-word person names must be spelling variants of each other


def _word_list(key: str) -> frozenset[str]:
    """A list of words from ``data/resolve_names.json``."""
    words = load_json("resolve_names.json")[key]
    return frozenset(str(word) for word in words)


# Articles, particles and titles that do not make a one-word person name a full one.
NAME_PARTICLES = _word_list("name_particles")


def _full_name(profile: Profile) -> bool:
    """A person named by at least two words besides articles and particles ("al-Abadi" is one)."""
    if profile.kind != "PERSON":
        return False
    return max(len([w for w in fold(n).split() if w not in NAME_PARTICLES]) for n in profile.names) >= 2


YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
PLACE_PREDICATES = ("born_in", "resides_in", "position_held", "citizen_of")
ROLE_PREDICATES = ("role", "position_held", "member_of", "leader_of", "spokesperson_of")


@dataclass(frozen=True, slots=True)
class ResolveStats:
    entities: int
    candidate_pairs: int
    positive: int
    unsure: int
    negative_from_text: int
    clusters: int
    event_groups: int


def resolve_store(
    conn: sqlite3.Connection, *, on_progress: Callable[[str], None] | None = None
) -> ResolveStats:
    """Re-run resolution over the whole store (machine judgements replaced, others kept)."""
    say = on_progress or (lambda _msg: None)
    say("profiles")
    profiles = load_profiles(conn)
    say("text judgements")
    negatives = text_judgements(conn)
    say("candidate pairs")
    machine: list[Judgement] = []
    stamp = utc_now()
    pairs = 0
    by_kind: dict[str, list[Profile]] = defaultdict(list)
    for profile in profiles:
        by_kind[profile.kind].append(profile)
    for kind, group in by_kind.items():
        if kind == "PLACE":
            machine += place_judgements(group, stamp)
            continue
        for i, j in candidate_pairs(group):
            pairs += 1
            a, b = group[i], group[j]
            if a.id.rpartition("/")[0] == b.id.rpartition("/")[0]:
                # one document already told them apart (in-document coreference kept two entities)
                machine.append(_judgement(a.id, b.id, "negative", None, "machine", stamp))
                continue
            score = profile_score(a, b)
            if score <= DIFFERENT and _full_name(a) and _full_name(b):
                # two full names that do not match: a wall, so that no chain of positive edges
                # through a bare surname ("Abadi") joins them
                machine.append(_judgement(a.id, b.id, "negative", score, "machine", stamp))
                continue
            if not plausible_pair(a, b):
                continue
            if score >= UNSURE.get(kind, 0.65):
                verdict = "positive" if score >= SAME.get(kind, 0.8) else "unsure"
                machine.append(_judgement(a.id, b.id, verdict, score, "machine", stamp))
    queries.replace_machine_judgements(conn, [*negatives, *machine])
    say("clusters")
    clusters = rebuild_clusters(conn)
    say("events")
    groups = group_events(conn)
    return ResolveStats(
        entities=len(profiles),
        candidate_pairs=pairs,
        positive=sum(j.verdict == "positive" for j in machine),
        unsure=sum(j.verdict == "unsure" for j in machine),
        negative_from_text=len(negatives),
        clusters=len(set(clusters.values())),
        event_groups=groups,
    )


# Words two organisation names need not share (nor give initials for).
ORG_STOPWORDS = _word_list("pair_org_stopwords")
ORG_OVERLAP = 0.6  # share of the two organisation names' words that must agree


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in fold(name).split() if w not in ORG_STOPWORDS)


def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in ORG_STOPWORDS)


def plausible_pair(a: Profile, b: Profile) -> bool:
    """Guards before scoring, for what a name score tuned on person names does not see.

    Organisations: a short name inside a long one is another body ("Iraq" / "Islamic
    State of Iraq", "U.S. Army" / "Iraqi Army"): most words must agree, unless one name
    is the other's acronym. Persons: a one-word name ("Omar") joins a fuller name from
    another document only when the two share two co-mentioned entities, and another
    one-word name only when it is a spelling variant of it.
    """
    if a.kind == "ORG":
        for x in a.names:
            for y in b.names:
                wx, wy = _words(x), _words(y)
                if wx and wy and len(wx & wy) / len(wx | wy) >= ORG_OVERLAP:
                    return True
                compact_x, compact_y = fold(x).replace(" ", ""), fold(y).replace(" ", "")
                if len(wx) == 1 and compact_x == _initials(y) or len(wy) == 1 and compact_y == _initials(x):
                    return True
        return False
    if a.kind == "PERSON":
        single_a, single_b = not _full_name(a), not _full_name(b)
        if single_a and single_b:
            return best_name_score(a.names, b.names) >= SINGLE_SAME
        if single_a or single_b:
            return len(a.neighbours & b.neighbours) >= 2
    return True


def load_judgements(conn: sqlite3.Connection) -> list[Judgement]:
    return [
        Judgement(r.a, r.b, r.verdict, r.score, r.author, r.created_at)  # type: ignore[arg-type]
        for r in queries.all_judgements(conn)
    ]


def rebuild_clusters(conn: sqlite3.Connection) -> dict[str, str]:
    """Clusters from the judgements table; writes canonical ids (one transaction)."""
    clusters = build_clusters(queries.entity_ids(conn), load_judgements(conn))
    queries.set_canonical_ids(conn, clusters)
    return clusters


def judge(conn: sqlite3.Connection, a: str, b: str, verdict: str, *, author: str) -> dict[str, str]:
    """Record a person's judgement on two entities (or on the clusters they belong to) and re-cluster."""
    stamp = utc_now()
    j = _judgement(a, b, verdict, 1.0, author, stamp)
    queries.record_judgement(conn, j)
    clusters = rebuild_clusters(conn)
    group_events(conn)
    return clusters


def text_judgements(conn: sqlite3.Connection) -> list[Judgement]:
    """'X is not the same as Y' in a document: a negative judgement by the text."""
    return [
        _judgement(f.subject_id, f.object_id, "negative", 1.0, "text", f.created)
        for f in queries.not_same_as_facts(conn)
        if f.subject_id != f.object_id
    ]


def place_judgements(places: list[Profile], stamp: str) -> list[Judgement]:
    """Places with one gazetteer entry or one folded key are one place (Raqqa / al-Raqa / Ar-Raqqah)."""
    gazetteer = load_gazetteer()
    groups: dict[str, list[str]] = defaultdict(list)
    for profile in places:
        keys = set()
        for name in profile.names:
            place = gazetteer.lookup(name)
            keys.add(f"gaz:{place.name}:{place.country}" if place is not None else "key:" + place_key(name))
        for key in keys:
            groups[key].append(profile.id)
    out: list[Judgement] = []
    for members in groups.values():
        members = sorted(set(members))
        out += [_judgement(members[0], other, "positive", 1.0, "machine", stamp) for other in members[1:]]
    return out


def load_profiles(conn: sqlite3.Connection) -> list[Profile]:
    """One profile per stored entity: names and aliases, birth years, places, roles, co-mentioned names."""
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    by_document: dict[str, list[str]] = defaultdict(list)
    for entity in queries.all_entities(conn):
        kinds[entity.id] = entity.type
        names[entity.id].append(entity.name)
        by_document[entity.document_id].append(entity.id)
    for alias in queries.all_aliases(conn):
        if alias.name not in names[alias.entity_id]:
            names[alias.entity_id].append(alias.name)
    first = {eid: ns[0] for eid, ns in names.items()}
    years: dict[str, set[int]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for fact in queries.profile_facts(conn):
        subject, obj, literal = fact.subject_id, fact.object_id, fact.object_literal
        predicate = fact.predicate
        if predicate == "born_on" and literal:
            years[subject].update(int(y) for y in YEAR.findall(literal))
        if predicate in PLACE_PREDICATES and obj in first and kinds.get(obj) == "PLACE":
            places[subject].add(place_key(first[obj]))
        if predicate in ROLE_PREDICATES:
            roles[subject].add(fold(literal or first.get(obj or "", "") or ""))
    neighbours: dict[str, set[str]] = defaultdict(set)
    for members in by_document.values():
        folded = {m: fold(first[m]) for m in members}
        for m in members:
            neighbours[m] = {f for o, f in folded.items() if o != m}
    return [
        Profile(
            id=eid,
            kind=kinds[eid],
            names=tuple(names[eid]),
            birth_years=frozenset(years[eid]),
            places=frozenset(places[eid]),
            roles=frozenset(roles[eid] - {""}),
            neighbours=frozenset(neighbours[eid]),
        )
        for eid in sorted(names)
    ]


def group_events(conn: sqlite3.Connection) -> int:
    """Reports of one real event across documents: same type and mode, a shared key argument
    after resolution (target, else actor), and compatible dates and places."""
    canonical = queries.canonical_of_entities(conn)
    args: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for arg in queries.all_arguments(conn):
        args[arg.statement_id][arg.role].add(canonical.get(arg.entity_id, arg.entity_id))
    events = queries.grouping_events(conn)
    parent = {event.id: event.id for event in events}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    time_of = {event.id: event.time_value for event in events}
    blocks: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for event in events:
        keys = args[event.id].get("target") or args[event.id].get("actor") or set()
        for key in keys:
            blocks[(event.predicate, event.mode, "k", key)].append(event.id)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _compatible(time_of[a], time_of[b]) and _places_agree(args[a], args[b]):
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups = {sid: find(sid) for sid in parent}
    queries.set_event_groups(conn, groups)
    return len(set(groups.values()))


DAYS_APART = 7  # two reported days of one event: "on Monday" / "this week"


def _compatible(a: str | None, b: str | None) -> bool:
    """Two reported times of one event agree: one contains the other, or days a few days apart."""
    if not a or not b:
        return True
    a, b = a.lstrip("-"), b.lstrip("-")
    if a.startswith(b) or b.startswith(a):
        return True
    try:
        days = abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return False
    return days <= DAYS_APART


def _places_agree(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    pa, pb = a.get("place", set()), b.get("place", set())
    return not pa or not pb or bool(pa & pb)


def _judgement(a: str, b: str, verdict: str, score: float | None, author: str, stamp: str) -> Judgement:
    lo, hi = sorted((a, b))
    return Judgement(lo, hi, verdict, score, author, stamp)  # type: ignore[arg-type]
