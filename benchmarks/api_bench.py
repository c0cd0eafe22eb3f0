"""API latency on a 100k-document knowledge base: p50 / p95 of search, profile and events.

The base: the real reports of ``shared/eval/news-dev/*.txt`` and
``shared/evaldata/iraq_syria_news_texts/articles`` ingested by the real pipeline (with
resolution) into a seed base, then copied at the store level until it holds ``--documents``
documents (`newsgraph.store.synth.replicate`: new ids, entity names replaced by invented
words per copy, document texts kept). Both bases are cached under ``build/bench/``.

What is timed, over a real uvicorn server on loopback (one keep-alive client, requests in
sequence, after a warm-up):

- **search**: ``/api/search?q=`` with the full name of a random entity, or the first word
  and a three-letter prefix of the next (as typed in a search box);
- **profile**: ``/api/entities/{id}`` of a random canonical entity (person, organisation
  or place, drawn evenly over entities, so frequent clusters are drawn more often);
- **events**: ``/api/events`` unfiltered, by a random event type, by a random actor, or
  from a random date (``since=``), a page of 20 each.

Beside each, SQLite's own time for the same request: the SQL statements that the request
ran (captured with their bound values through ``sqlite3``'s trace callback, in-process)
run again and read to the end, with no Python records built.

Example:

    .venv/bin/python benchmarks/api_bench.py --shared ../shared --documents 100000
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import uvicorn

from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect, synth
from newsgraph.web import api, create_app

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench"
SEED = 7
TARGET_P95_MS = 50.0


def seed_base(shared: Path, path: Path) -> Path:
    if path.is_file():
        return path
    inputs = sorted((shared / "eval" / "news-dev").glob("*.txt"))
    inputs += sorted((shared / "evaldata" / "iraq_syria_news_texts" / "articles").glob("*.txt"))
    if not inputs:
        sys.exit(f"no reports found under {shared}")
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    conn = connect(partial)
    counts = ingest_paths(conn, [str(p) for p in inputs])
    resolve_store(conn)
    conn.close()
    partial.rename(path)
    print(
        f"seed base: {counts.new} documents from {len(inputs)} files ({counts.skipped} repeated)", flush=True
    )
    return path


def big_base(seed: Path, path: Path, documents: int) -> Path:
    conn = connect(seed)
    per_copy = synth.document_count(conn)
    conn.close()
    copies = -(-documents // per_copy)
    if path.is_file():
        conn = connect(path)
        have = synth.document_count(conn)
        conn.close()
        if have == copies * per_copy:
            return path
        path.unlink()
    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = connect(partial)
    conn.execute("PRAGMA synchronous = OFF")

    def progress(done: int) -> None:
        if done % (per_copy * 500) < per_copy * 50:
            print(f"  {done} documents, {time.perf_counter() - started:.0f} s", flush=True)

    written = synth.replicate(conn, seed, copies, on_progress=progress)
    synth.analyze(conn)
    conn.close()
    partial.rename(path)
    print(
        f"big base: {written} documents ({copies} copies of {per_copy})"
        f" in {time.perf_counter() - started:.0f} s"
    )
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_in_thread(path: Path, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    """A uvicorn server of the app over `path` on loopback `port`, in a thread of this process,
    started; stop it with ``server.should_exit = True`` and join the thread."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread


def wait_for(base: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Wait until the server at `base` answers; fail if its process ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode} before answering")
        try:
            httpx.get(base + "/api/openapi.json", timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"the server at {base} did not answer within {timeout:.0f} s")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(q[49], 2), "p95": round(q[94], 2), "max": round(ordered[-1], 2), "n": len(ordered)}


def requests_for(path: Path, n: int) -> dict[str, list[tuple[str, dict[str, Any], Callable[[Any], Any]]]]:
    """(url path, query, in-process call) for each kind; drawn once, the same for every run."""
    rng = random.Random(SEED)
    conn = connect(path)
    people = synth.sample_canonicals(conn, types=("PERSON", "ORG", "PLACE"), n=n, seed=SEED)
    actors = synth.sample_canonicals(conn, types=("PERSON", "ORG"), n=n, seed=SEED + 1)
    kinds = synth.event_types(conn)
    conn.close()
    out: dict[str, list[tuple[str, dict[str, Any], Callable[[Any], Any]]]] = {
        "search": [],
        "profile": [],
        "events": [],
    }
    for canonical, name, _type in people:
        words = name.split()
        typed = name if rng.random() < 0.5 or len(words) < 2 else f"{words[0]} {words[1][:3]}"
        out["search"].append(
            (
                "/api/search",
                {"q": typed},
                lambda c, t=typed: api.search(c, q_=t, type=None, limit=20, cursor=None),
            )
        )
        out["profile"].append(
            ("/api/entities/" + quote(canonical, safe=""), {}, lambda c, i=canonical: api.entity(c, i))
        )
    for i, (canonical, _name, _type) in enumerate(actors):
        query: dict[str, Any] = {}
        if i % 4 == 1 and kinds:
            query = {"type": rng.choice(kinds)}
        elif i % 4 == 2:
            query = {"entity": canonical}
        elif i % 4 == 3:
            query = {"since": f"{rng.randint(2010, 2020)}-{rng.randint(1, 12):02d}"}
        args = {k: query.get(k) for k in ("type", "entity", "place", "since", "until", "source")}
        out["events"].append(
            ("/api/events", query, lambda c, a=args: api.events(c, **a, limit=20, cursor=None))
        )
    return out


def sqlite_time(path: Path, calls: list[Callable[[Any], Any]]) -> list[float]:
    """Milliseconds SQLite takes for the statements each call runs (captured, then run again)."""
    conn = connect(path, migrate_schema=False)
    captured: list[str] = []
    conn.set_trace_callback(captured.append)
    times: list[float] = []
    for call in calls:
        captured.clear()
        call(conn)
        statements = [s for s in captured if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        conn.set_trace_callback(None)
        started = time.perf_counter()
        synth.run_statements(conn, statements)
        times.append((time.perf_counter() - started) * 1000)
        conn.set_trace_callback(captured.append)
    conn.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--server",
        choices=("process", "thread"),
        default="process",
        help="`newsgraph serve` in its own process (default), or uvicorn in a thread of this one",
    )
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    seed = seed_base(args.shared.resolve(), CACHE / "api_seed.db")
    path = big_base(seed, CACHE / f"api_{args.documents}.db", args.documents)
    conn = connect(path)
    documents = synth.document_count(conn)
    conn.close()
    plan = requests_for(path, args.requests)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server: uvicorn.Server | None = None
    process: subprocess.Popen[bytes] | None = None
    if args.server == "thread":
        server, thread = serve_in_thread(path, port)
    else:  # `newsgraph serve` in its own process, as an analyst runs it
        command = [str(Path(sys.executable).parent / "newsgraph"), "serve", "--db", str(path)]
        command += ["--port", str(port)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(base, process)
    figures: dict[str, Any] = {"documents": documents, "requests_per_kind": args.requests}
    with httpx.Client(base_url=base, timeout=60) as client:
        for url, query, _call in plan["search"][:10] + plan["profile"][:10] + plan["events"][:10]:
            client.get(url, params=query)  # warm-up: caches, first imports
        for kind, items in plan.items():
            http: list[float] = []
            statuses: dict[int, int] = {}
            for url, query, _call in items:
                started = time.perf_counter()
                response = client.get(url, params=query)
                response.read()
                http.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            own = sqlite_time(path, [call for _url, _query, call in items])
            figures[kind] = {
                "http_ms": percentiles(http),
                "sqlite_ms": percentiles(own),
                "statuses": statuses,
            }
    if server is not None:
        server.should_exit = True
        thread.join(timeout=10)
    if process is not None:
        process.terminate()
        process.wait(timeout=30)
    print(f"\nAPI latency on {documents} documents ({args.requests} requests per kind, one client, loopback)")
    print(
        f"{'':10} {'HTTP p50':>9} {'HTTP p95':>9} {'max':>8} {'SQLite p50':>11} {'SQLite p95':>11}  statuses"
    )
    for kind in ("search", "profile", "events"):
        h, s = figures[kind]["http_ms"], figures[kind]["sqlite_ms"]
        mark = "" if h["p95"] < TARGET_P95_MS else f"  (over the {TARGET_P95_MS:.0f} ms target)"
        print(
            f"{kind:10} {h['p50']:>7.1f}ms {h['p95']:>7.1f}ms {h['max']:>6.0f}ms"
            f" {s['p50']:>9.1f}ms {s['p95']:>9.1f}ms"
            f"  {figures[kind]['statuses']}{mark}"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
