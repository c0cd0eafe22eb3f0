"""Resolution over the store: profiles -> candidate pairs -> judgements -> clusters -> canonical ids.

The judgements table is the truth (nomenklatura): text judgements come from
``not_same_as`` statements, machine judgements from scoring candidate pairs, person
judgements from ``newsgraph same`` / ``different``. Every run deletes and rewrites
only the machine's judgements, then rebuilds the clusters from the whole table
and sets ``entities.canonical_id``; extracted statements are never rewritten.
Reports of one real event in several documents are grouped by ``events.group_events``.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..nlp.gazetteer import load_gazetteer
from ..nlp.names import fold, place_key
from ..store import queries
from ..store.schema import utc_now
from ..vocab import load_json
from .blocking import candidate_pairs
from .clusters import Judgement, build_clusters
from .compare import SAME_NAME_THRESHOLD, Profile, best_name_score, profile_score
from .events import group_events
from .identity import plan_ids
from .names import countries
from .pause import paused_gc

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
    """A person named by at least two words besides articles and particles ("al-Korvani" is one)."""
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


# Scores a kind's candidate pairs into machine judgements: ``judge_pairs`` in this process, or
# the same function on a cluster's workers (``newsgraph.cluster.resolve``).
PairJudge = Callable[
    [str, Sequence[Profile], Sequence[tuple[int, int]], dict[tuple[str, str], str], str], list[Judgement]
]


def resolve_store(
    conn: sqlite3.Connection,
    *,
    on_progress: Callable[[str], None] | None = None,
    judge_all: PairJudge | None = None,
) -> ResolveStats:
    """Re-run resolution over the whole store (machine judgements replaced, others kept).

    ``judge_all`` scores each kind's candidate pairs (default ``judge_pairs``, here); whoever
    scores them, the judgements come back in the order of the pairs, so the rows and the
    clusters are the same."""
    say = on_progress or (lambda _msg: None)
    judge = judge_all or judge_pairs
    say("profiles")
    profiles = load_profiles(conn)
    say("text judgements")
    negatives = text_judgements(conn)
    stated = stated_name_groups(conn)
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
        candidates = list(candidate_pairs(group))
        pairs += len(candidates)
        machine += judge(kind, group, candidates, stated, stamp)
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
        negative_from_text=sum(j.verdict == "negative" for j in negatives),
        clusters=len(set(clusters.values())),
        event_groups=groups,
    )


# Words two organisation names need not share (nor give initials for).
ORG_STOPWORDS = _word_list("pair_org_stopwords")
ORG_OVERLAP = 0.6  # share of the two organisation names' words that must agree


def _words(name: str) -> frozenset[str]:
    """The words of an organisation's name that count, a nationality word as its country's name
    ("Peruvian Government" / "Government of Peru" have the same words)."""
    return frozenset(COUNTRY_OF.get(w, w) for w in fold(name).split() if w not in ORG_STOPWORDS)


def _initials(name: str) -> tuple[str, str]:
    """The initials of a name's words, without and with its stop words ("mw", "mow")."""
    words = fold(name).split()
    return "".join(w[0] for w in words if w not in ORG_STOPWORDS), "".join(w[0] for w in words)


COUNTRY_OF = {k: v for k, v in countries().items() if " " not in k}
# Short names of countries the gazetteer does not index ("UK") -> the name it does.
COUNTRY_NAMES = {
    fold(str(k)): str(v) for k, v in load_json("demonyms.json").get("country_aliases", {}).items()
}
QUALIFIERS = frozenset(COUNTRY_OF.values())
_HEAD_BREAK = re.compile(r"\s(?:of|for)\s|\s[-\u2013\u2014(]")


def _org_front(name: str) -> str:
    """The part of an organisation's name before its first "of" / "for" / dash: its head phrase."""
    return _HEAD_BREAK.split(fold(name), maxsplit=1)[0].strip()


def org_names_agree(x: str, y: str) -> bool:
    """Two names of one organisation: most words agree ("Northern Relief Agency" / "Relief Agency
    of the North" no; "Korvik Border Guards" / "Korvik Guards" yes), or one is the other's
    acronym, or the other's head phrase ("the Northern Front" / "the Northern Front of Korvik");
    and neither names a body of another kind or country: the heads agree ("Korvik Government" /
    "Korvik Government Forces" no), and neither has a nationality or country word the other
    lacks ("Royal Coastal Guard" / "Royal Danish Coastal Guard" no)."""
    wx, wy = _words(x), _words(y)
    if not wx or not wy:
        return False
    compact_x, compact_y = fold(x).replace(" ", ""), fold(y).replace(" ", "")
    if len(wx) == 1 and compact_x in _initials(y) or len(wy) == 1 and compact_y in _initials(x):
        return True
    short, long = sorted((fold(x), fold(y)), key=len)
    if len(short.split()) >= 2 and short == _org_front(long):
        return True
    if org_names_apart(x, y):
        return False
    head_x, head_y = _org_front(x).split()[-1:], _org_front(y).split()[-1:]
    return head_x == head_y and len(wx & wy) / len(wx | wy) >= ORG_OVERLAP


def org_names_apart(x: str, y: str) -> bool:
    """Two names of different bodies: one has a nationality or country word the other lacks."""
    return bool((_words(x) ^ _words(y)) & QUALIFIERS)


def orgs_apart(a: Profile, b: Profile) -> bool:
    """Every name of one organisation tells it apart from every name of the other (by
    ``org_names_apart``, and no name of one is the other's acronym): a wall between them."""
    return all(org_names_apart(x, y) and not org_names_agree(x, y) for x in a.names for y in b.names)


def plausible_pair(a: Profile, b: Profile) -> bool:
    """Guards before scoring, for what a name score tuned on person names does not see.

    Organisations: a short name inside a long one is another body ("Korvik" / "Liberation
    Front of Korvik", "Norland Army" / "Korvik Army"): two of their names must agree by
    ``org_names_agree``. Persons: a one-word name ("Omar") joins a fuller name from
    another document only when the two share two co-mentioned entities, and another
    one-word name only when it is a spelling variant of it.
    """
    if a.kind == "ORG":
        return any(org_names_agree(x, y) for x in a.names for y in b.names)
    if a.kind == "PERSON":
        single_a, single_b = not _full_name(a), not _full_name(b)
        if single_a and single_b:
            return best_name_score(a.names, b.names) >= SINGLE_SAME
        if single_a or single_b:
            return len(a.neighbours & b.neighbours) >= 2
    return True


def judge_pairs(
    kind: str,
    group: Sequence[Profile],
    pairs: Sequence[tuple[int, int]],
    stated: dict[tuple[str, str], str],
    stamp: str,
) -> list[Judgement]:
    """The machine's judgements on candidate pairs (indexes into ``group``, one kind), in the
    order of the pairs: a pure function of its arguments, so a cluster's workers can run it
    on parts of the pairs."""
    machine: list[Judgement] = []
    with paused_gc():
        for i, j in pairs:
            a, b = group[i], group[j]
            if a.document == b.document:
                # one document already told them apart (in-document coreference kept two entities),
                # unless some report states that their names name one entity
                if not stated_same(a, b, stated):
                    machine.append(_judgement(a.id, b.id, "negative", None, "machine", stamp))
                continue
            score = profile_score(a, b)
            if score <= DIFFERENT and _full_name(a) and _full_name(b):
                # two full names that do not match: a wall, so that no chain of positive edges
                # through a bare surname ("Korvani") joins them
                machine.append(_judgement(a.id, b.id, "negative", score, "machine", stamp))
                continue
            if kind == "ORG" and orgs_apart(a, b):
                machine.append(_judgement(a.id, b.id, "negative", score, "machine", stamp))
                continue
            if not plausible_pair(a, b):
                continue
            if score >= UNSURE.get(kind, 0.65):
                verdict = "positive" if score >= SAME.get(kind, 0.8) else "unsure"
                machine.append(_judgement(a.id, b.id, verdict, score, "machine", stamp))
    return machine


def load_judgements(conn: sqlite3.Connection) -> list[Judgement]:
    return [
        Judgement(r.a, r.b, r.verdict, r.score, r.author, r.created_at)  # type: ignore[arg-type]
        for r in queries.all_judgements(conn)
    ]


def rebuild_clusters(conn: sqlite3.Connection) -> dict[str, str]:
    """Clusters from the judgements table; writes stable canonical ids, retired ids and the merges
    and splits (`identity.plan_ids`, one transaction)."""
    clusters = build_clusters(queries.entity_ids(conn), load_judgements(conn))
    plan = plan_ids(clusters, queries.stored_canonical_ids(conn), queries.entity_ages(conn))
    queries.write_identity(conn, plan, created_at=utc_now())
    return dict(plan.canonical)


def judge(conn: sqlite3.Connection, a: str, b: str, verdict: str, *, author: str) -> dict[str, str]:
    """Record a person's judgement on two entities (or on the clusters they belong to) and re-cluster."""
    stamp = utc_now()
    j = _judgement(a, b, verdict, 1.0, author, stamp)
    queries.record_judgement(conn, j)
    clusters = rebuild_clusters(conn)
    group_events(conn)
    return clusters


def text_judgements(conn: sqlite3.Connection) -> list[Judgement]:
    """What the documents themselves say about identity, as judgements by the text.

    'X is not the same as Y' is a negative judgement. An alias a report states ("the
    Northern Front (NF)", "also known as", a name of two entities joined by ``alias`` /
    ``same_as``) is a positive one, and it travels: the stating entity is judged the same
    as every entity of the store, in any document, named (or aliased) by either of the
    two names, with the report and its statement as the reason. Negatives still win
    (``resolve.clusters``): a text that tells two of them apart keeps them apart.
    """
    out = [
        _judgement(f.subject_id, f.object_id, "negative", 1.0, "text", f.created)
        for f in queries.not_same_as_facts(conn)
        if f.subject_id != f.object_id
    ]
    for fact in queries.same_as_facts(conn):
        if fact.subject_id != fact.object_id:
            reason = f"stated in {fact.document_id} (statement {fact.statement_id})"
            out.append(
                _judgement(fact.subject_id, fact.object_id, "positive", 1.0, "text", fact.created, reason)
            )
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for entity in queries.all_entities(conn):
        kinds[entity.id] = entity.type
        named[(entity.type, fold(entity.name))].add(entity.id)
    for alias in queries.all_aliases(conn):
        if alias.entity_id in kinds:
            named[(kinds[alias.entity_id], fold(alias.name))].add(alias.entity_id)
    done: set[tuple[str, tuple[str, str]]] = set()
    for stated in sorted(queries.stated_aliases(conn), key=lambda x: (x.created, x.entity_id, x.name)):
        own, other = fold(stated.entity_name), fold(stated.name)
        if not other or own == other or (stated.entity_id, (own, other)) in done:
            continue
        done.add((stated.entity_id, (own, other)))
        where = f"statement {stated.statement_id}" if stated.statement_id else f"entity {stated.entity_id}"
        reason = f"{stated.entity_name!r} also named {stated.name!r} in {stated.document_id} ({where})"
        for target in sorted(named[(stated.type, own)] | named[(stated.type, other)]):
            if target != stated.entity_id:
                out.append(
                    _judgement(stated.entity_id, target, "positive", 1.0, "text", stated.created, reason)
                )
    return out


def stated_name_groups(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(type, folded name) -> a group key: names some report states name one entity share a key."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for alias in queries.stated_aliases(conn):
        own, other = (alias.type, fold(alias.entity_name)), (alias.type, fold(alias.name))
        ra, rb = find(own), find(other)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: "|".join(find(node)) for node in parent}


def stated_same(a: Profile, b: Profile, groups: dict[tuple[str, str], str]) -> bool:
    """Some report states that a name of ``a`` and a name of ``b`` name one entity."""
    keys = {groups.get((a.kind, fold(name))) for name in a.names} - {None}
    return any(groups.get((b.kind, fold(name))) in keys for name in b.names)


def place_judgements(places: list[Profile], stamp: str) -> list[Judgement]:
    """Places with one gazetteer entry or one folded key are one place (Qarvana / al-Qarvana / Ar Qarvanah):
    a name the gazetteer knows gives its entry (name, kind and country) and its folded key, so a
    spelling the gazetteer lacks still meets it."""
    gazetteer = load_gazetteer()
    groups: dict[str, list[str]] = defaultdict(list)
    for profile in places:
        keys = set()
        for name in profile.names:
            place = gazetteer.lookup(name)
            if place is None and fold(name) in COUNTRY_NAMES:  # "UK", "Britain": short country names
                place = gazetteer.lookup(COUNTRY_NAMES[fold(name)])
            if place is not None:
                keys.add(f"gaz:{place.name}:{place.kind}:{place.country}")
            if place_key(name):
                keys.add("key:" + place_key(name))
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


def _judgement(
    a: str, b: str, verdict: str, score: float | None, author: str, stamp: str, reason: str | None = None
) -> Judgement:
    lo, hi = sorted((a, b))
    return Judgement(lo, hi, verdict, score, author, stamp, reason)  # type: ignore[arg-type]
