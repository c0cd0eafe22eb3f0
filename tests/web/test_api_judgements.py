"""Review, judgements and tokens through the JSON API, against a real uvicorn server on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from api_client import get, ok, search_one
from live_server import ServerFactory

from newsgraph.store import connect


def test_api_review_lists_unsettled_pairs(live_server: str) -> None:
    body = ok(live_server, "/api/review")
    assert set(body) == {"results", "next"}
    for pair in body["results"]:
        assert pair["a"] < pair["b"] and 0 <= pair["score"] <= 1
    assert ok(live_server, "/api/review", name="zzz-nobody")["results"] == []


def test_api_judgement_joins_two_entities_and_the_profile_changes(
    fresh_kb: Path, make_server: ServerFactory
) -> None:
    base = make_server(fresh_kb)
    hits = ok(base, "/api/search", q="Tomas Brenner", type="PERSON")["results"]
    before = {h["id"] for h in hits}
    members = [m["id"] for h in hits for m in ok(base, "/api/entities/" + quote(h["id"], safe=""))["members"]]
    assert len(members) >= 2, members
    a, b = members[0], members[-1]
    verdict = "different" if len(before) == 1 else "same"
    response = httpx.post(
        base + "/api/judgements", json={"a": a, "b": b, "verdict": verdict, "note": "checked"}, timeout=60
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["together"] is (verdict == "same") and result["author"] == "person:web"
    after = ok(base, "/api/search", q="Tomas Brenner", type="PERSON")["results"]
    assert len(after) == (1 if verdict == "same" else 2)
    profile = ok(base, "/api/entities/" + quote(result["canonical_a"], safe=""))
    mine = [j for j in profile["judgements"] if j["author"] == "person:web"]
    assert mine and mine[0]["note"] == "checked" and mine[0]["author_kind"] == "person"
    conn = connect(fresh_kb)
    try:
        row = conn.execute("SELECT verdict FROM judgements WHERE author = 'person:web'").fetchone()
    finally:
        conn.close()
    assert row[0] == ("positive" if verdict == "same" else "negative")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"a": "nobody", "b": "nobody-else", "verdict": "same"}, 404, "E032"),
        ({"a": "x", "b": "y", "verdict": "maybe"}, 422, "E034"),
        ({"a": "x"}, 422, "E034"),
        ("not json", 422, "E034"),
    ],
)
def test_api_bad_judgements_are_refused(live_server: str, body: Any, status: int, code: str) -> None:
    content = body if isinstance(body, str) else json.dumps(body)
    response = httpx.post(
        live_server + "/api/judgements",
        content=content,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


def test_api_judgement_of_an_entity_with_itself_is_refused(live_server: str) -> None:
    hit = search_one(live_server, "Keller")
    response = httpx.post(
        live_server + "/api/judgements", json={"a": hit["id"], "b": hit["id"], "verdict": "same"}
    )
    assert response.status_code == 422 and response.json()["code"] == "E037"


def test_api_token_guards_writes(fresh_kb: Path, make_server: ServerFactory) -> None:
    base = make_server(fresh_kb, token="s3cret-token")
    assert get(base, "/api/stats").status_code == 200  # reads stay open
    body = {"a": "x", "b": "y", "verdict": "same"}
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic s3cret-token"},
        {"Authorization": "Bearer"},
    ):
        response = httpx.post(base + "/api/judgements", json=body, headers=headers, timeout=30)
        assert response.status_code == 401, headers
        assert response.json()["code"] == "E031" and response.headers["www-authenticate"].startswith("Bearer")
    allowed = httpx.post(
        base + "/api/judgements", json=body, headers={"Authorization": "Bearer s3cret-token"}, timeout=30
    )
    assert allowed.status_code == 404  # past the guard: the ids are unknown


def test_api_private_guards_reads_too(fresh_kb: Path, make_server: ServerFactory) -> None:
    base = make_server(fresh_kb, token="s3cret-token", private=True)
    for path in ("/api/stats", "/api/search?q=keller", "/api/events", "/api/export"):
        response = httpx.get(base + path, timeout=30)
        assert response.status_code == 401 and response.json()["code"] == "E031", path
        assert (
            httpx.get(base + path, headers={"Authorization": "Bearer s3cret-token"}, timeout=30).status_code
            == 200
        )


def _machine_unsure(path: Path, names: tuple[str, str], score: float) -> tuple[str, str]:
    """Record a machine judgement in the band of doubt on two people (as a resolution run whose
    scores fell there would), so that the review queue has a pair to show."""
    from newsgraph.resolve.clusters import Judgement
    from newsgraph.store.queries import record_judgement

    conn = connect(path)
    try:
        ids = []
        for name in names:
            row = conn.execute(
                "SELECT id FROM entities WHERE name = ? ORDER BY id LIMIT 1", (name,)
            ).fetchone()
            ids.append(str(row[0]))
        a, b = sorted(ids)
        record_judgement(conn, Judgement(a, b, "unsure", score, "machine", "2031-01-01T00:00:00+00:00"))
    finally:
        conn.close()
    return a, b


def test_api_review_pages_pairs_and_a_judgement_settles_one(
    fresh_kb: Path, make_server: ServerFactory
) -> None:
    first = _machine_unsure(fresh_kb, ("Lukas Varga", "Tomas Brenner"), 0.52)
    second = _machine_unsure(fresh_kb, ("Anna Keller", "Lukas Varga"), 0.45)
    base = make_server(fresh_kb)
    queue = ok(base, "/api/review", limit=100)["results"]
    pairs = [(p["a"], p["b"]) for p in queue]
    assert first in pairs and second in pairs
    assert pairs.index(first) < pairs.index(second)  # 0.52 is nearer the threshold: less certain
    uncertainty = [p["uncertainty"] for p in queue]
    assert uncertainty == sorted(uncertainty, reverse=True)
    for pair in queue:
        assert pair["name_a"] and pair["name_b"] and pair["document_a"] and pair["canonical_b"]
        assert "evidence" in pair and "sentences" in pair["entity_a"]
    paged: list[tuple[str, str]] = []
    params: dict[str, Any] = {"limit": 1}
    while True:
        body = ok(base, "/api/review", **params)
        paged += [(p["a"], p["b"]) for p in body["results"]]
        if body["next"] is None:
            break
        params["cursor"] = body["next"]
    assert paged == pairs
    varga = ok(base, "/api/review", name="varga", limit=100)["results"]
    assert {(p["a"], p["b"]) for p in varga} >= {first, second}
    castell = ok(base, "/api/review", name="CASTELL", limit=100)["results"]
    assert all("castell" in (p["name_a"] + p["name_b"]).lower() for p in castell)
    assert first not in {(p["a"], p["b"]) for p in castell}
    response = httpx.post(
        base + "/api/judgements", json={"a": first[0], "b": first[1], "verdict": "different"}
    )
    assert response.status_code == 200 and response.json()["together"] is False
    assert first not in [(p["a"], p["b"]) for p in ok(base, "/api/review", limit=100)["results"]]


def test_api_judgement_against_another_persons_is_refused_unless_overridden(
    fresh_kb: Path, make_server: ServerFactory
) -> None:
    base = make_server(fresh_kb)
    varga = search_one(base, "Lukas Varga")["id"]
    castell = search_one(base, "Castell")["id"]
    body = {"a": varga, "b": castell, "verdict": "different", "author": "ines"}
    assert httpx.post(base + "/api/judgements", json=body).status_code == 200
    again = httpx.post(base + "/api/judgements", json={**body, "verdict": "same", "author": "jon"})
    assert again.status_code == 409 and again.json()["code"] == "E040"
    forced = httpx.post(
        base + "/api/judgements", json={**body, "verdict": "same", "author": "jon", "override": True}
    )
    assert forced.status_code == 200 and forced.json()["override"] is True


def test_api_retired_canonical_id_redirects_to_its_successor(
    fresh_kb: Path, make_server: ServerFactory
) -> None:
    base = make_server(fresh_kb)
    varga = search_one(base, "Lukas Varga")["id"]
    castell = search_one(base, "Castell")["id"]
    joined = httpx.post(
        base + "/api/judgements", json={"a": varga, "b": castell, "verdict": "same"}, timeout=60
    )
    assert joined.status_code == 200 and joined.json()["together"] is True
    kept = joined.json()["canonical_a"]
    retired = castell if kept == varga else varga
    moved = httpx.get(base + "/api/entities/" + quote(retired, safe=""), timeout=30)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/api/entities/" + quote(kept, safe="")
    profile = httpx.get(
        base + "/api/entities/" + quote(retired, safe=""), timeout=30, follow_redirects=True
    ).json()
    assert profile["id"] == kept and {m["name"] for m in profile["members"]} >= {"Lukas Varga"}
