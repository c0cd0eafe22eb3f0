"""API latency while an ingest writes: p50 / p95 of search and profile during `newsgraph ingest`.

A real uvicorn server serves a copy of a knowledge base on loopback while a real
``newsgraph ingest`` process (another process, as an analyst's crawl would be) stores new
reports into the same file and resolves them. One keep-alive client sends searches and
profiles in turn, in sequence, for as long as the ingest runs (bounded by ``--requests``);
every answer must be a 200 with no "database is locked" anywhere, and the ingest must exit 0.

The base: ``build/bench/api_seed.db`` (the seed of `api_bench.py`: the shared reports ingested
for real) copied at the store level to ``--documents`` documents, cached under
``build/bench/``; each run works on a fresh copy of it. The reports ingested are the bundled
``examples/corpus/`` (new to the base).

`ingest_while_serving` is the measuring loop; ``tests/web/test_concurrent_ingest.py`` runs it
over the test server and its invented reports.

Example:

    .venv/bin/python benchmarks/concurrent_bench.py --shared ../shared --documents 5000
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

import api_bench
from newsgraph.store import connect, synth

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench"
CORPUS = ROOT / "examples" / "corpus"
NEWSGRAPH = Path(sys.executable).parent / "newsgraph"
SEED = 11
LOCKED = "database is locked"


@dataclass(frozen=True, slots=True)
class Call:
    kind: str  # search | profile
    url: str
    params: dict[str, str]


@dataclass(slots=True)
class Outcome:
    """What the API answered while the ingest ran, and how the ingest ended."""

    times_ms: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # non-200 answers, "locked" bodies, failures
    requests: int = 0
    during: int = 0  # requests answered while the ingest process was still running
    ingest_rc: int | None = None
    ingest_stderr: str = ""  # its stdout and stderr
    ingest_s: float = 0.0


def calls_for(targets: list[tuple[str, str]]) -> list[Call]:
    """A search (the name, or its first word and a prefix of the next) and a profile per target
    (canonical id, name), in turn."""
    calls: list[Call] = []
    for canonical, name in targets:
        words = name.split()
        typed = f"{words[0]} {words[1][:3]}" if len(words) > 1 and len(calls) % 4 == 0 else name
        calls.append(Call("search", "/api/search", {"q": typed}))
        calls.append(Call("profile", "/api/entities/" + quote(canonical, safe=""), {}))
    return calls


def ingest_while_serving(
    base_url: str,
    db: Path,
    inputs: list[Path],
    calls: list[Call],
    *,
    max_requests: int,
    timeout_s: float = 300.0,
    extra: tuple[str, ...] = (),
) -> Outcome:
    """Run ``newsgraph ingest INPUTS --db DB`` and, while it runs, send `calls` round and round to
    `base_url` (at most `max_requests`; at least one round, so some land after it ends too)."""
    outcome = Outcome()
    command = [str(NEWSGRAPH), "ingest", *map(str, inputs), "--db", str(db), "--no-progress", *extra]
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        _load(outcome, process, base_url, calls, started, max_requests=max_requests, timeout_s=timeout_s)
        log.seek(0)
        outcome.ingest_stderr = log.read()
    if LOCKED in outcome.ingest_stderr or "Traceback" in outcome.ingest_stderr:
        outcome.problems.append("ingest: " + outcome.ingest_stderr[-500:])
    return outcome


def _load(
    outcome: Outcome,
    process: subprocess.Popen[str],
    base_url: str,
    calls: list[Call],
    started: float,
    *,
    max_requests: int,
    timeout_s: float,
) -> None:
    """Send `calls` round and round while `process` runs; then wait for it (killed past `timeout_s`)."""
    try:
        # A profile whose canonical id a re-resolution retired answers 307 to its successor: followed.
        with httpx.Client(base_url=base_url, timeout=60, follow_redirects=True) as client:
            n = 0
            while n < max_requests and (process.poll() is None or n < len(calls)):
                if time.perf_counter() - started > timeout_s:
                    break  # the ingest is killed and the overrun recorded below
                call = calls[n % len(calls)]
                running = process.poll() is None
                sent = time.perf_counter()
                try:
                    response = client.get(call.url, params=call.params)
                    body = response.text
                except httpx.HTTPError as exc:
                    outcome.problems.append(f"{call.url}: {type(exc).__name__}: {exc}")
                    n += 1
                    continue
                outcome.times_ms.setdefault(call.kind, []).append((time.perf_counter() - sent) * 1000)
                outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
                if response.status_code != 200 or LOCKED in body:
                    outcome.problems.append(f"{call.url} {call.params}: {response.status_code} {body[:300]}")
                outcome.during += running
                n += 1
            outcome.requests = n
    finally:
        try:
            outcome.ingest_rc = process.wait(timeout=max(1.0, timeout_s - (time.perf_counter() - started)))
        except subprocess.TimeoutExpired:
            process.kill()
            outcome.ingest_rc = process.wait(timeout=30)
            outcome.problems.append(f"the ingest ran past {timeout_s:.0f} s")
        outcome.ingest_s = time.perf_counter() - started


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if len(ordered) < 2:
        return {
            "p50": ordered[0] if ordered else 0.0,
            "p95": ordered[-1] if ordered else 0.0,
            "n": len(ordered),
        }
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(q[49], 2), "p95": round(q[94], 2), "max": round(ordered[-1], 2), "n": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--documents", type=int, default=5000, help="documents in the served base")
    parser.add_argument("--requests", type=int, default=100_000, help="at most this many API calls")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds the ingest may take")
    parser.add_argument("--targets", type=int, default=100, help="entities searched and profiled")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    seed = api_bench.seed_base(args.shared.resolve(), CACHE / "api_seed.db")
    cached = api_bench.big_base(seed, CACHE / f"concurrent_{args.documents}.db", args.documents)
    with tempfile.TemporaryDirectory(prefix="newsgraph-concurrent-") as folder:
        path = Path(folder) / "kb.db"
        shutil.copy(cached, path)
        conn = connect(path)
        targets = [
            (canonical, name)
            for canonical, name, _type in synth.sample_canonicals(
                conn, types=("PERSON", "ORG", "PLACE"), n=args.targets, seed=SEED
            )
        ]
        before = synth.document_count(conn)
        conn.close()
        port = api_bench.free_port()
        server, thread = api_bench.serve_in_thread(path, port)
        outcome = ingest_while_serving(
            f"http://127.0.0.1:{port}",
            path,
            [CORPUS],
            calls_for(targets),
            max_requests=args.requests,
            timeout_s=args.timeout,
        )
        server.should_exit = True
        thread.join(timeout=10)
        conn = connect(path)
        after = synth.document_count(conn)
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        conn.close()
    figures: dict[str, Any] = {
        "documents_before": before,
        "documents_after": after,
        "ingest_s": round(outcome.ingest_s, 1),
        "ingest_rc": outcome.ingest_rc,
        "requests": outcome.requests,
        "requests_during_ingest": outcome.during,
        "statuses": outcome.statuses,
        "problems": outcome.problems[:20],
        "integrity_check": integrity,
        **{kind: percentiles(times) for kind, times in sorted(outcome.times_ms.items())},
    }
    print(
        f"\nAPI latency during an ingest: {before} -> {after} documents, ingest {outcome.ingest_s:.1f} s"
        f" (exit {outcome.ingest_rc}), {outcome.requests} requests ({outcome.during} while it ran),"
        f" statuses {outcome.statuses}, integrity {integrity}"
    )
    for kind in ("search", "profile"):
        if kind in figures:
            f = figures[kind]
            print(
                f"{kind:10} p50 {f['p50']:>7.1f} ms  p95 {f['p95']:>7.1f} ms  max {f.get('max', 0):>6.0f} ms"
            )
    for problem in outcome.problems[:20]:
        print("problem:", problem)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if outcome.problems or outcome.ingest_rc != 0 or integrity != "ok":
        sys.exit(1)


if __name__ == "__main__":
    main()
