"""Reports of one real event across documents: event statements into event groups.

Two affirmed event statements may share a group only when all of these hold
(``compatible``, a symmetric test of two statements):

(a) **Type.** The PLOVER types are equal and, where both have one, the modes too.
(b) **Key arguments**, after resolution (canonical ids). For ``actor`` and ``target``:
    where both statements name one, they share an entity; and at least one of the two
    is shared. Acts that one actor does again and again towards others (speech acts:
    accusing, condemning, praising, demanding, threatening, rejecting; meetings)
    need both: the same actor *and* the same target (``BOTH_SIDES``).
(c) **Dates**, at their precision (``times_agree``): a day and the month that holds
    it agree, two different days do not; "before" / "after" / "around" widen a time
    into an interval. An undated statement never joins a dated one unless its mode
    is the same (not merely left open) and the day its document gives (its
    publication date, or the day-precision time of another of its statements, see
    ``CitedDay``) falls in the dated statement's time. Two undated statements agree
    in one document, or when their documents give a common day; with no date at all
    in either document they stay apart.
(d) **Places** (``places_agree``): where both name places, each place of one is the
    same canonical place as one of the other's, or lies in it or holds it (``located_in``
    statements, closed transitively, and the gazetteer: a city or province in its
    country). A statement with no place agrees on place.

A group is built by checking each new member against *every* member, never against
one: A ~ B and B ~ C do not put A and C together when A and C disagree. Statements
are taken in ingest order (document, then statement id) and each joins the first
group, in the order groups were opened, that it agrees with entirely; else it opens
one. The group's id is the id of its first statement, so adding later reports never
renames nor reshuffles an earlier group (only a change in resolution can).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..nlp.gazetteer import Gazetteer, load_gazetteer
from ..store import queries

KEY_ROLES = ("actor", "target")
# PLOVER types whose reports are one event only when actor and target both agree.
BOTH_SIDES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "DEMAND", "THREATEN", "CONSULT"})
# How far "around" widens a time, by its precision, in days on each side.
AROUND_DAYS = {"day": 3, "month": 31, "year": 183, "decade": 1826}
CONTAINING_KINDS = {"country": ("admin1", "city")}  # gazetteer kinds that hold the others of their country

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_PARTIAL = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Span:
    """A time as the days it may cover, first and last included."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Partial:
    """A month or day whose year the text left open (``--05-20``), with the years that fit, if known."""

    month: int
    day: int | None
    years: frozenset[int]


When = Span | Partial


def parse_time(
    value: str | None,
    precision: str | None = None,
    relation: str | None = None,
    candidates: Iterable[int] = (),
) -> When | None:
    """The days a TIME value may cover; None when it gives no calendar date (no value,
    ``PRESENT_REF``, a duration, a set)."""
    if not value:
        return None
    partial = _PARTIAL.match(value)
    if partial:
        month, month_day = int(partial[1]), int(partial[2]) if partial[2] else None
        if not 1 <= month <= 12:
            return None
        return Partial(month, month_day, frozenset(candidates))
    found = _DATE.match(value)
    if not found:
        return None
    year = int(found[1])
    try:
        if precision == "decade":
            span = Span(dt.date(year, 1, 1), dt.date(year + 9, 12, 31))
        elif found[3]:
            day = dt.date(year, int(found[2]), int(found[3]))
            span = Span(day, day)
        elif found[2]:
            span = _month(year, int(found[2]))
        else:
            span = Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        return None
    if relation == "before":
        return Span(dt.date.min, span.end)
    if relation == "after":
        return Span(span.start, dt.date.max)
    if relation == "around":
        days = dt.timedelta(days=AROUND_DAYS.get(precision or "day", 0))
        return Span(_shift(span.start, -days), _shift(span.end, days))
    return span


def _month(year: int, month: int) -> Span:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Span(first, following - dt.timedelta(days=1))


def _shift(day: dt.date, by: dt.timedelta) -> dt.date:
    try:
        return day + by
    except OverflowError:
        return dt.date.min if by.days < 0 else dt.date.max


def times_agree(a: When, b: When) -> bool:
    """Whether two times can be the time of one event: their days overlap."""
    if isinstance(a, Span) and isinstance(b, Span):
        return a.start <= b.end and b.start <= a.end
    if isinstance(a, Partial) and isinstance(b, Partial):
        if a.years and b.years and not a.years & b.years:
            return False
        return a.month == b.month and (a.day is None or b.day is None or a.day == b.day)
    partial, span = (a, b) if isinstance(a, Partial) else (b, a)
    assert isinstance(partial, Partial) and isinstance(span, Span)
    years = sorted(partial.years) or range(span.start.year, span.end.year + 1)
    if not partial.years and span.end.year - span.start.year > 1:
        return True  # every month and day occurs in it
    for year in years:
        if not span.start.year <= year <= span.end.year:
            continue
        try:
            if partial.day is None:
                own = _month(year, partial.month)
            else:
                day = dt.date(year, partial.month, partial.day)
                own = Span(day, day)
        except ValueError:
            continue
        if own.start <= span.end and span.start <= own.end:
            return True
    return False


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event statement as grouping compares it; argument sets hold canonical ids."""

    id: str
    document_id: str
    type: str
    mode: str = ""  # '' when none
    when: When | None = None
    cited: tuple[Span, ...] = ()  # the days its document gives (publication, its statements' days)
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()

    def role(self, role: str) -> frozenset[str]:
        return self.actors if role == "actor" else self.targets


class Places:
    """Which canonical places agree: the same one, or one inside the other."""

    def __init__(self, inside: Iterable[tuple[str, str]] = ()) -> None:
        outer: dict[str, set[str]] = defaultdict(set)
        for a, b in inside:
            if a != b:
                outer[a].add(b)
        self._outer = _closure(outer)

    def contains(self, outer: str, inner: str) -> bool:
        return outer in self._outer.get(inner, ())

    def agree(self, a: str, b: str) -> bool:
        return a == b or self.contains(a, b) or self.contains(b, a)


def _closure(outer: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Every place each place lies in, through any number of steps."""
    out: dict[str, frozenset[str]] = {}
    for start in outer:
        seen: set[str] = set()
        stack = list(outer[start])
        while stack:
            place = stack.pop()
            if place not in seen and place != start:
                seen.add(place)
                stack += outer.get(place, ())
        out[start] = frozenset(seen)
    return out


def types_agree(a: EventRecord, b: EventRecord) -> bool:
    """Rule (a): one PLOVER type, and one mode where both have one."""
    return a.type == b.type and (not a.mode or not b.mode or a.mode == b.mode)


def keys_agree(a: EventRecord, b: EventRecord) -> bool:
    """Rule (b): no key role named by both with different entities, and enough roles shared."""
    shared = 0
    for role in KEY_ROLES:
        x, y = a.role(role), b.role(role)
        if x and y:
            if not x & y:
                return False
            shared += 1
    return shared == len(KEY_ROLES) if a.type in BOTH_SIDES else shared > 0


def dates_agree(a: EventRecord, b: EventRecord) -> bool:
    """Rule (c): dated with dated at their precision; undated through the days their documents give."""
    if a.when is not None and b.when is not None:
        return times_agree(a.when, b.when)
    if a.when is not None or b.when is not None:
        dated, undated = (a, b) if a.when is not None else (b, a)
        assert dated.when is not None
        return dated.mode == undated.mode and any(times_agree(dated.when, day) for day in undated.cited)
    if a.document_id == b.document_id:
        return True
    return bool(set(a.cited) & set(b.cited))


def places_agree(a: EventRecord, b: EventRecord, places: Places) -> bool:
    """Rule (d): every place of one agrees with a place of the other; no place agrees with any."""
    if not a.places or not b.places:
        return True

    def covered(xs: frozenset[str], ys: frozenset[str]) -> bool:
        return all(any(places.agree(x, y) for y in ys) for x in xs)

    return covered(a.places, b.places) or covered(b.places, a.places)


def compatible(a: EventRecord, b: EventRecord, places: Places) -> bool:
    """Whether two event statements can be reports of one event (rules a-d of the module doc)."""
    return types_agree(a, b) and keys_agree(a, b) and dates_agree(a, b) and places_agree(a, b, places)


def group(events: Sequence[EventRecord], places: Places | None = None) -> dict[str, str]:
    """Statement id -> group id, taking `events` in the order given (see the module doc)."""
    places = Places() if places is None else places
    members: list[list[EventRecord]] = []
    index: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    out: dict[str, str] = {}
    for event in events:
        keys = [(event.type, role, entity) for role in KEY_ROLES for entity in sorted(event.role(role))]
        candidates = sorted({g for key in keys for g in index.get(key, ())})
        home = next((g for g in candidates if all(compatible(event, m, places) for m in members[g])), None)
        if home is None:
            home = len(members)
            members.append([])
        members[home].append(event)
        for key in keys:
            index[key].add(home)
        out[event.id] = members[home][0].id
    return out


def load_events(conn: sqlite3.Connection) -> list[EventRecord]:
    """The affirmed event statements of the store in ingest order, arguments at their canonical ids."""
    canonical = queries.canonical_of_entities(conn)
    args: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for arg in queries.all_arguments(conn):
        args[arg.statement_id][arg.role].add(canonical.get(arg.entity_id, arg.entity_id))
    cited: dict[str, list[Span]] = defaultdict(list)
    for row in queries.cited_days(conn):
        day = parse_time(row.value[:10], "day")
        if isinstance(day, Span) and day not in cited[row.document_id]:
            cited[row.document_id].append(day)
    out: list[EventRecord] = []
    for event in queries.grouping_events(conn):
        roles = args[event.id]
        when = parse_time(event.time_value, event.time_precision, event.time_relation, event.time_candidates)
        out.append(
            EventRecord(
                id=event.id,
                document_id=event.document_id,
                type=event.predicate,
                mode=event.mode,
                when=when,
                cited=tuple(cited[event.document_id]),
                actors=frozenset(roles.get("actor", ())),
                targets=frozenset(roles.get("target", ())),
                places=frozenset(roles.get("place", ())),
            )
        )
    return out


def load_places(
    conn: sqlite3.Connection, events: Iterable[EventRecord], *, gazetteer: Gazetteer | None = None
) -> Places:
    """Containment among the events' places: ``located_in`` statements, closed transitively, and
    the gazetteer (`load_gazetteer()` unless given): one entry under two canonical ids is one
    place, a city or province lies in its country."""
    ids = sorted({p for event in events for p in event.places})
    if not ids:
        return Places()
    inside = set(queries.located_in_pairs(conn, ids))
    wanted = set(ids) | {p for pair in inside for p in pair}
    if gazetteer is None:
        gazetteer = load_gazetteer()
    canonical = queries.canonical_of_entities(conn)
    entries: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # place -> (name, kind, country)
    for entity in queries.all_entities(conn):
        place_id = canonical.get(entity.id, entity.id)
        if entity.type == "PLACE" and place_id in wanted:
            place = gazetteer.lookup(entity.name)
            if place is not None:
                entries[place_id].add((place.name, place.kind, place.country))
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, country) -> places of that entry
    named: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for place_id, found in entries.items():
        for entry in found:
            named[entry].add(place_id)
            holders[(entry[1], entry[2])].add(place_id)
    for same in named.values():  # one gazetteer place under two canonical ids: the same place
        inside |= {(a, b) for a in same for b in same if a != b}
    for place_id, found in entries.items():
        for _name, kind, country in found:
            for outer_kind, inner_kinds in CONTAINING_KINDS.items():
                if kind in inner_kinds and country:
                    inside |= {(place_id, outer) for outer in holders.get((outer_kind, country), ())}
    return Places(inside)


def group_events(conn: sqlite3.Connection) -> int:
    """Group the store's event statements (``statements.event_group``); return the number of groups."""
    events = load_events(conn)
    groups = group(events, load_places(conn, events))
    queries.set_event_groups(conn, groups)
    return len(set(groups.values()))
