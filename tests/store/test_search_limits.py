"""What a search may cost: every query is quoted for FTS5 and bounded in length and words.

The one check (`newsgraph.store.queries.fts.search_words`) serves `newsgraph search`,
`newsgraph entity` and the HTTP API: past 500 characters (E082) or 32 words (E083) a query
is refused with a numbered error (exit 2; a 4xx JSON error from the API), and no text at
all, FTS5 syntax included, reaches FTS5 unquoted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import connect
from newsgraph.store.db import StoreError
from newsgraph.store.queries import MAX_QUERY_CHARS, MAX_QUERY_WORDS, canonicals_with_words, fts_query, search
from newsgraph.web import create_app

FTS_SYNTAX = [
    'NEAR(Vasko Dremel, 2)', "Vasko OR Dremel", "Vasko AND NOT Dremel", '"', '""', "'", "title:Dremel",
    "^Dremel", "Dremel*", "*", "(", ")", "{title text}: Dremel", "-Dremel", "+", "Dremel\x00", "\\",
    "a" * MAX_QUERY_CHARS, " ".join(["Dremel"] * MAX_QUERY_WORDS), "ا ل ح", "Ostrava-Kell", "",
]  # fmt: skip
TOO_MANY_WORDS = " ".join(f"w{n}" for n in range(MAX_QUERY_WORDS + 1))
TOO_LONG = "Dremel " * 3000


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "kb.db"
    connect(path).close()
    return path


@pytest.mark.parametrize("text", FTS_SYNTAX)
def test_search_fts_syntax_is_quoted(text: str) -> None:
    conn = connect(":memory:")
    result = search(conn, text)  # an FTS5 syntax error would raise sqlite3.OperationalError
    assert result["documents"] == [] and result["entities"] == []
    query = fts_query(text)
    assert query == "" or query.startswith('"')


def test_search_words_are_capped() -> None:
    with pytest.raises(StoreError) as raised:
        fts_query(TOO_MANY_WORDS)
    assert raised.value.code == "E083" and f"over the limit of {MAX_QUERY_WORDS}" in str(raised.value)
    with pytest.raises(StoreError) as raised:
        fts_query("x" * (MAX_QUERY_CHARS + 1))
    assert raised.value.code == "E082"
    with pytest.raises(StoreError):
        canonicals_with_words(connect(":memory:"), TOO_MANY_WORDS.split())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=MAX_QUERY_CHARS))
def test_search_any_text_searches_or_is_refused(text: str) -> None:
    conn = connect(":memory:")
    try:
        search(conn, text)
    except StoreError as exc:
        assert exc.code in ("E082", "E083")


@pytest.mark.parametrize(("text", "code"), [(TOO_LONG, "E082"), (TOO_MANY_WORDS, "E083")])
@pytest.mark.parametrize("command", ["search", "entity"])
def test_search_cli_refuses_a_costly_query(base: Path, text: str, code: str, command: str) -> None:
    result = CliRunner().invoke(app, [command, text, "--db", str(base)])
    if command == "entity" and code == "E082":
        assert result.exit_code == 2 and "E083" in result.output  # the words are counted first
        return
    assert result.exit_code == 2 and f"error: {code}:" in result.output, result.output


def test_search_cli_takes_fts_syntax(base: Path) -> None:
    for text in ("NEAR(Vasko Dremel)", "Vasko OR", '"'):
        result = CliRunner().invoke(app, ["search", text, "--db", str(base)])
        assert result.exit_code == 0 and "documents (0)" in result.output, result.output


def test_search_api_refuses_a_costly_query_with_a_json_4xx(base: Path) -> None:
    with TestClient(create_app(base)) as client:
        words = client.get("/api/search", params={"q": TOO_MANY_WORDS})
        assert words.status_code == 422 and words.json()["code"] == "E083", words.text
        assert f"over the limit of {MAX_QUERY_WORDS}" in words.json()["error"]
        long = client.get("/api/search", params={"q": TOO_LONG})
        assert long.status_code == 422 and long.json()["code"] in ("E034", "E082"), long.text
        for text in FTS_SYNTAX:
            answer = client.get("/api/search", params={"q": text})
            assert answer.status_code == 200 and answer.json()["results"] == [], (text, answer.text)
        for path in ("/search", "/"):  # the pages' search-as-you-type and the search page
            page = client.get(path, params={"q": TOO_MANY_WORDS})
            assert page.status_code == 422 and "text/html" in page.headers["content-type"], path
            assert "E083" in page.text, path
