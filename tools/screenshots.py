"""Save a PNG of every page of the UI to docs/screenshots/, for the README.

Starts the app under uvicorn on a free loopback port over a knowledge base (``make
screenshots`` builds the demo one from ``examples/corpus/``), opens each page in
headless Debian Chromium (``/usr/bin/chromium``) through Playwright, waits for its
scripts to draw (timeline, graph, map) and writes one PNG per page. The entity shown
is the person in the most documents, the document the first of his or her profile.

    python tools/screenshots.py --db build/demo.db --out docs/screenshots
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import uvicorn
from playwright.sync_api import sync_playwright

from newsgraph.web.app import create_app

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db: Path) -> tuple[uvicorn.Server, str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the server did not start in 30 s")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def get_json(url: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)  # type: ignore[no-any-return]


def pick_person(base: str) -> tuple[str, str, str]:
    """(canonical id, name, first document id) of the person in the most documents."""
    nodes = get_json(f"{base}/api/network?type=PERSON&limit=1000")["nodes"]
    if not nodes:
        raise SystemExit("no person in the knowledge base")
    best = max(nodes, key=lambda n: (n["documents"], n["name"]))
    profile = get_json(f"{base}/api/entities/{quote(best['id'], safe='')}")
    return best["id"], best["name"], profile["documents"][0]["id"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    server, base = serve(args.db)
    entity, name, document = pick_person(base)
    word = name.split()[-1]
    pages = [
        ("search", f"/?q={quote(word)}", "#results li"),
        ("entity", f"/entities/{quote(entity, safe='')}", "#timeline .vis-item"),
        ("events", "/events", "#events"),
        ("document", f"/documents/{quote(document, safe='')}", "#doc-text"),
        ("network", "/network", "#cy[data-nodes]"),
        ("map", "/map", "#map[data-places]"),
        ("review", "/review", "#pairs"),
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for label, path, ready in pages:
            response = page.goto(base + path)
            if response is None or response.status != 200:
                raise SystemExit(
                    f"{path}: HTTP {response.status if response else '-'}: {page.content()[:500]}"
                )
            try:
                page.wait_for_selector(ready, state="attached", timeout=20000)
            except Exception:
                raise SystemExit(f"{path}: {ready} never appeared; console: {errors}") from None
            page.wait_for_timeout(1200)
            target = args.out / f"{label}.png"
            page.screenshot(path=str(target), full_page=False)
            print(f"{target} ({path})")
        browser.close()
    server.should_exit = True
    if errors:
        print("console errors:\n" + "\n".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
