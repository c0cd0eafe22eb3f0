"""The command of the extraction itself: extract (reports in, contract JSON out; no store)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..document import Document, IngestError
from ..errors import Errors, NewsgraphError
from ..ingest import DEFAULT_MAX_BYTES, iter_documents
from ..schema import ExtractionJSON
from ..summary import render_text
from .common import EXIT_SOME_FAILED, EXIT_USAGE, check_published, fail, stderr
from .store import (
    DEFAULT_SHARD_BYTES,
    ClusterOption,
    InputFormatOption,
    MaxCharsOption,
    ShardBytesOption,
    StopOnSignal,
    check_input_format,
    print_note,
)


def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or directories (.txt, .html, .htm, .jsonl, .warc, .warc.gz), or - for stdin."
        ),
    ],
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for all inputs.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (one document), jsonl (batches) or text.")
    ] = "",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes.")] = 1,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Skip inputs larger than this.")
    ] = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = None,
    input_format: InputFormatOption = "auto",
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr for batches.")] = True,
    cluster: ClusterOption = None,
    shard_bytes: ShardBytesOption = DEFAULT_SHARD_BYTES,
) -> None:
    """Extract entities, identities, facts and events from news reports.

    One JSON object per document (../shared/SCHEMA.md); JSON Lines when there are
    several. Bad inputs, and documents the pipeline fails on, get a clear error on stderr
    and the batch goes on; a text longer than the model takes is read in parts, unless
    --max-chars refuses it. The exit status is 0 when every document succeeded, 1 when
    some failed, 2 for usage errors, 130 when stopped by Ctrl-C.
    With --cluster (local:N or tcp://HOST:PORT) Dask workers extract shards; the output is
    JSON Lines, or one Parquet file when --output ends in .parquet.

    Example:

        newsgraph extract examples/arrest-report.txt --published 2020-05-21 --format text
    """
    from ..components import build_nlp
    from ..pipeline import extract_documents

    if fmt not in ("", "json", "jsonl", "text"):
        raise fail(f"--format must be json, jsonl or text, not {fmt!r}", EXIT_USAGE)
    published = check_published(published)
    check_input_format(input_format)
    if cluster is not None:
        if max_chars is not None:
            raise fail("E074: " + Errors.E074, EXIT_USAGE)
        _extract_on_cluster(
            paths, cluster, fmt, output, published, max_bytes, shard_bytes, progress, input_format
        )
        return
    errors: list[IngestError] = []
    ok = 0

    def good_documents() -> Iterator[Document]:
        items = iter_documents(
            paths, published=published, max_bytes=max_bytes, input_format=input_format, on_note=print_note
        )
        for item in items:
            if isinstance(item, IngestError):
                errors.append(item)
                stderr.print(f"[red]error[/red] {item.code}: {escape(item.message)}")
            else:
                yield item

    def failed(error: IngestError) -> None:  # a document the pipeline failed on, or refused
        errors.append(error)
        stderr.print(f"[red]error[/red] {error.code}: {escape(error.message)}")

    try:
        nlp = build_nlp()
    except NewsgraphError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    batch = len(paths) > 1 or any(
        p == "-" or not p.lower().endswith((".txt", ".html", ".htm")) for p in paths
    )
    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    show = progress and batch and stderr.is_terminal
    stop = StopOnSignal(graceful=False)  # Ctrl-C: the workers are stopped, what was written stays
    try:
        with (
            stop,
            Progress(
                TextColumn("extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr,
                disable=not show,
            ) as bar,
        ):
            task = bar.add_task("extract", total=None)
            results = extract_documents(
                good_documents(),
                nlp=nlp,
                n_process=processes,
                on_done=lambda _d: bar.advance(task),
                on_error=failed,
                max_chars=max_chars,
            )
            for result in results:
                # counted once written: a Ctrl-C during the write must not count it
                _write_result(out, result, fmt or ("jsonl" if batch else "json"))
                ok += 1
    except KeyboardInterrupt:  # the results written so far stay; no worker is left behind
        raise stop.exit(f"{ok} document(s) written, {len(errors)} failed") from None
    finally:
        if output:
            out.close()
    if batch or errors:
        stderr.print(f"{ok} document(s) extracted, {len(errors)} failed")
    if errors:
        raise typer.Exit(EXIT_SOME_FAILED)


def _extract_on_cluster(
    paths: list[str],
    cluster: str,
    fmt: str,
    output: Path | None,
    published: str | None,
    max_bytes: int,
    shard_bytes: int,
    progress: bool,
    input_format: str = "auto",
) -> None:
    from ..cluster.cli import extract_command

    if fmt not in ("", "jsonl"):
        raise fail("E053: " + Errors.E053.format(value=fmt), EXIT_USAGE)
    try:
        ok, errors = extract_command(
            paths,
            cluster=cluster,
            output=output,
            console=stderr,
            published=published,
            max_bytes=max_bytes,
            shard_bytes=shard_bytes,
            progress=progress,
            input_format=input_format,
            on_note=print_note,
        )
    except NewsgraphError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    stderr.print(f"{ok} document(s) extracted, {len(errors)} failed")
    if errors:
        raise typer.Exit(EXIT_SOME_FAILED)


def _write_result(out: TextIO, result: ExtractionJSON, fmt: str) -> None:
    if fmt == "text":
        out.write(render_text(result) + "\n")
    elif fmt == "json":
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
    app.command()(extract)
