"""The client: plan shards, have the cluster's workers extract them, take finished shards in order.

`--cluster local[:N]` starts a `LocalCluster` of N single-threaded worker processes on
loopback; `--cluster tcp://HOST:PORT` joins a running scheduler. The workers write each
shard's Parquet file under `<db>.runs/<run-id>/`; the client loads shards into the store in
input order, one transaction each, so the base holds what a one-process ingest writes.
A re-run of the same command (same inputs, same shard size: the same run id) skips shards
whose file is complete and documents whose content hash is stored; Dask reruns the task
of a worker that died; a killed client loses nothing it committed.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import IngestError
from ..errors import Errors, NewsgraphError
from ..ingest import DEFAULT_MAX_BYTES, iter_documents
from ..pipeline import IngestCounts
from . import shards
from .load import load_shard, record
from .plan import DEFAULT_SHARD_BYTES, Plan, Shard, iter_shards, start_plan
from .worker import ShardDone, extract_shard

_LOCAL = re.compile(r"^local(?::(\d+))?$")
_TCP = re.compile(r"^tcp://[A-Za-z0-9.\-\[\]:]+:\d+$")
CONNECT_TIMEOUT = "10s"
# The settings of the workers `local` starts. Dask's stack sampling takes the GIL from the NLP.
# Dask also starts workers with MALLOC_TRIM_THRESHOLD_ set (to give memory back sooner); glibc
# then keeps its mmap threshold fixed, so every array spaCy allocates over 128 KiB is a fresh
# mmap, faulted in page by page: the environment of one process is kept instead.
LOCAL_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """Where to run: `workers` local processes, or the scheduler at `address`."""

    workers: int = 0
    address: str | None = None


def parse_cluster(value: str) -> ClusterSpec:
    """`local`, `local:N` or `tcp://HOST:PORT`; else E050."""
    text = value.strip()
    local = _LOCAL.match(text)
    if local:
        workers = int(local.group(1)) if local.group(1) else (os.cpu_count() or 1)
        if workers >= 1:
            return ClusterSpec(workers=workers)
    elif _TCP.match(text):
        return ClusterSpec(address=text)
    raise NewsgraphError("E050: " + Errors.E050.format(value=value))


@contextmanager
def open_client(spec: ClusterSpec, *, timeout: str = CONNECT_TIMEOUT) -> Iterator[Any]:
    """A `dask.distributed.Client` on the cluster `spec` names, closed afterwards."""
    import dask.config
    import distributed

    dist: Any = distributed  # untyped calls
    if spec.address is None:
        with (
            dask.config.set(LOCAL_WORKERS),
            dist.LocalCluster(
                n_workers=spec.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            dist.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = dist.Client(spec.address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NewsgraphError("E051: " + Errors.E051.format(address=spec.address, reason=reason)) from None
    with client:
        yield client


def dashboard(client: Any) -> str | None:
    """The cluster's dashboard address, when it serves one."""
    services = client.scheduler_info().get("services", {})
    return str(client.dashboard_link) if "dashboard" in services else None


@dataclass(frozen=True, slots=True)
class ShardEvent:
    """A shard taken by the client, in order, with the run's running totals."""

    shard: Shard
    done: ShardDone | None  # None: every document of the shard was stored already
    shards_done: int
    documents_done: int


def in_flight_limit(client: Any) -> int:
    """Shards submitted and not yet taken, at most: two a worker, so none waits for work."""
    return 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 1


def run_shards(
    client: Any,
    planned: Iterable[Shard],
    run_dir: Path,
    on_shard: Callable[[ShardEvent], None],
    *,
    limit: int | None = None,
) -> int:
    """Extract every shard with pending documents on the cluster (unless its file is complete)
    and call `on_shard` for each shard in order as soon as it and all before it are done.

    At most `limit` shards are in flight (read from the inputs but not yet taken), so the
    client's memory does not grow with the inputs. Return the number of shards.
    """
    import distributed

    dask: Any = distributed
    run_dir.mkdir(parents=True, exist_ok=True)
    limit = limit if limit is not None else in_flight_limit(client)
    waiting: dict[int, Shard] = {}  # cut, not yet taken
    ready: dict[int, ShardDone | None] = {}
    futures: dict[Any, int] = {}
    finished = dask.as_completed()
    position = 0
    documents = 0

    def drain() -> None:
        nonlocal position, documents
        while position in ready:
            done, shard = ready.pop(position), waiting.pop(position)
            documents += len(shard.documents)
            on_shard(ShardEvent(shard, done, position + 1, documents))
            position += 1

    def take_one() -> None:
        future = next(finished)
        index = futures.pop(future)
        try:
            ready[index] = future.result()
        except Exception as exc:  # the task failed on every try, or the cluster went away
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise NewsgraphError("E052: " + Errors.E052.format(index=index, reason=reason)) from exc
        drain()

    try:
        for shard in planned:
            waiting[shard.index] = shard
            path = run_dir / shard.name
            pending = shard.pending
            if not pending:
                ready[shard.index] = None
            elif shards.is_complete(path, shard.digest):
                words = sum(len(d.text.split()) for d in pending)
                ready[shard.index] = ShardDone(shard.index, str(path), len(pending), words, 0.0, 0.0, 0, 0)
            else:
                if path.exists():  # not whole, or of other inputs: never loaded, extracted again
                    path.unlink()
                args = (shard.index, str(path), shard.digest, pending)
                with warnings.catch_warnings():  # a shard's documents travel in its task, by design
                    warnings.filterwarnings("ignore", message=".*[Ll]arge graph", category=UserWarning)
                    future = client.submit(extract_shard, *args, pure=False, retries=1)
                futures[future] = shard.index
                finished.add(future)
            drain()
            while len(waiting) >= limit and futures:
                take_one()
        while futures:
            take_one()
    finally:
        client.cancel(list(futures))
    return position


def plan_inputs(
    conn: sqlite3.Connection | None,
    paths: Sequence[str],
    *,
    published: str | None,
    max_bytes: int,
    shard_bytes: int,
    input_format: str = "auto",
    on_note: Callable[[str], None] | None = None,
) -> tuple[Plan, Iterator[Shard]]:
    """The plan of `paths` and its shards as they are cut: against the store `conn`, or
    (None) every readable input, repeats too. `input_format` and `on_note` are as in
    `newsgraph.ingest.iter_documents`: the notes are made as the inputs are read."""
    options = f"published={published} max_bytes={max_bytes} store={conn is not None}"
    if input_format != "auto":  # the default keeps the run ids of earlier runs
        options += f" input_format={input_format}"
    plan = start_plan(paths, shard_bytes=shard_bytes, options=options)
    items = iter_documents(
        paths, published=published, max_bytes=max_bytes, input_format=input_format, on_note=on_note
    )
    return plan, iter_shards(plan, conn, items, shard_bytes=shard_bytes, dedupe=conn is not None)


def ingest_cluster(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    client: Any,
    runs_root: Path,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    on_plan: Callable[[Plan], None] | None = None,
    on_shard: Callable[[ShardEvent, IngestCounts], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    input_format: str = "auto",
    on_note: Callable[[str], None] | None = None,
) -> IngestCounts:
    """Ingest `paths` on the cluster `client` talks to; return what was done, as `ingest_paths` does.

    Unreadable inputs are recorded as they are met, in one transaction with the next shard
    taken (or at the end). `input_format` and `on_note` are as in `ingest_paths`."""
    plan, planned = plan_inputs(
        conn,
        paths,
        published=published,
        max_bytes=max_bytes,
        shard_bytes=shard_bytes,
        input_format=input_format,
        on_note=on_note,
    )
    if on_plan is not None:
        on_plan(plan)
    recorded = 0
    new = 0
    failed = 0  # documents the pipeline failed on: in plan.errors, not stored

    def errors_to_record() -> list[IngestError]:
        nonlocal recorded
        fresh = plan.errors[recorded:]
        recorded = len(plan.errors)
        for error in fresh:
            if on_error is not None:
                on_error(error)
        return fresh

    def counts() -> IngestCounts:
        skipped = plan.repeated + plan.documents - new - failed
        return IngestCounts(new=new, skipped=skipped, failed=len(plan.errors))

    def load(event: ShardEvent) -> None:
        nonlocal new, failed
        if event.done is not None and event.done.errors:
            plan.errors.extend(event.done.errors)
            failed += len(event.done.errors)
        errors = errors_to_record()
        if event.done is not None:
            new += load_shard(conn, Path(event.done.path), errors=errors)
        else:
            record(conn, errors)
        if on_shard is not None:
            on_shard(event, counts())

    run_shards(client, planned, plan.run_dir(runs_root), load)
    record(conn, errors_to_record())
    return counts()


def runs_root_for(db_path: str | Path) -> Path:
    """The folder of the runs of the base at `db_path`: `<db>.runs` beside it."""
    path = Path(db_path).resolve()
    return path.with_name(path.name + ".runs")
