"""Event statements of several reports into event groups (`resolve/events.py`) and the read model.

The rules are checked on hand-built records and on hand-built reports in a real
in-memory store (people, groups and places are invented); the last test ingests the
shared raw news texts and checks that no group joins statements that disagree.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from newsgraph.explore import list_events
from newsgraph.explore.events import disagreements
from newsgraph.explore.render import render_events
from newsgraph.nlp.gazetteer import Gazetteer, Place
from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.events import (
    EventRecord,
    Places,
    Span,
    group,
    group_events,
    load_events,
    load_places,
    parse_time,
    times_agree,
)
from newsgraph.resolve.run import resolve_store
from newsgraph.schema import EntityJSON, EventJSON, ExtractionJSON, FactJSON, TimeJSON
from newsgraph.store import connect, queries
from newsgraph.store.write import content_hash, store_result


def ev(
    id: str,
    document: str = "d1",
    type: str = "COERCE",
    mode: str = "",
    when: str | None = "2031-05-14",
    precision: str | None = "day",
    relation: str | None = None,
    *,
    cited: tuple[str, ...] = (),
    actors: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> EventRecord:
    days = tuple(day for day in (parse_time(c, "day") for c in cited) if isinstance(day, Span))
    return EventRecord(
        id=id,
        document_id=document,
        type=type,
        mode=mode,
        when=parse_time(when, precision, relation),
        cited=days,
        actors=frozenset(actors),
        targets=frozenset(targets),
        places=frozenset(places),
    )


def undated(
    id: str,
    document: str = "d1",
    type: str = "COERCE",
    mode: str = "",
    *,
    cited: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
) -> EventRecord:
    """An event statement with no time of its own; `cited`: the days its document gives."""
    return ev(id, document, type, mode, None, None, cited=cited, targets=targets)


def together(*events: EventRecord, places: Places | None = None) -> bool:
    groups = group(events, places)
    return len(set(groups.values())) == 1


# ---------------------------------------------------------------- (a) types and modes


def test_events_groups_types_must_agree() -> None:
    a = ev("a", "d1", "COERCE", "arrest", targets=("karim",))
    assert not together(a, ev("b", "d2", "ASSAULT", "arrest", targets=("karim",)))
    assert not together(a, ev("b", "d2", "COERCE", "seize", targets=("karim",)))
    assert together(a, ev("b", "d2", "COERCE", "arrest", targets=("karim",)))


def test_events_groups_a_mode_left_open_on_one_side_agrees() -> None:
    assert together(
        ev("a", "d1", "COERCE", "arrest", targets=("karim",)), ev("b", "d2", "COERCE", "", targets=("karim",))
    )


# ---------------------------------------------------------------- (b) key arguments


def test_events_groups_need_a_shared_key_argument() -> None:
    assert not together(ev("a", "d1", targets=("karim",)), ev("b", "d2", targets=("omar",)))
    assert not together(ev("a", "d1"), ev("b", "d2"))
    # the same entity in another role is no shared key ("A arrested B" / "B arrested A")
    assert not together(ev("a", "d1", actors=("karim",)), ev("b", "d2", targets=("karim",)))


def test_events_groups_a_shared_target_with_different_actors_stays_apart() -> None:
    a = ev("a", "d1", "FIGHT", actors=("northern-front",), targets=("shield-brigade",))
    b = ev("b", "d2", "FIGHT", actors=("korvik-army",), targets=("shield-brigade",))
    c = ev("c", "d3", "FIGHT", targets=("shield-brigade",))
    assert not together(a, b)
    assert together(a, c)


def test_events_groups_speech_acts_need_actor_and_target_to_agree() -> None:
    blame = ev("a", "d1", "ACCUSE", actors=("veldmark",), targets=("korvik",))
    assert not together(blame, ev("b", "d2", "ACCUSE", actors=("veldmark",), targets=("lindholm",)))
    assert not together(blame, ev("b", "d2", "ACCUSE", actors=("veldmark",)))
    assert not together(
        ev("a", "d1", "ACCUSE", actors=("veldmark",)), ev("b", "d2", "ACCUSE", actors=("veldmark",))
    )
    assert together(blame, ev("b", "d2", "ACCUSE", actors=("veldmark",), targets=("korvik",)))
    # a kind of event that one actor does once per target needs only one side
    assert together(ev("a", "d1", "COERCE", actors=("police",)), ev("b", "d2", "COERCE", actors=("police",)))


# ---------------------------------------------------------------- (c) dates


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (("2031-05-14", "day", "on"), ("2031-05", "month", "on"), True),
        (("2031-05-14", "day", "on"), ("2031-05-15", "day", "on"), False),
        (("2031-05-14", "day", "on"), ("2031-06", "month", "on"), False),
        (("2031-05-14", "day", "on"), ("2031", "year", "on"), True),
        (("2031-05-14", "day", "on"), ("2030", "year", "on"), False),
        (("2035", "year", "on"), ("2030", "decade", "on"), True),
        (("2031-05-14", "day", "on"), ("2031-05-20", "day", "before"), True),
        (("2031-05-14", "day", "on"), ("2031-05-10", "day", "before"), False),
        (("2031-05-14", "day", "on"), ("2031-05-16", "day", "around"), True),
        (("--05-14", "day", "on"), ("2031-05-14", "day", "on"), True),
        (("--05-14", "day", "on"), ("2031-05-15", "day", "on"), False),
        (("--05", "month", "on"), ("--05-14", "day", "on"), True),
    ],
)
def test_events_groups_dates_agree_at_their_precision(
    a: tuple[str, str, str], b: tuple[str, str, str], agree: bool
) -> None:
    x, y = parse_time(*a), parse_time(*b)
    assert x is not None and y is not None
    assert times_agree(x, y) is agree
    assert times_agree(y, x) is agree
    assert (
        together(
            ev("a", "d1", "COERCE", "", *a, targets=("karim",)),
            ev("b", "d2", "COERCE", "", *b, targets=("karim",)),
        )
        is agree
    )


def test_events_groups_a_year_the_text_left_open_uses_its_candidates() -> None:
    open_year, day = parse_time("--05-14", "day", "on", candidates=(2029,)), parse_time("2031-05-14", "day")
    assert open_year is not None and day is not None
    assert not times_agree(open_year, day)
    assert times_agree(parse_time("--05-14", "day", "on", candidates=(2029, 2031)), day)  # type: ignore[arg-type]
    assert parse_time("PRESENT_REF") is None and parse_time("P3M") is None and parse_time(None) is None


def test_events_groups_undated_joins_a_dated_report_only_through_a_day_its_document_gives() -> None:
    dated = ev("a", "d1", "COERCE", "arrest", "2031-05-14", "day", targets=("karim",))
    same_day = undated("b", "d2", "COERCE", "arrest", cited=("2031-05-14",), targets=("karim",))
    other_day = undated("c", "d3", "COERCE", "arrest", cited=("2031-05-20",), targets=("karim",))
    no_day = undated("d", "d4", "COERCE", "arrest", targets=("karim",))
    assert together(dated, same_day)
    assert not together(dated, other_day)
    assert not together(dated, no_day)
    # a month-precise group holds the document's day
    month = ev("e", "d5", "COERCE", "arrest", "2031-05", "month", targets=("karim",))
    assert together(month, other_day)


def test_events_groups_undated_needs_the_same_mode_to_join_a_dated_report() -> None:
    dated = ev("a", "d1", "COERCE", "arrest", "2031-05-14", "day", targets=("karim",))
    assert not together(dated, undated("b", "d2", "COERCE", "", cited=("2031-05-14",), targets=("karim",)))


def test_events_groups_undated_reports_need_one_document_or_a_common_day() -> None:
    a = undated("a", "d1", targets=("karim",))
    assert together(a, undated("b", "d1", targets=("karim",)))
    assert not together(a, ev("b", "d2", targets=("karim",)))
    assert together(
        undated("a", "d1", cited=("2031-05-14",), targets=("karim",)),
        undated("b", "d2", cited=("2031-05-14", "2031-05-02"), targets=("karim",)),
    )
    assert not together(
        undated("a", "d1", cited=("2031-05-14",), targets=("karim",)),
        undated("b", "d2", cited=("2031-05-13",), targets=("karim",)),
    )


# ---------------------------------------------------------------- (d) places


def test_events_groups_places_agree_when_the_same_or_one_inside_the_other() -> None:
    inside = Places([("korvik", "veldmark"), ("old-town", "korvik")])
    a = ev("a", "d1", targets=("karim",), places=("korvik",))
    assert together(a, ev("b", "d2", targets=("karim",), places=("korvik",)), places=inside)
    assert together(a, ev("b", "d2", targets=("karim",), places=("veldmark",)), places=inside)
    assert together(a, ev("b", "d2", targets=("karim",)), places=inside)
    assert not together(a, ev("b", "d2", targets=("karim",), places=("lindholm",)), places=inside)
    # located_in is closed transitively
    assert inside.contains("veldmark", "old-town")
    assert together(
        ev("a", "d1", targets=("karim",), places=("old-town",)),
        ev("b", "d2", targets=("karim",), places=("veldmark",)),
        places=inside,
    )


# ---------------------------------------------------------------- groups as a whole


def test_events_groups_never_chain_incompatible_reports() -> None:
    # a ~ b (b has no place) and b ~ c, but a and c name two places: c stays out
    a = ev("a", "d1", targets=("karim",), when="2031-05", precision="month", places=("korvik",))
    b = ev("b", "d2", targets=("karim",), when="2031-05-14", precision="day")
    c = ev("c", "d3", targets=("karim",), when="2031-05", precision="month", places=("lindholm",))
    groups = group([a, b, c])
    assert groups["a"] == groups["b"] == "a" and groups["c"] == "c"
    # dates: a month holds two days, the days do not agree with each other
    x = ev("x", "d1", targets=("karim",), when="2031-05", precision="month")
    y = ev("y", "d2", targets=("karim",), when="2031-05-14", precision="day")
    z = ev("z", "d3", targets=("karim",), when="2031-05-20", precision="day")
    groups = group([x, y, z])
    assert groups["x"] == groups["y"] != groups["z"]


def test_events_groups_are_deterministic_and_keep_their_ids_as_reports_arrive() -> None:
    first = [
        ev("s3", "d1", targets=("karim",), when="2031-05-14", precision="day"),
        ev("s1", "d2", targets=("karim",), when="2031-05", precision="month"),
        ev("s2", "d2", targets=("omar",), when="2031-05-14", precision="day"),
    ]
    groups = group(first)
    assert groups == group(first)
    assert groups == {"s3": "s3", "s1": "s3", "s2": "s2"}  # the id of the group's first statement
    later = [*first, ev("s0", "d3", targets=("karim",), when="2031-05-14", precision="day")]
    grown = group(later)
    assert {k: grown[k] for k in groups} == groups and grown["s0"] == "s3"


# ---------------------------------------------------------------- in a real store

TEXT = "The Korvik police arrested Karim Dalvo in Old Town. Officials said so."


def _time(value: str | None, precision: str | None) -> TimeJSON | None:
    return None if value is None else TimeJSON(text=value, value=value, precision=precision, relation="on")


def _report(
    document: str,
    published: str | None,
    events: list[tuple[str, str | None, str | None, dict[str, str]]],
    *,
    located: tuple[str, str] | None = None,
) -> ExtractionJSON:
    """A report whose events are (mode, time value, precision, {role: entity name})."""
    names = sorted({name for *_, args in events for name in args.values()} | set(located or ()))
    kinds = {"Old Town": "PLACE", "Korvik": "PLACE", "Lindholm": "PLACE", "Veldmark": "PLACE"}
    entities = [
        EntityJSON(id=f"e{i}", type=kinds.get(name, "PERSON"), name=name, aliases=[], mentions=[])  # type: ignore[typeddict-item]
        for i, name in enumerate(names)
    ]
    local = {name: f"e{i}" for i, name in enumerate(names)}
    span = {"start": 0, "end": 30, "text": TEXT[:30]}
    out_events = [
        EventJSON(
            id=f"v{i}",
            type="COERCE",
            mode=mode,
            trigger={"start": 17, "end": 25, "text": "arrested"},
            arguments=[{"role": role, "entity": local[name]} for role, name in args.items()],
            time=_time(value, precision),
            source=None,
            hedged=False,
            negated=False,
            evidence=span,  # type: ignore[typeddict-item]
            confidence=0.9,
            extractor="test",
        )
        for i, (mode, value, precision, args) in enumerate(events)
    ]
    facts = []
    if located:
        facts.append(
            FactJSON(
                id="f0",
                predicate="located_in",
                subject=local[located[0]],
                object=local[located[1]],
                qualifiers={},
                time=None,
                source=None,
                hedged=False,
                negated=False,
                evidence=span,  # type: ignore[typeddict-item]
                confidence=0.9,
                extractor="test",
            )
        )
    return ExtractionJSON(
        document={
            "id": document,
            "title": f"Report {document}",
            "published": published,
            "source": "Wire",
            "language": "en",
        },
        entities=entities,
        facts=facts,
        events=out_events,
        times=[],
    )


def _store(conn: sqlite3.Connection, result: ExtractionJSON) -> None:
    text = TEXT + " " + result["document"]["id"]
    assert store_result(conn, result, text=text, content_hash=content_hash(text))
    conn.commit()
    # resolution stands in: one canonical id per name
    by_name: dict[str, list[str]] = defaultdict(list)
    for entity in queries.all_entities(conn):
        by_name[entity.name].append(entity.id)
    queries.set_canonical_ids(conn, {e: min(ids) for ids in by_name.values() for e in ids})


def _groups(conn: sqlite3.Connection) -> dict[tuple[str, str | None], str]:
    """(document, time value) -> event group of each event statement."""
    out: dict[tuple[str, str | None], str] = {}
    for found in list_events(conn):
        for claim in found["claims"]:
            out[(claim["document_id"], claim["time"]["value"] if claim["time"] else None)] = found["id"]
    assert len(out) == len(load_events(conn))  # one event per (document, time) in these reports
    return out


def test_events_groups_in_the_store_follow_resolution_and_keep_their_ids() -> None:
    conn = connect(":memory:")
    _store(
        conn,
        _report(
            "r1",
            "2031-05-15",
            [("arrest", "2031-05-14", "day", {"target": "Karim Dalvo", "place": "Old Town"})],
            located=("Old Town", "Korvik"),
        ),
    )
    _store(
        conn,
        _report(
            "r2", "2031-05-16", [("arrest", "2031-05", "month", {"target": "Karim Dalvo", "place": "Korvik"})]
        ),
    )
    _store(conn, _report("r3", "2031-05-16", [("arrest", "2031-05-12", "day", {"target": "Karim Dalvo"})]))
    assert group_events(conn) == 2
    first = _groups(conn)
    assert first[("r1", "2031-05-14")] == first[("r2", "2031-05")] != first[("r3", "2031-05-12")]
    # a re-run gives the same ids; a later report joins without renaming the group
    assert group_events(conn) == 2 and _groups(conn) == first
    _store(conn, _report("r4", "2031-05-20", [("arrest", None, None, {"target": "Karim Dalvo"})]))
    _store(conn, _report("r5", "2031-05-14", [("arrest", None, None, {"target": "Karim Dalvo"})]))
    assert group_events(conn) == 3
    grown = _groups(conn)
    assert {k: grown[k] for k in first} == first
    assert grown[("r5", None)] == first[("r1", "2031-05-14")]  # published on the group's day
    assert grown[("r4", None)] not in first.values()  # undated, and its document gives another day


def test_events_groups_places_from_a_gazetteer() -> None:
    conn = connect(":memory:")
    _store(
        conn,
        _report(
            "r1", None, [("arrest", "2031-05-14", "day", {"target": "Karim Dalvo", "place": "Lindholm"})]
        ),
    )
    _store(
        conn,
        _report(
            "r2", None, [("arrest", "2031-05-14", "day", {"target": "Karim Dalvo", "place": "Veldmark"})]
        ),
    )
    events = load_events(conn)
    gazetteer = Gazetteer.from_names(
        [
            (Place("Lindholm", "city", "QV", 80_000), ["Lindholm"], []),
            (Place("Veldmark", "country", "QV", 5_000_000), ["Veldmark"], []),
            (Place("Korvik", "city", "QW", 90_000), ["Korvik"], []),
        ]
    )
    assert len(set(group(events, load_places(conn, events, gazetteer=gazetteer)).values())) == 1
    assert (
        len(set(group(events, load_places(conn, events, gazetteer=Gazetteer.from_names([]))).values())) == 2
    )


def test_events_groups_read_model_lists_reports_and_disagreements() -> None:
    conn = connect(":memory:")
    _store(
        conn,
        _report(
            "r1",
            "2031-05-15",
            [("arrest", "2031-05-14", "day", {"target": "Karim Dalvo", "actor": "Korvik Police"})],
        ),
    )
    _store(conn, _report("r2", "2031-05-16", [("arrest", "2031-05", "month", {"target": "Karim Dalvo"})]))
    group_events(conn)
    (joined,) = [g for g in list_events(conn) if g["reports"] == 2]
    assert [r["document_id"] for r in joined["report_documents"]] == ["r1", "r2"]
    assert [r["title"] for r in joined["report_documents"]] == ["Report r1", "Report r2"]
    (date,) = joined["disagreements"]
    assert date["field"] == "date"
    assert sorted((s["value"], tuple(s["documents"])) for s in date["sides"]) == [
        ("2031-05", ("r2",)),
        ("2031-05-14", ("r1",)),
    ]
    text = render_events([joined])
    assert "reports:" in text and "Report r1" in text and "disagreements:" in text
    assert "date: " in text and "[R1]" in text and "[R2]" in text
    # figures in qualifiers, and actors, side by side (a claim silent on a field is no side)
    by_document = {c["document_id"]: dict(c) for c in joined["claims"]}
    first, second = by_document["r1"], by_document["r2"]
    first["qualifiers"], second["qualifiers"] = {"killed": 12}, {"killed": 15}
    second["arguments"] = [
        *second["arguments"],
        {
            "role": "actor",
            "entity": {"id": "x/e9", "canonical_id": "x/e9", "name": "Lindholm Guard", "type": "ORG"},
        },
    ]
    fields = {d["field"]: d for d in disagreements([first, second])}  # type: ignore[list-item]
    assert {s["value"] for s in fields["killed"]["sides"]} == {"12", "15"}
    assert {s["value"] for s in fields["actor"]["sides"]} == {"Korvik Police", "Lindholm Guard"}
    assert "target" not in fields


# ---------------------------------------------------------------- the shared raw news texts


def _prefix_agree(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def test_events_groups_news_texts_join_no_reports_that_disagree(
    nlp: Any, shared_dir: Path, tmp_path: Path
) -> None:
    folder = shared_dir / "evaldata" / "iraq_syria_news_texts" / "articles"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    conn = connect(str(tmp_path / "news.db"))
    assert ingest_paths(conn, [str(folder)], nlp=nlp).new >= 20
    resolve_store(conn)
    multi_report = 0
    for g in list_events(conn):
        claims = [c for c in g["claims"] if not c["negated"]]
        multi_report += len({c["document_id"] for c in claims}) > 1
        for a, b in itertools.combinations(claims, 2):
            assert a["predicate"] == b["predicate"]
            assert not a["mode"] or not b["mode"] or a["mode"] == b["mode"]
            for role in ("actor", "target"):  # key arguments after resolution
                x = {r["entity"]["canonical_id"] for r in a["arguments"] if r["role"] == role}
                y = {r["entity"]["canonical_id"] for r in b["arguments"] if r["role"] == role}
                assert not x or not y or x & y, (role, a, b)
            ta, tb = a["time"], b["time"]
            va, vb = (ta["value"] if ta else None), (tb["value"] if tb else None)
            if va and vb and ta and tb:
                if ta["relation"] == tb["relation"] == "on":  # one value is the other at a lower precision
                    assert _prefix_agree(va, vb), (va, vb)
                else:
                    x_time, y_time = (
                        parse_time(va, ta["precision"], ta["relation"]),
                        parse_time(vb, tb["precision"], tb["relation"]),
                    )
                    assert x_time is not None and y_time is not None and times_agree(x_time, y_time)
            elif va or vb:  # an undated report joined a dated one: same mode, and its document gives the day
                assert a["mode"] == b["mode"]
    assert multi_report >= 1  # grouping still joins reports of one event
