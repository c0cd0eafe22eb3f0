"""What `ingest --cluster` and `extract --cluster` do: open the cluster, run, report on stderr."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from ..document import IngestError
from ..pipeline import IngestCounts
from .load import concat_parquet, write_jsonl
from .plan import Plan, Shard
from .progress import ShardProgress
from .run import ShardEvent, dashboard, ingest_cluster, open_client, parse_cluster, plan_inputs, run_shards
from .run import runs_root_for as runs_root_for


def _say_cluster(console: Console, client: Any) -> None:
    link = dashboard(client)
    workers = len(client.scheduler_info().get("workers", {}))
    console.print(f"cluster: {workers} worker(s)" + (f", dashboard {escape(link)}" if link else ""))


def ingest_command(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    cluster: str,
    db_path: str,
    console: Console,
    published: str | None,
    max_bytes: int,
    shard_bytes: int,
    progress: bool,
    input_format: str = "auto",
    on_note: Callable[[str], None] | None = None,
) -> IngestCounts:
    """`newsgraph ingest --cluster`: raises NewsgraphError (E050-E052) on a bad cluster."""
    spec = parse_cluster(cluster)

    def report(error: IngestError) -> None:
        console.print(f"[red]error[/red] {error.code}: {escape(error.message)}")

    with open_client(spec) as client:
        _say_cluster(console, client)
        with ShardProgress(console, enabled=progress and console.is_terminal) as bar:
            return ingest_cluster(
                conn,
                paths,
                client=client,
                runs_root=runs_root_for(db_path),
                published=published,
                max_bytes=max_bytes,
                shard_bytes=shard_bytes,
                on_plan=bar.plan,
                on_shard=bar.shard,
                on_error=report,
                input_format=input_format,
                on_note=on_note,
            )


def extract_command(
    paths: Sequence[str],
    *,
    cluster: str,
    output: Path | None,
    console: Console,
    published: str | None,
    max_bytes: int,
    shard_bytes: int,
    progress: bool,
    input_format: str = "auto",
    on_note: Callable[[str], None] | None = None,
) -> tuple[int, list[IngestError]]:
    """`newsgraph extract --cluster`: JSON Lines to `output` (stdout when None), or one Parquet
    file when `output` ends in .parquet; return the documents written and the unreadable inputs."""
    spec = parse_cluster(cluster)
    plan, planned = plan_inputs(
        None,
        paths,
        published=published,
        max_bytes=max_bytes,
        shard_bytes=shard_bytes,
        input_format=input_format,
        on_note=on_note,
    )
    shown = 0

    def report() -> None:  # the unreadable inputs met so far
        nonlocal shown
        for error in plan.errors[shown:]:
            console.print(f"[red]error[/red] {error.code}: {escape(error.message)}")
        shown = len(plan.errors)

    with open_client(spec) as client:
        _say_cluster(console, client)
        with ShardProgress(console, enabled=progress and console.is_terminal) as bar:
            bar.plan(plan)

            def shard(event: ShardEvent) -> None:
                report()
                bar.shard(event)

            written = extract_plan(client, plan, planned, output, on_shard=shard)
    report()
    return written, plan.errors


def extract_plan(
    client: Any,
    plan: Plan,
    planned: Iterable[Shard],
    output: Path | None,
    *,
    on_shard: Callable[[ShardEvent], None] | None = None,
) -> int:
    """Extract the plan's shards on the cluster into `output` (see `extract_command`); the
    shards go to `<output>.runs/<run-id>/` (a temporary folder without --output)."""
    parquet = output is not None and output.suffix == ".parquet"
    written = 0
    failed = 0
    files: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="newsgraph-extract-") as scratch:
        root = runs_root_for(output) if output is not None else Path(scratch)
        out = sys.stdout if output is None or parquet else output.open("w", encoding="utf-8")

        def take(event: ShardEvent) -> None:
            nonlocal written, failed
            if event.done is not None and event.done.errors:  # documents the pipeline failed on
                plan.errors.extend(event.done.errors)
                failed += len(event.done.errors)
            if event.done is not None:
                files.append(Path(event.done.path))
                if not parquet:
                    written += write_jsonl(out, Path(event.done.path))
            if on_shard is not None:
                on_shard(event)

        try:
            run_shards(client, planned, plan.run_dir(root), take)
        finally:
            if out is not sys.stdout:
                out.close()
        if parquet and output is not None:
            concat_parquet(files, output)
            written = plan.documents - failed
    return written
