"""Entity profiles and event listings over a base built from three extracted reports."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from explore_reports import build_kb, document_ids, entity_id, extract_reports
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.explore import (
    EventFilter,
    build_profile,
    document_view,
    find_canonical,
    list_events,
    place_ids,
    render_profile,
)
from newsgraph.explore.kb import member_ids
from newsgraph.explore.profile import ProfileJSON
from newsgraph.schema import ExtractionJSON

Extracted = list[tuple[ExtractionJSON, str]]


@pytest.fixture(scope="module")
def extracted(nlp: Any) -> Extracted:
    return extract_reports(nlp)


@pytest.fixture
def kb(extracted: Extracted) -> sqlite3.Connection:
    return build_kb(extracted)


def profile_of(conn: sqlite3.Connection, query: str) -> ProfileJSON:
    (found,) = find_canonical(conn, query)
    profile = build_profile(conn, found.id)
    assert profile is not None
    return profile


def test_explore_lookup_by_id_name_alias_and_words(kb: sqlite3.Connection) -> None:
    first = entity_id(kb, "Karim Haddad", 0)
    by_id = find_canonical(kb, first)
    assert len(by_id) == 1 and by_id[0].members == 2 and by_id[0].documents == 2
    for query in ("karim al-haddad", "Karim Yusuf al-Haddad", "Haddad"):
        assert [c.id for c in find_canonical(kb, query)] == [by_id[0].id], query
    assert find_canonical(kb, by_id[0].id)[0].id == by_id[0].id  # the canonical id itself
    assert find_canonical(kb, "Nobody Known") == []
    assert [c.type for c in find_canonical(kb, "Manbij", types=("PLACE",))] == ["PLACE"]
    assert find_canonical(kb, "Manbij", types=("PERSON",)) == []


def test_explore_lookup_before_resolution_lists_each_entity(extracted: Extracted) -> None:
    conn = build_kb(extracted, resolve=False)
    found = find_canonical(conn, "Samir Tawil")
    assert len(found) == 2  # named in two reports, not yet joined
    assert {c.members for c in found} == {1}


def test_explore_profile_names_and_aliases_with_sources(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    assert profile["type"] == "PERSON"
    assert len(profile["members"]) == 2
    names = {(n["name"], n["kind"]): n for n in profile["names"]}
    first, second = document_ids(kb)[:2]
    assert names[("Karim Haddad", "name")]["documents"] == [first]
    assert names[("Karim al-Haddad", "name")]["documents"] == [second]
    real = names[("Karim Yusuf al-Haddad", "real_name")]
    assert real["documents"] == [first]
    (source,) = real["sources"]
    assert source["statement_id"] is not None and source["evidence"] is not None
    assert "real name" in source["evidence"]["text"]


def test_explore_profile_posts_with_titles_and_dates(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    posts = {(p["predicate"], p["object"]["name"] if p["object"] else None) for p in profile["posts"]}
    assert ("leader_of", "Northern Shield Brigade") in posts
    titles = [p["qualifiers"].get("title") for p in profile["posts"] if p["predicate"] == "position_held"]
    assert "commander" in titles
    assert len({p["document_id"] for p in profile["posts"]}) == 2  # aggregated over both reports
    brigade = profile_of(kb, "Northern Shield Brigade")
    holders = {h["subject"]["name"] for h in brigade["holders"] if h["subject"]}
    assert {"Karim al-Haddad", "Omar Fawzi"} <= holders
    text = render_profile(profile)
    assert "Roles and posts" in text and "commander of Northern Shield Brigade" in text


def test_explore_profile_timeline_in_time_order(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    arrests = [g for g in profile["timeline"] if (g["type"], g["mode"]) == ("COERCE", "arrest")]
    assert len(arrests) == 2  # two reports, not yet grouped as one event
    assert {g["date"] for g in arrests} == {"2021-03-09"}
    dates = [g["date"] or "~" for g in profile["timeline"]]
    assert dates == sorted(dates)


def test_explore_profile_conflicting_birth_claims_side_by_side(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    conflicts = {c["predicate"]: c for c in profile["conflicts"] if c["kind"] == "values"}
    assert {side["value"] for side in conflicts["born_on"]["sides"]} == {"1971", "1969"}
    assert {side["value"] for side in conflicts["born_in"]["sides"]} == {"Homs", "Latakia"}
    for side in conflicts["born_on"]["sides"]:
        assert len({claim["document_id"] for claim in side["claims"]}) == 1
    line = next(line for line in render_profile(profile).splitlines() if line.strip().startswith("born_on:"))
    assert "1971" in line and "1969" in line and "<>" in line


def _copy_statement(conn: sqlite3.Connection, statement_id: str, new_id: str, **changes: object) -> None:
    row = dict(conn.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone())
    row.update(id=new_id, local_id=new_id, **changes)
    conn.execute(
        f"INSERT INTO statements ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )
    conn.commit()


def test_explore_profile_compatible_dates_agree_and_a_denial_conflicts(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    born = next(s for s in profile["facts"] if s["predicate"] == "born_on" and s["literal"] == "1971")
    _copy_statement(kb, born["id"], "more-precise", object_literal="1971-05-02")
    leader = next(s for s in profile["posts"] if s["predicate"] == "leader_of")
    _copy_statement(kb, leader["id"], "denied", negated=1)
    profile = profile_of(kb, "Karim Haddad")
    conflicts = {(c["predicate"], c["kind"]): c for c in profile["conflicts"]}
    # '1971-05-02' agrees with '1971': still two sides, not three.
    assert len(conflicts[("born_on", "values")]["sides"]) == 2
    denial = conflicts[("leader_of", "denied")]
    assert [side["value"] for side in denial["sides"]] == [
        "Northern Shield Brigade",
        "not Northern Shield Brigade",
    ]


def test_explore_profile_claims_grouped_by_source(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    groups = {g["source"]: g for g in profile["claims_by_source"]}
    assert sum(len(g["claims"]) for g in groups.values()) == len(
        {c["id"] for g in groups.values() for c in g["claims"]}
    )
    for name, group in groups.items():
        for claim in group["claims"]:
            assert (claim["source"]["name"] if claim["source"] else "publisher") == name


def test_explore_profile_every_statement_traceable(kb: sqlite3.Connection) -> None:
    profile = profile_of(kb, "Karim Haddad")
    texts = dict(kb.execute("SELECT id, text FROM documents").fetchall())
    statements = [s for g in profile["claims_by_source"] for s in g["claims"]]
    assert statements
    for statement in statements:
        evidence = statement["evidence"]
        assert texts[statement["document_id"]][evidence["start"] : evidence["end"]] == evidence["text"]
    assert {d["id"] for d in profile["documents"]} == set(document_ids(kb)[:2])
    assert [d["label"] for d in profile["documents"]] == ["D1", "D2"]
    json.dumps(profile)  # JSON-ready as it is


def test_explore_document_view_marks_mentions_and_statements_in_the_text(kb: sqlite3.Connection) -> None:
    first = document_ids(kb)[0]
    view = document_view(kb, first)
    assert view is not None
    assert (view["id"], view["published"]) == (first, "2021-03-10")
    text = view["text"]
    assert text.startswith("Security forces arrested Karim Haddad")
    assert view["mentions"] and all(text[m["start"] : m["end"]] == m["text"] for m in view["mentions"])
    assert [m["start"] for m in view["mentions"]] == sorted(m["start"] for m in view["mentions"])
    haddad = find_canonical(kb, "Karim Haddad")[0].id
    assert any(m["entity"]["canonical_id"] == haddad for m in view["mentions"])
    kinds = {s["kind"] for s in view["statements"]}
    assert kinds == {"fact", "event"} and all(s["document_id"] == first for s in view["statements"])
    for statement in view["statements"]:
        evidence = statement["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    json.dumps(view)  # JSON-ready as it is
    assert document_view(kb, "no-such-document") is None


def test_explore_events_one_line_per_event_group(kb: sqlite3.Connection) -> None:
    arrests = list_events(kb, selection=EventFilter(type="COERCE/arrest"))
    assert len(arrests) == 2
    group = "group:arrest-1"
    kb.executemany(
        "UPDATE statements SET event_group = ? WHERE id = ?",
        [(group, c["id"]) for a in arrests for c in a["claims"]],
    )
    kb.commit()
    (event,) = list_events(kb, selection=EventFilter(type="COERCE/arrest"))
    assert event["id"] == group
    assert event["reports"] == 2 and len(event["claims"]) == 2
    assert event["documents"] == sorted(document_ids(kb)[:2])
    assert [ref["name"] for ref in event["arguments"]["target"]] == ["Karim al-Haddad"]


def test_explore_events_filters_combine(kb: sqlite3.Connection) -> None:
    everything = list_events(kb)
    assert len(everything) >= 4
    assert {g["type"] for g in list_events(kb, selection=EventFilter(type="consult"))} == {"CONSULT"}
    assert {g["mode"] for g in list_events(kb, selection=EventFilter(type="arrest"))} == {"arrest"}
    haddad = tuple(member_ids(kb, find_canonical(kb, "Karim Haddad")[0].id))
    his = list_events(kb, selection=EventFilter(entities=haddad))
    assert his and all(
        any(ref["name"] == "Karim al-Haddad" for refs in g["arguments"].values() for ref in refs) for g in his
    )
    manbij = place_ids(kb, find_canonical(kb, "Manbij", types=("PLACE",))[0].id)
    there = list_events(kb, selection=EventFilter(places=manbij))
    assert there and all("Manbij" in [r["name"] for r in g["arguments"]["place"]] for g in there)
    march = list_events(kb, selection=EventFilter(since="2021-03", until="2021-03-31"))
    assert march and all(g["date"] is not None and g["date"].startswith("2021-03") for g in march)
    assert list_events(kb, selection=EventFilter(entities=haddad, places=manbij)) == []
    assert len(list_events(kb, limit=2)) == 2
    april = list_events(kb, selection=EventFilter(since="2021-04-01"))
    assert all(g["date"] is not None and g["date"] >= "2021-03-29" for g in april)


runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture
def kb_file(extracted: Extracted, tmp_path: Path) -> Path:
    path = tmp_path / "kb.db"
    build_kb(extracted, path=str(path)).close()
    return path


def test_explore_cli_entity_text_json_and_exit_codes(kb_file: Path, tmp_path: Path) -> None:
    db = str(kb_file)
    result = invoke("entity", "Karim Haddad", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Karim al-Haddad") and "Conflicting claims" in result.stdout
    result = invoke("entity", "Haddad", "--db", db, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "Karim al-Haddad"
    assert invoke("entity", "Nobody Known", "--db", db).exit_code == 1
    assert invoke("entity", "Haddad", "--db", str(tmp_path / "missing.db")).exit_code == 2
    assert not (tmp_path / "missing.db").exists()


def test_explore_cli_entity_ambiguous_lists_candidates(extracted: Extracted, tmp_path: Path) -> None:
    path = tmp_path / "unresolved.db"
    build_kb(extracted, path=str(path), resolve=False).close()
    result = invoke("entity", "Samir Tawil", "--db", str(path))
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if "Samir Tawil" in line]) == 2
    result = invoke("entity", "Samir Tawil", "--db", str(path), "--json")
    assert len(json.loads(result.stdout)["candidates"]) == 2


def test_explore_cli_events_filters_and_usage_errors(kb_file: Path) -> None:
    db = str(kb_file)
    result = invoke("events", "--db", db, "--type", "COERCE", "--entity", "Haddad", "--place", "Deir Hafer")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all("COERCE/arrest" in line and "report(s)" in line for line in lines)
    result = invoke("events", "--db", db, "--json", "--limit", "1")
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["claims"]
    assert invoke("events", "--db", db, "--type", "SANCTION").exit_code == 1
    assert invoke("events", "--db", db, "--entity", "Nobody Known").exit_code == 1
    assert invoke("events", "--db", db, "--since", "2021-13").exit_code == 2
    assert invoke("events", "--db", db, "--since", "2021-05-01", "--until", "2021-04-01").exit_code == 2
