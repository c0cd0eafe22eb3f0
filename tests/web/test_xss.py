"""Stored text is data: over a base whose titles, sources, quotes, names, aliases and values carry
``<script>``, ``<img onerror>`` and ``javascript:`` payloads (`xss_reports`), every page shows them
as text and every API answer returns them as JSON strings. Checked in the browser too: no dialog
opens, no payload runs (it would set ``window.__xss``), no element the payloads describe exists.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Dialog, Page
from xss_reports import IMG, JS_URL, SCRIPT

PAGES = ("/", "/events", "/network", "/map", "/review")


def get(base: str, path: str) -> httpx.Response:
    response = httpx.get(base + path, timeout=30, follow_redirects=True)
    assert response.status_code == 200, (path, response.text[:300])
    return response


def targets(base: str) -> list[str]:
    """Every page over the hostile base: the fixed ones, a search, each profile, each document."""
    entities = get(base, "/api/search?q=Keller&limit=100").json()["results"]
    entities += get(base, "/api/search?q=Brenner&limit=100").json()["results"]
    entities += get(base, "/api/search?q=Korvik&limit=100").json()["results"]
    assert entities, "the hostile names are searchable"
    documents = {
        d["id"]
        for e in entities
        for d in get(base, "/api/entities/" + quote(e["id"], safe="")).json()["documents"]
    }
    assert len(documents) == 2
    return [
        *PAGES,
        "/?q=Keller",
        "/search?q=script",
        "/search?q=Nightjar",
        *("/entities/" + quote(e["id"], safe="") for e in entities),
        *("/documents/" + quote(d, safe="") for d in sorted(documents)),
    ]


def test_xss_payloads_are_stored_and_reach_the_pages(xss_server: str) -> None:
    """The test has teeth: the payloads are in the base and in the pages, escaped."""
    html = get(xss_server, "/?q=Keller").text + get(xss_server, "/search?q=Nightjar").text
    assert "Anna &lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt; Keller" in html
    documents = "".join(get(xss_server, p).text for p in targets(xss_server) if p.startswith("/documents/"))
    assert "&lt;img src=x onerror=" in documents and "javascript:window.__xss" in documents
    assert "Report 1 &lt;script&gt;" in documents


class Markup(HTMLParser):
    """The elements of a page as the browser's parser sees them: tags, attributes, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and self._in_script.get("type") != "application/json" and data.strip():
            self.inline.append(data)


def test_xss_pages_never_carry_markup_from_stored_text(xss_server: str) -> None:
    for path in targets(xss_server):
        html = get(xss_server, path).text
        markup = Markup()
        markup.feed(html)
        assert "<script>window.__xss" not in html and "<img" not in html, path
        assert markup.inline == [], path  # every script is a file of the app (or JSON data)
        for tag, attrs in markup.tags:
            assert tag not in ("img", "iframe", "object", "embed"), (path, tag)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            for name in ("href", "src", "action", "formaction"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (
                    path,
                    tag,
                    attrs,
                )
            if tag == "script":
                assert attrs.get("type") == "application/json" or (attrs.get("src") or "").startswith(
                    "/static/"
                )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_xss_api_answers_are_json_with_the_payloads_as_strings(xss_server: str) -> None:
    entity = get(xss_server, "/api/search?q=Keller").json()["results"][0]["id"]
    document = "xss:2031/one"
    paths = [
        "/api/stats",
        "/api/search?q=Keller",
        "/api/search?q=Nightjar",
        "/api/entities/" + quote(entity, safe=""),
        "/api/events",
        "/api/documents/" + quote(document, safe=""),
        "/api/network",
        "/api/review",
    ]
    seen: set[str] = set()
    for path in paths:
        response = get(xss_server, path)
        assert response.headers["content-type"].startswith("application/json"), path
        seen |= {p for p in (SCRIPT, IMG, JS_URL) for s in _strings(json.loads(response.text)) if p in s}
    assert seen == {SCRIPT, IMG, JS_URL}  # all three payloads came back, as plain strings
    for kind in ("jsonl", "csv", "ftm", "gexf"):  # exports are downloads, never HTML a browser would run
        response = get(xss_server, f"/api/export?format={kind}")
        assert not response.headers["content-type"].startswith("text/html"), kind
        assert response.headers["content-disposition"].startswith("attachment"), kind


@pytest.fixture
def hostile_page(page: Page) -> Page:
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.dialogs = dialogs  # type: ignore[attr-defined]
    return page


def test_xss_no_script_runs_in_the_browser(hostile_page: Page, xss_server: str) -> None:
    page = hostile_page
    for path in targets(xss_server):
        page.goto(xss_server + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # let the page's own scripts (timeline, graph, map) draw
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("body script:not([src]):not([type='application/json'])").count() == 0, path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.dialogs == [], (path, page.dialogs)  # type: ignore[attr-defined]
    # The payloads are on the pages as text the analyst can read.
    page.goto(xss_server + "/?q=Keller")
    assert SCRIPT in page.locator("#results").inner_text()
    page.goto(xss_server + "/documents/" + quote("xss:2031/one", safe=""))
    assert "Report 1 " + SCRIPT in page.locator("h1").inner_text()
    assert IMG in page.locator("#doc-text").inner_text()


def test_xss_timeline_and_map_put_names_in_as_text(hostile_page: Page, xss_server: str) -> None:
    page = hostile_page
    entity = get(xss_server, "/api/search?q=Keller").json()["results"][0]["id"]
    page.goto(xss_server + "/entities/" + quote(entity, safe=""))
    page.wait_for_selector("#timeline .vis-item", state="visible")
    timeline = page.locator("#timeline").inner_text()
    assert "<script>" in timeline or "<img" in timeline or "javascript:" in timeline
    page.goto(xss_server + "/map")
    page.wait_for_selector("#map[data-places]", state="attached")
    assert JS_URL in page.locator("#places").inner_text()
    assert page.evaluate("() => window.__xss") is None
