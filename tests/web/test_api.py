"""The JSON API against a real uvicorn server on loopback, over a base built by the real ingest."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from api_client import get, ok, search_one
from web_reports import REPORTS

from newsgraph.store import connect

FIRST_ID = "wire:2031/03/korvik-arrest"


def test_api_stats_count_the_ingested_reports(live_server: str) -> None:
    stats = ok(live_server, "/api/stats")
    assert stats["documents"] == len(REPORTS)
    assert stats["entities_by_type"]["PERSON"] >= 4
    assert stats["events"] >= 3


def test_api_openapi_and_docs_are_served(live_server: str) -> None:
    spec = ok(live_server, "/api/openapi.json")
    for route in (
        "/api/search",
        "/api/entities/{entity_id}",
        "/api/events",
        "/api/judgements",
        "/api/export",
    ):
        assert route in spec["paths"], route
    docs = get(live_server, "/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_api_search_finds_canonical_entities_with_aliases(live_server: str) -> None:
    body = ok(live_server, "/api/search", q="keller")
    assert body["query"] == "keller"
    hits = [r for r in body["results"] if r["name"] == "Anna Keller"]
    assert hits, body
    hit = hits[0]
    assert set(hit) >= {"id", "name", "type", "aliases", "documents"}
    assert hit["type"] == "PERSON"
    every_alias = {a for r in hits for a in r["aliases"]}
    assert "Anna Maria Keller" in every_alias  # "whose real name is" in the first report
    assert hit["documents"] >= 1
    # a prefix of the last word matches; the type filter keeps only that type
    assert any(r["name"] == "Anna Keller" for r in ok(live_server, "/api/search", q="Kell")["results"])
    places = ok(live_server, "/api/search", q="Korvik", type="PLACE")["results"]
    assert places and {r["type"] for r in places} == {"PLACE"}
    assert ok(live_server, "/api/search", q="Korvik", type="PERSON")["results"] == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "AND OR",
        "*",
        "'",
        "NEAR(",
        "keller AND",
        "-keller",
        "^",
        "a:b",
        "(",
        ")",
        "\\",
        "%",
        "\x00",
    ],
)
def test_api_search_takes_any_text_without_error(live_server: str, query: str) -> None:
    body = ok(live_server, "/api/search", q=query)
    assert isinstance(body["results"], list)


def test_api_search_operators_are_words_not_syntax(live_server: str) -> None:
    # 'keller OR nobody' would match Keller if OR were an operator; quoted, every word must occur
    assert ok(live_server, "/api/search", q="keller OR nobody")["results"] == []
    assert ok(live_server, "/api/search", q='"keller"')["results"]  # quotes typed by the user are dropped


def test_api_search_pages_with_a_cursor(live_server: str) -> None:
    everything = ok(live_server, "/api/search", q="s", type="", limit=100)["results"]
    assert len(everything) >= 3, everything
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(len(everything) + 1):
        params: dict[str, Any] = {"q": "s", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        body = ok(live_server, "/api/search", **params)
        assert len(body["results"]) <= 1
        seen += [r["id"] for r in body["results"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in everything]  # the same hits in the same order, none twice


def test_api_limits_are_capped(live_server: str) -> None:
    for path in ("/api/search", "/api/events", "/api/review"):
        response = get(live_server, path, q="keller", limit=1000)
        assert response.status_code == 422, path
        assert response.json()["code"] == "E034"


@pytest.mark.parametrize(
    "cursor", ["not-a-cursor", "!!!", base64.urlsafe_b64encode(b'["events",1]').decode(), "e30"]
)
def test_api_foreign_cursors_are_refused_with_a_numbered_error(live_server: str, cursor: str) -> None:
    for path in ("/api/search", "/api/events", "/api/review"):
        response = get(live_server, path, q="keller", cursor=cursor)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["code"] == "E033"


def test_api_profile_of_a_person(live_server: str) -> None:
    hit = search_one(live_server, "Anna Maria Keller")
    profile = ok(live_server, "/api/entities/" + quote(hit["id"], safe=""))
    assert profile["id"] == hit["id"] and profile["name"] == "Anna Keller" and profile["type"] == "PERSON"
    names = {(n["name"], n["kind"]) for n in profile["names"]}
    assert ("Anna Maria Keller", "real_name") in names
    for name in profile["names"]:
        for source in name["sources"]:
            assert source["document_id"]
    posts = [p for p in profile["posts"] if p["predicate"] in ("leader_of", "position_held", "role")]
    assert posts, profile["posts"]
    for claim in [*profile["posts"], *profile["facts"]]:
        assert claim["document_id"] and claim["evidence"]["end"] > claim["evidence"]["start"]
    assert {"born_on", "born_in"} & {f["predicate"] for f in profile["facts"]}
    assert profile["timeline"], "the arrest"
    assert (
        "target" in profile["events_by_role"]
        or "patient" in profile["events_by_role"]
        or profile["events_by_role"]
    )
    assert profile["claims_by_source"] and all("source" in g for g in profile["claims_by_source"])
    assert isinstance(profile["judgements"], list) and isinstance(profile["conflicts"], list)
    assert {d["id"] for d in profile["documents"]} >= {FIRST_ID}


def test_api_profile_marks_hedged_claims_and_shows_conflicts(live_server: str) -> None:
    hits = ok(live_server, "/api/search", q="Anna Keller", type="PERSON")["results"]
    claims = []
    for hit in hits:
        profile = ok(live_server, "/api/entities/" + quote(hit["id"], safe=""))
        claims += [c for group in profile["claims_by_source"] for c in group["claims"]]
        assert profile["hedged_claims"] == sum(
            c["hedged"] for c in [c for g in profile["claims_by_source"] for c in g["claims"]]
        )
    assert all(isinstance(c["hedged"], bool) for c in claims)


def test_api_profile_ids_percent_encoded_and_member_ids_redirect(live_server: str) -> None:
    hit = search_one(live_server, "Keller")
    raw = get(live_server, "/api/entities/" + hit["id"])  # ':' and '/' unencoded also reach the route
    assert raw.status_code == 200
    encoded = get(live_server, "/api/entities/" + quote(hit["id"], safe=""))
    assert encoded.status_code == 200 and encoded.json()["id"] == hit["id"]
    profile = encoded.json()
    for member in profile["members"]:
        if member["id"] != hit["id"]:
            moved = httpx.get(live_server + "/api/entities/" + quote(member["id"], safe=""), timeout=30)
            assert moved.status_code == 307
            assert moved.headers["location"] == "/api/entities/" + quote(hit["id"], safe="")


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/nobody",
        "/api/entities/" + quote("wire:2031/none/e1", safe=""),
        "/api/events/nothing-here",
        "/api/documents/" + quote("wire:2099/01/none", safe=""),
        "/api/no-such-route",
    ],
)
def test_api_unknown_ids_answer_404_with_a_numbered_error(live_server: str, path: str) -> None:
    response = get(live_server, path)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] in ("E032", "E035") and body["error"]


def test_api_document_has_text_mentions_and_statements_with_offsets(live_server: str) -> None:
    view = ok(live_server, "/api/documents/" + quote(FIRST_ID, safe=""))
    assert view["id"] == FIRST_ID and view["title"].startswith("Commander")
    text = view["text"]
    assert view["mentions"] and view["statements"]
    for mention in view["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
    for statement in view["statements"]:
        evidence = statement["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_api_events_list_groups_with_reports_in_time_order(live_server: str) -> None:
    body = ok(live_server, "/api/events", limit=100)
    groups = body["results"]
    assert groups and body["next"] is None
    keys = [g["date"] or "~" for g in groups]
    assert keys == sorted(keys)
    for group in groups:
        assert group["claims"] and group["reports"] == len(group["documents"])
        single = ok(live_server, "/api/events/" + quote(group["id"], safe=""))
        assert single["id"] == group["id"] and len(single["claims"]) == len(group["claims"])


def test_api_events_pages_and_filters(live_server: str) -> None:
    everything = [g["id"] for g in ok(live_server, "/api/events", limit=100)["results"]]
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        body = ok(live_server, "/api/events", **params)
        seen += [g["id"] for g in body["results"]]
        if body["next"] is None:
            break
        params["cursor"] = body["next"]
    assert seen == everything
    arrests = ok(live_server, "/api/events", type="arrest", limit=100)["results"]
    assert arrests and all(any(c["mode"] == "arrest" for c in g["claims"]) for g in arrests)
    keller = search_one(live_server, "Anna Maria Keller")
    hers = ok(live_server, "/api/events", entity=keller["id"], limit=100)["results"]
    assert hers and all(
        keller["id"] in {r["canonical_id"] for refs in g["arguments"].values() for r in refs} for g in hers
    )
    korvik = search_one(live_server, "Korvik", type="PLACE")
    there = ok(live_server, "/api/events", place=korvik["id"], limit=100)["results"]
    assert there
    assert ok(live_server, "/api/events", since="2031-04", limit=100)["results"] != everything
    late = ok(live_server, "/api/events", since="2031-04-01", until="2031-12", limit=100)["results"]
    assert all(g["date"] is None or g["date"] >= "2031-04" for g in late)
    assert ok(live_server, "/api/events", source="Harbour Daily", limit=100)["results"]
    assert ok(live_server, "/api/events", source="Nobody Press", limit=100)["results"] == []
    assert ok(live_server, "/api/events", entity="no-such-entity")["results"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"since": "yesterday"}, "E019"),
        ({"until": "2031-13-40"}, "E019"),
        ({"since": "2031-05", "until": "2031-01"}, "E020"),
    ],
)
def test_api_bad_dates_are_numbered_errors(live_server: str, params: dict[str, str], code: str) -> None:
    for path in ("/api/events", "/api/network", "/api/export"):
        response = get(live_server, path, **params)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["code"] == code


def test_api_network_around_an_entity(live_server: str) -> None:
    brenner = search_one(live_server, "Tomas Brenner")
    graph = ok(live_server, "/api/network", entity=brenner["id"], depth=2)
    ids = {n["id"] for n in graph["nodes"]}
    assert brenner["id"] in ids and len(ids) >= 2
    for edge in graph["edges"]:
        assert edge["source"] in ids and edge["target"] in ids and edge["statements"] and edge["relations"]
    people = ok(live_server, "/api/network", entity=brenner["id"], depth=2, type="PERSON,ORG")
    assert all(n["type"] in ("PERSON", "ORG") for n in people["nodes"])
    whole = ok(live_server, "/api/network")
    assert whole["nodes"] and whole["edges"]
    assert get(live_server, "/api/network", entity="nobody").status_code == 404


def test_api_export_streams_every_format(live_server: str) -> None:
    for fmt, first in (("jsonl", b"{"), ("ftm", b"{"), ("csv", b"id,"), ("gexf", b"<?xml")):
        response = get(live_server, "/api/export", format=fmt)
        assert response.status_code == 200, (fmt, response.text)
        assert response.content.startswith(first), fmt
        assert "attachment" in response.headers["content-disposition"]
    lines = get(live_server, "/api/export", format="jsonl").text.splitlines()
    assert {json.loads(line)["type"] for line in lines} >= {"PERSON", "ORG", "PLACE"}
    assert get(live_server, "/api/export", format="xml").status_code == 422


def test_api_export_honours_the_event_filters(live_server: str) -> None:
    groups = ok(live_server, "/api/events", type="arrest", limit=100)["results"]
    lines = get(live_server, "/api/export", format="jsonl", type="arrest").text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [g["id"] for g in groups]
    table = get(live_server, "/api/export", format="csv", type="arrest").text.splitlines()
    assert table[0].startswith("event_group,statement_id") and len(table) - 1 == sum(
        len(g["claims"]) for g in groups
    )
    ftm = [
        json.loads(line)
        for line in get(live_server, "/api/export", format="ftm", type="arrest").text.splitlines()
    ]
    assert {e["schema"] for e in ftm} >= {"Event"}
    gexf = get(live_server, "/api/export", format="gexf", type="arrest")
    assert gexf.status_code == 200 and b"<gexf" in gexf.content


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "arrest"},
        {"type": "COERCE"},
        {"since": "2031-04"},
        {"until": "2031-03-31"},
        {"since": "2031"},
    ],
)
def test_api_events_keep_the_order_and_selection_of_the_read_model(
    live_server: str, kb_path: Path, params: dict[str, str]
) -> None:
    """The keyed listing (event_keys) gives the groups `explore.list_events` gives, in its order."""
    from newsgraph.explore import EventFilter, list_events

    conn = connect(kb_path)
    try:
        expected = [g["id"] for g in list_events(conn, selection=EventFilter(**params))]
    finally:
        conn.close()
    assert expected or params
    assert [g["id"] for g in ok(live_server, "/api/events", limit=100, **params)["results"]] == expected
