"""Shared fixtures of the web tests: a knowledge base built by the real ingest of invented reports,
and a real uvicorn server over it on a free loopback port.

`kb_path` is the base (session-wide: do not write to it outside the judgement tests);
`live_server` is the base URL (``http://127.0.0.1:PORT``) of the app serving it;
`make_server` starts another server (e.g. with a token) over any base.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_server import LiveServer, ServerFactory  # noqa: E402
from web_reports import REPORTS, write_reports  # noqa: E402

from newsgraph.pipeline import ingest_paths  # noqa: E402
from newsgraph.resolve.run import resolve_store  # noqa: E402
from newsgraph.store import connect  # noqa: E402
from newsgraph.web import create_app  # noqa: E402


@pytest.fixture(scope="session")
def built_kb(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The base as `newsgraph ingest` builds it (with resolution), built once per session."""
    folder = tmp_path_factory.mktemp("web_kb")
    reports = write_reports(folder / "in")
    path = folder / "kb.db"
    conn = connect(path)
    counts = ingest_paths(conn, [str(reports)], nlp=nlp)
    assert counts.new == len(REPORTS) and counts.failed == 0, counts
    resolve_store(conn)  # as `newsgraph ingest` does after the documents
    conn.close()
    return path


@pytest.fixture(scope="session")
def kb_path(built_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built base that `live_server` serves."""
    path = tmp_path_factory.mktemp("web_live") / "kb.db"
    shutil.copy(built_kb, path)
    return path


@pytest.fixture(scope="session")
def make_server() -> Iterator[ServerFactory]:
    """Start a server over `path` with create_app's options; each is stopped at the end."""
    servers: list[LiveServer] = []

    def start(path: Path, **options: Any) -> str:
        server = LiveServer(create_app(path, **options))
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def live_server(kb_path: Path, make_server: ServerFactory) -> str:
    """The base URL of a real uvicorn server over `kb_path` (no token)."""
    return make_server(kb_path)


@pytest.fixture
def fresh_kb(built_kb: Path, tmp_path: Path) -> Path:
    """A private copy of the built base, for tests that write."""
    path = tmp_path / "kb.db"
    shutil.copy(built_kb, path)
    return path


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright drives Debian's Chromium (`make browser` installs it); nothing is downloaded."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def xss_server(tmp_path_factory: pytest.TempPathFactory, nlp: Any, make_server: ServerFactory) -> str:
    """A server over a base whose titles, sources, quotes, names and values carry HTML and scripts."""
    from xss_reports import build_xss_kb

    return make_server(build_xss_kb(tmp_path_factory.mktemp("web_xss") / "kb.db", nlp))
