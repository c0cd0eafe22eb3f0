"""Ingest on a Dask cluster against one process, in one run and on the same texts.

The corpus is `bench.py`'s (texts of the shared evaluation data), each text once (a
repeat would be skipped by its content hash). Three ingests into fresh stores, each
with the pipeline loaded before the clock starts (workers load theirs while the cluster
starts): one process (`ingest_paths`), `--cluster local:1` and `--cluster local:2`.
Reported: documents/s and words/s of each (wall time of the whole ingest, planning and
loading included), the ratio of 2 workers to 1 and to one process, the CPU time a document
(of the process, or of the workers' extraction: on a busy machine wall time grows, CPU time
much less), the peak resident
memory of each worker process, the client's share of the wall time (loading shards into
the store, measured apart by loading the same shard files into a fresh store), the rows
compared with the one-process store, and a projection: documents per hour for 1, 8 and 64
workers from the measured extraction cost per document on a worker and the measured load
rate, with the worker count where the single SQLite writer becomes the limit.

Example:

    .venv/bin/python benchmarks/cluster_bench.py --shared ../shared --words 40000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import build_corpus  # noqa: E402

stderr = Console(stderr=True)


def stats_of(db: Path) -> dict[str, Any]:
    from newsgraph.store import connect
    from newsgraph.store.queries import stats

    conn = connect(db)
    try:
        return dict(stats(conn))
    finally:
        conn.close()


def one_process(corpus: Path, db: Path, nlp: Any) -> tuple[float, float]:
    from newsgraph.pipeline import ingest_paths
    from newsgraph.store import connect

    conn = connect(db)
    start, cpu = time.perf_counter(), time.process_time()
    ingest_paths(conn, [str(corpus)], nlp=nlp)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return seconds, cpu


def on_cluster(corpus: Path, db: Path, workers: int, shard_bytes: int) -> dict[str, Any]:
    from newsgraph.cluster import worker
    from newsgraph.cluster.run import ShardEvent, ingest_cluster, open_client, parse_cluster, runs_root_for
    from newsgraph.pipeline import IngestCounts
    from newsgraph.store import connect

    peaks: dict[int, int] = {}
    extract_s = cpu_s = 0.0
    files: list[Path] = []

    def seen(event: ShardEvent, _counts: IngestCounts) -> None:
        nonlocal extract_s, cpu_s
        if event.done is not None:
            peaks[event.done.pid] = max(peaks.get(event.done.pid, 0), event.done.peak_rss_kb)
            extract_s += event.done.seconds
            cpu_s += event.done.cpu_seconds
            files.append(Path(event.done.path))

    with open_client(parse_cluster(f"local:{workers}")) as client:
        client.wait_for_workers(workers)
        client.run(worker.pipeline)  # each worker loads its pipeline before the clock starts
        conn = connect(db)
        start = time.perf_counter()
        counts = ingest_cluster(
            conn,
            [str(corpus)],
            client=client,
            runs_root=runs_root_for(db),
            shard_bytes=shard_bytes,
            on_shard=seen,
        )
        seconds = time.perf_counter() - start
        conn.close()
    return {
        "seconds": seconds,
        "cpu": cpu_s,
        "counts": counts,
        "peaks_kb": peaks,
        "extract_s": extract_s,
        "files": files,
    }


def load_rate(files: list[Path], db: Path) -> float:
    """Documents a second the client loads finished shard files at, into a fresh store."""
    from newsgraph.cluster.load import load_shard
    from newsgraph.store import connect

    conn = connect(db)
    start = time.perf_counter()
    loaded = sum(load_shard(conn, path) for path in files)
    seconds = time.perf_counter() - start
    conn.close()
    return loaded / seconds if seconds else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--words", type=int, default=40_000, help="words of text (each text once)")
    parser.add_argument("--shard-bytes", type=int, default=0, help="0: the corpus over 4 shards a worker")
    args = parser.parse_args(argv)

    texts, _ = build_corpus(args.shared, words=args.words)
    texts = list(dict.fromkeys(texts))
    words = sum(len(t.split()) for t in texts)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    shard_bytes = args.shard_bytes or max(1, text_bytes // 8)
    from newsgraph.components import build_nlp

    nlp = build_nlp()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="newsgraph-cluster-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        stderr.print(f"{len(texts)} documents, {words} words; shards of {shard_bytes} bytes")
        stderr.print("1 process …")
        seconds, cpu = one_process(corpus, Path(tmp) / "one.db", nlp)
        results["1 process"] = {"seconds": seconds, "cpu": cpu, "peaks_kb": {}}
        reference = stats_of(Path(tmp) / "one.db")
        for n in (1, 2):
            stderr.print(f"--cluster local:{n} …")
            run = on_cluster(corpus, Path(tmp) / f"local{n}.db", n, shard_bytes)
            run["same_rows"] = stats_of(Path(tmp) / f"local{n}.db") == reference
            run["load_docs_per_s"] = load_rate(run["files"], Path(tmp) / f"load{n}.db")
            results[f"local:{n}"] = run
    table = Table(title=f"ingest, {len(texts)} documents, {words} words (shared machine: noisy)")
    for column in (
        "run",
        "wall s",
        "docs/s",
        "words/s",
        "x 1 process",
        "CPU ms/doc",
        "peak MiB / worker",
        "load % wall",
        "rows",
    ):
        table.add_column(column, justify="right")
    base = results["1 process"]["seconds"]
    for name, run in results.items():
        load_share = ""
        if "load_docs_per_s" in run and run["load_docs_per_s"]:
            load_share = f"{100 * len(texts) / run['load_docs_per_s'] / run['seconds']:.1f}"
        peaks = ", ".join(f"{kb / 1024:.0f}" for kb in run["peaks_kb"].values())
        table.add_row(
            name,
            f"{run['seconds']:.1f}",
            f"{len(texts) / run['seconds']:.2f}",
            f"{words / run['seconds']:.0f}",
            f"{base / run['seconds']:.2f}",
            f"{1000 * run['cpu'] / len(texts):.0f}",
            peaks,
            load_share,
            "" if "same_rows" not in run else ("same" if run["same_rows"] else "DIFFERENT"),
        )
    console = Console(width=max(Console().width, 120))
    console.print(table)
    two, one = results["local:2"], results["local:1"]
    console.print(f"local:2 / local:1 = {one['seconds'] / two['seconds']:.2f}x words/s")
    per_doc = one["extract_s"] / len(texts)  # worker seconds a document, one worker alone
    load = two["load_docs_per_s"]
    projection = Table(title="projection (from the measured cost a document on a worker and the load rate)")
    for column in ("workers", "extract docs/h", "load limit docs/h", "docs/h"):
        projection.add_column(column, justify="right")
    for n in (1, 8, 64):
        extract_rate = n * 3600 / per_doc
        projection.add_row(
            str(n), f"{extract_rate:,.0f}", f"{load * 3600:,.0f}", f"{min(extract_rate, load * 3600):,.0f}"
        )
    console.print(projection)
    console.print(
        f"a document costs {per_doc * 1000:.0f} ms on a worker, the client loads {load:.0f} docs/s: "
        f"the single SQLite writer is the limit from about {load * per_doc:.0f} workers"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
