"""End to end in headless Chromium (Debian's, through pytest-playwright) against a real server:
search, profile, claim -> sentence, judgement, network, map, review. Every page is also checked
for console errors and uncaught exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from newsgraph.resolve.clusters import Judgement
from newsgraph.resolve.judging import review_bands
from newsgraph.resolve.run import SAME, UNSURE
from newsgraph.store import connect, queries


class Console:
    """The errors a page logs or throws while a test drives it."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.expected: list[str] = []  # parts of messages a test expects (a refused request)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(part in message.text for part in self.expected):
            self.errors.append(message.text)


@pytest.fixture
def console(page: Page) -> Iterator[Console]:
    watcher = Console(page)
    yield watcher
    assert watcher.errors == [], watcher.errors


@pytest.fixture
def writable_server(fresh_kb: Path, make_server: object) -> str:
    """A server over a private copy of the base, for tests that record judgements."""
    return make_server(fresh_kb)  # type: ignore[operator, no-any-return]


def test_e2e_search_profile_and_claim_to_sentence(page: Page, live_server: str, console: Console) -> None:
    page.goto(live_server + "/")
    page.locator("#q").press_sequentially("Kell", delay=30)
    result = page.locator("#results a.entity", has_text="Anna Keller")
    expect(result).to_be_visible(timeout=10000)  # htmx swapped the results in while typing
    assert page.url.rstrip("/") == live_server  # no page load: instant results
    result.click()
    expect(page.locator("h1 #profile-name")).to_have_text("Anna Keller")
    expect(page.locator("#timeline .vis-timeline")).to_be_attached()
    assert int(page.locator("#timeline").get_attribute("data-items") or 0) > 0
    claim = page.locator("li.claim").first
    evidence = claim.locator("blockquote.evidence").inner_text()
    link = claim.locator("a.source-link")
    href = link.get_attribute("href") or ""
    statement = href.split("#s-", 1)[1]
    link.click()
    page.wait_for_url("**/documents/**")
    target = page.locator("#doc-text .seg.target")
    expect(target.first).to_be_visible()
    marked = "".join(target.all_inner_texts())
    assert " ".join(marked.split()) in " ".join(evidence.split())
    assert statement in (target.first.get_attribute("data-s") or "").split()
    assert page.locator(f"[id='s-{statement}']").count() == 1
    # Hovering a marked sentence shows the statements it carries.
    assert "source:" in (target.first.get_attribute("title") or "")
    expect(page.locator(f"[id='item-{statement}']")).to_have_class("target")


def test_e2e_judgement_changes_the_profile(page: Page, writable_server: str, console: Console) -> None:
    hits = httpx.get(writable_server + "/api/search?q=Castell", timeout=30).json()["results"]
    (joined,) = [h for h in hits if {"Mira Castell", "Mirela Castell"} <= set(h["names"])]
    page.goto(writable_server + "/?q=Castell")
    page.locator(f"#results a.entity[href='/entities/{quote(joined['id'], safe='')}']").click()
    page.wait_for_url("**/entities/**")  # all_inner_texts does not wait: read the profile, not the search
    names = page.locator("#names .name")
    expect(names.first).to_be_visible()
    before = set(names.all_inner_texts())
    assert {"Mira Castell", "Mirela Castell"} <= before, before  # resolution joined the two spellings
    row = page.locator("#judgements tbody tr", has=page.locator("a", has_text="Castell")).filter(
        has_text="machine"
    )
    assert row.count() >= 1
    with page.expect_response("**/api/judgements") as answer:
        row.first.locator("button[data-verdict=different]").click()
    assert answer.value.status == 200
    page.wait_for_load_state("load")
    expect(page.locator("#judgements")).to_contain_text("person:web")
    after = set(page.locator("#names .name").all_inner_texts())
    assert len(after) == 1 and after < before  # the person's judgement split the cluster


def test_e2e_network_draws_and_a_node_opens_its_profile(
    page: Page, live_server: str, console: Console
) -> None:
    page.goto(live_server + "/network")
    graph = page.locator("#cy[data-nodes]")
    expect(graph).to_be_attached(timeout=15000)
    assert int(graph.get_attribute("data-nodes") or 0) > 1
    expect(page.locator("#network-status")).to_contain_text("entities")
    # Click a node where Cytoscape drew it.
    box = page.locator("#cy").bounding_box()
    assert box is not None
    node = page.evaluate(
        "() => { const n = window.newsgraphGraph.nodes()[0]; const p = n.renderedPosition();"
        " return {id: n.id(), x: p.x, y: p.y}; }"
    )
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    page.wait_for_url("**/entities/**")
    assert page.url.endswith("/entities/" + quote(node["id"], safe=""))
    expect(page.locator("h1")).to_be_visible()


def test_e2e_network_filters_by_type(page: Page, live_server: str, console: Console) -> None:
    page.goto(live_server + "/network?type=PERSON")
    expect(page.locator("#cy[data-nodes]")).to_be_attached(timeout=15000)
    types = page.evaluate("() => window.newsgraphGraph.nodes().map(n => n.data('type'))")
    assert types and set(types) == {"PERSON"}


def test_e2e_map_draws_outlines_offline(page: Page, live_server: str, console: Console) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server + "/map")
    svg = page.locator("#map[data-places]")
    expect(svg).to_be_attached(timeout=15000)
    assert page.locator("#map path.country").count() > 100
    data = page.evaluate("() => JSON.parse(document.getElementById('map-data').textContent)")
    drawable = [p for p in data if p["lat"] is not None or p["country_numeric"]]
    assert int(svg.get_attribute("data-places") or -1) == len(drawable)
    expect(page.locator("#places")).to_contain_text("Korvik")
    assert all(url.startswith(live_server) for url in requests), requests  # nothing from elsewhere


@pytest.fixture
def review_server(fresh_kb: Path, make_server: object) -> str:
    """A private base where the machine is unsure of three pairs of people in different clusters
    (written as resolution writes its judgements, with a score inside the review band)."""
    low, high = review_bands(SAME, UNSURE)["PERSON"]
    conn = connect(fresh_kb)
    people = sorted(
        {m.canonical_id: m.id for m in queries.canonical_members(conn, list(queries.canonical_ids(conn)))
         if m.type == "PERSON"}.values()
    )  # fmt: skip
    assert len(people) >= 3
    for a, b in [(people[0], people[1]), (people[0], people[2]), (people[1], people[2])]:
        queries.record_judgement(
            conn, Judgement(a, b, "unsure", (low + high) / 2, "machine", "2031-01-01T00:00:00Z")
        )
    conn.close()
    return make_server(fresh_kb)  # type: ignore[operator, no-any-return]


def test_e2e_review_keyboard_shortcuts(page: Page, review_server: str, console: Console) -> None:
    page.goto(review_server + "/review")
    pairs = page.locator("#pairs li.pair")
    count = pairs.count()
    assert count >= 2
    first = pairs.nth(0)
    expect(first).to_have_class("pair current")
    a, b = first.get_attribute("data-a"), first.get_attribute("data-b")
    with page.expect_response("**/api/judgements") as answer:
        page.keyboard.press("u")
    assert answer.value.status == 200
    expect(first).to_have_class("pair done judged-unsure")
    expect(pairs.nth(1)).to_have_class("pair current")
    with page.expect_response("**/api/judgements"):
        page.keyboard.press("d")
    expect(pairs.nth(1)).to_contain_text("different")
    page.reload()
    left = [(p.get_attribute("data-a"), p.get_attribute("data-b")) for p in pairs.all()]
    assert (a, b) not in left and len(left) == count - 2  # a person's judgement settles the pair


def test_e2e_events_expand_to_their_reports(page: Page, live_server: str, console: Console) -> None:
    page.goto(live_server + "/events?entity=Anna%20Keller")  # a name works as well as an id
    groups = page.locator("#events li.event-group")
    assert groups.count() >= 1
    group = groups.first
    expect(group.locator("li.claim").first).to_be_hidden()
    group.locator("summary").click()
    expect(group.locator("li.claim").first).to_be_visible()
    link = group.locator("a.source-link").first
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url("**/documents/**")
    expect(page.locator("#doc-text .seg.target").first).to_be_visible()
    assert page.url.endswith(href)


def test_e2e_writes_ask_for_the_token_when_the_server_has_one(
    page: Page, fresh_kb: Path, make_server: object, console: Console
) -> None:
    low, high = review_bands(SAME, UNSURE)["PERSON"]
    conn = connect(fresh_kb)
    people = sorted(
        m.id for m in queries.canonical_members(conn, list(queries.canonical_ids(conn))) if m.type == "PERSON"
    )
    a, b = people[0], people[-1]
    queries.record_judgement(
        conn, Judgement(a, b, "unsure", (low + high) / 2, "machine", "2031-01-01T00:00:00Z")
    )
    conn.close()
    base = make_server(fresh_kb, token="s3cret-token")  # type: ignore[operator]
    console.expected.append("status of 401")
    page.goto(base + "/review")
    pair = page.locator(f"#pairs li.pair[data-a='{a}'][data-b='{b}']")
    expect(pair).to_be_attached()
    pair.click()
    page.keyboard.press("s")
    expect(page.locator("#token-box")).to_be_visible()  # the first try answered 401
    page.fill("#token-input", "s3cret-token")
    with page.expect_response("**/api/judgements") as answer:
        page.click("#token-form button")
    assert answer.value.status == 200
    expect(pair).to_have_class(re.compile(r"\bdone judged-same\b"))
