"""An ingest while the API answers: a real `newsgraph ingest` process writes new reports into the
base a real uvicorn server is serving, while searches and profiles go on over loopback.

Nothing may fail: every answer a 200 with no "database is locked", the ingest exits 0, and
afterwards the base holds the new reports and passes SQLite's integrity check. The loop is
`benchmarks/concurrent_bench.py`'s (`make bench` reports its p95 on a larger base).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx
from live_server import ServerFactory

from newsgraph.store import connect, synth

# Invented reports, new to the test base: people, groups and places that exist nowhere.
NEW_REPORTS = (
    {
        "id": "wire:2032/01/marrow-raid",
        "published": "2032-01-14",
        "source": "Northern Wire",
        "title": "Police raid a depot in Marrowgate",
        "text": (
            "Police raided a warehouse in Marrowgate on Friday and detained Vasko Dremel, a member "
            "of the Tarn Liberation Front, the regional police chief Ilse Varga said.\n\n"
            "Dremel was born in Ostrava Kell in 1988."
        ),
    },
    {
        "id": "wire:2032/01/tarn-statement",
        "published": "2032-01-16",
        "source": "Harbour Daily",
        "title": "Tarn Liberation Front denies the charges",
        "text": (
            "The Tarn Liberation Front said on Sunday that Vasko Dremel had been arrested without "
            "cause in Marrowgate. Its spokesman, Petra Lind, called for his release."
        ),
    },
    {
        "id": "wire:2032/01/kell-protest",
        "published": "2032-01-18",
        "source": "Northern Wire",
        "title": "Protest in Ostrava Kell",
        "text": (
            "Hundreds of people protested in Ostrava Kell on Monday against the arrest of Vasko Dremel. "
            "Ilse Varga, the regional police chief, said the protest was peaceful."
        ),
    },
)


def test_an_ingest_while_the_api_answers_loses_nothing_and_locks_nothing(
    fresh_kb: Path,
    make_server: ServerFactory,
    tmp_path: Path,
    benchmark_module: Callable[..., ModuleType],
) -> None:
    bench = benchmark_module("concurrent_bench")
    reports = tmp_path / "new.jsonl"
    reports.write_text("".join(json.dumps(r) + "\n" for r in NEW_REPORTS), encoding="utf-8")
    conn = connect(fresh_kb)
    before = synth.document_count(conn)
    targets = [
        (canonical, name)
        for canonical, name, _ in synth.sample_canonicals(
            conn, types=("PERSON", "ORG", "PLACE"), n=12, seed=3
        )
    ]
    conn.close()
    assert targets
    base = make_server(fresh_kb)

    outcome = bench.ingest_while_serving(
        base, fresh_kb, [reports], bench.calls_for(targets), max_requests=600
    )

    assert outcome.problems == [], outcome.problems[:5]
    assert outcome.ingest_rc == 0, outcome.ingest_stderr
    assert set(outcome.statuses) == {200} and outcome.requests >= len(targets) * 2
    assert outcome.during > 0  # answered while the ingest process ran
    assert "search" in outcome.times_ms and "profile" in outcome.times_ms
    conn = connect(fresh_kb)
    assert synth.document_count(conn) == before + len(NEW_REPORTS)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The server sees what the ingest wrote, without a restart.
    found = httpx.get(base + "/api/search", params={"q": "Vasko Dremel"}, timeout=30).json()["results"]
    assert any("Dremel" in hit["name"] for hit in found), found
