"""Commands over the knowledge base: ingest, stats, search, errors (see `newsgraph.store`)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import Errors
from ..export.safe import json_text
from ..ingest import DEFAULT_MAX_BYTES, INPUT_FORMATS
from ..pipeline import DEFAULT_BATCH_SIZE, IngestCounts
from .common import (
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    DbOption,
    check_published,
    connect_db,
    fail,
    open_db,
    stderr,
)

DEFAULT_SHARD_BYTES = 20_000_000  # newsgraph.cluster.plan's, not imported: commands start fast
ClusterOption = Annotated[
    str | None,
    typer.Option("--cluster", help="Extract on Dask: local, local:N worker processes, or tcp://HOST:PORT."),
]
ShardBytesOption = Annotated[
    int, typer.Option("--shard-bytes", min=1, help="With --cluster: bytes of text in each shard.")
]

InputFormatOption = Annotated[
    str,
    typer.Option(
        "--input-format",
        help="How to read stdin (-): auto (JSON Lines when the first line starts with '{', HTML when "
        "it starts with a tag, else text), text, html or jsonl.",
    ),
]

RESOLVE_MODULE = "newsgraph.resolve.run"
RESUME = "run the same command again to go on where it stopped"

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        min=1,
        help="Refuse texts longer than this many characters (E070); without it a long text is read in parts.",
    ),
]


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or directories (.txt, .html, .htm, .jsonl, .warc, .warc.gz), or -."),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for all inputs.")
    ] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Commit after this many documents.")
    ] = DEFAULT_BATCH_SIZE,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=1, help="Skip inputs (JSONL lines, WARC records) larger than this."),
    ] = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = None,
    input_format: InputFormatOption = "auto",
    resolve: Annotated[
        bool, typer.Option("--resolve/--no-resolve", help="Run cross-document resolution afterwards.")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    cluster: ClusterOption = None,
    shard_bytes: ShardBytesOption = DEFAULT_SHARD_BYTES,
) -> None:
    """Store news reports in the knowledge base: extract, then write documents, entities and statements.

    A document already stored (same text, by content hash) is skipped before any NLP,
    so running the same command twice adds nothing, and a run that was stopped picks
    up where its last commit (every --batch-size documents) left off. Unreadable
    inputs, and documents the pipeline fails on, are recorded (see `newsgraph errors`)
    and the batch goes on. A text longer than the model takes is read in parts, unless
    --max-chars refuses it. Ctrl-C (SIGINT) or SIGTERM stops after the documents in hand are
    committed (a second Ctrl-C stops at once, losing only the batch in hand); no worker
    process is left behind. Exit status: 0 when every input was stored or already there,
    1 when some failed, 2 for usage errors, 130 when stopped by SIGINT, 143 by SIGTERM.
    With --cluster the workers extract shards of --shard-bytes of text into
    `<db>.runs/`, and this process loads them in order (see README, "Past one machine").

    Example:

        newsgraph ingest reports/ crawl.warc.gz --db corpus.db --cluster local:2
    """
    from ..document import IngestError
    from ..errors import NewsgraphError
    from ..pipeline import Interrupted, ingest_paths
    from ..store import default_path

    published = check_published(published)
    if max_chars is not None and cluster is not None:
        raise fail("E074: " + Errors.E074, EXIT_USAGE)
    conn = connect_db(db)
    stop = StopOnSignal()
    seen = IngestCounts()

    def report(error: IngestError) -> None:
        stderr.print(f"[red]error[/red] {error.code}: {escape(error.message)}")

    check_input_format(input_format)

    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        disable=not (progress and stderr.is_terminal) or cluster is not None,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(counts: IngestCounts) -> None:
            nonlocal seen
            seen = counts
            bar.update(task, description=_describe(counts))

        try:
            if cluster is not None:  # the workers extract, this process loads (newsgraph.cluster)
                from ..cluster.cli import ingest_command

                counts = ingest_command(
                    conn,
                    paths,
                    cluster=cluster,
                    db_path=str(db or default_path()),
                    console=stderr,
                    published=published,
                    max_bytes=max_bytes,
                    shard_bytes=shard_bytes,
                    progress=progress,
                    input_format=input_format,
                    on_note=print_note,
                )
            else:
                with stop:
                    counts = ingest_paths(
                        conn,
                        paths,
                        published=published,
                        max_bytes=max_bytes,
                        max_chars=max_chars,
                        batch_size=batch_size,
                        processes=processes,
                        on_progress=advance,
                        on_error=report,
                        should_stop=stop.requested,
                        input_format=input_format,
                        on_note=print_note,
                    )
        except NewsgraphError as exc:  # the model is not installed: nothing could be extracted
            raise fail(str(exc), EXIT_USAGE) from None
        except Interrupted as stopped:  # committed all it extracted
            conn.close()
            raise stop.exit(_describe(stopped.counts) + f", all committed; {RESUME}") from None
        except KeyboardInterrupt:  # a second Ctrl-C, or one during --cluster: the batch in hand is lost
            conn.close()
            raise stop.exit(_describe(seen) + f"; the batch in hand was rolled back; {RESUME}") from None
    stderr.print(_describe(counts) + f" in {escape(str(db or default_path()))}")
    if resolve and _resolve_available():
        module: Any = importlib.import_module(RESOLVE_MODULE)
        try:
            module.resolve_store(conn)
        except KeyboardInterrupt:  # each step of it commits alone; a re-run redoes it whole
            conn.close()
            raise stop.exit(
                _describe(counts) + f", all committed; resolution was stopped; {RESUME}"
            ) from None
    conn.close()
    if counts.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


class StopOnSignal:
    """While entered: with `graceful`, the first SIGINT or SIGTERM asks the run to stop
    (`requested`) and a second one stops it at once; without, the first does. Stopping at
    once terminates the worker processes and raises KeyboardInterrupt. Handlers are set
    only in the main thread."""

    def __init__(self, *, graceful: bool = True) -> None:
        self.graceful = graceful
        self.signal: int | None = None
        self.workers_stopped = 0
        self._previous: dict[int, Any] = {}

    def requested(self) -> bool:
        return self.signal is not None

    def __enter__(self) -> StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, _frame: Any) -> None:
        if self.signal is not None or not self.graceful:
            from ..pipeline import stop_workers

            self.signal = self.signal or signum
            self.workers_stopped += stop_workers()
            raise KeyboardInterrupt
        self.signal = signum
        stderr.print(
            f"{signal.Signals(signum).name}: stopping once the documents in hand are committed"
            " (Ctrl-C again stops at once)"
        )

    def exit(self, done: str) -> typer.Exit:
        """Say what was done (E073); the exit to raise: 128 + the signal (130 for SIGINT).

        After workers were terminated the process ends here: the queues that fed them may
        hold what no one will read, and the interpreter would wait for them at exit."""
        signum = self.signal if self.signal is not None else signal.SIGINT
        name = signal.Signals(signum).name
        stderr.print(f"[yellow]E073:[/yellow] {escape(Errors.E073.format(signal=name, done=done))}")
        if self.workers_stopped:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(128 + int(signum))
        return typer.Exit(128 + int(signum))


def check_input_format(value: str) -> None:
    """A usage error (E063) unless `value` is one of the ways to read stdin."""
    if value not in INPUT_FORMATS:
        raise fail("E063: " + Errors.E063.format(value=value), EXIT_USAGE)


def print_note(note: str) -> None:
    """A note made while reading the inputs ("N00x: message"), on stderr."""
    stderr.print(f"[yellow]note[/yellow] {escape(note)}")


def _describe(counts: IngestCounts) -> str:
    return f"{counts.new} new, {counts.skipped} already stored, {counts.failed} failed"


def _resolve_available() -> bool:
    """Whether cross-document resolution is installed (`newsgraph.resolve.run.resolve_store`)."""
    parent = RESOLVE_MODULE.rsplit(".", 1)[0]
    return (
        importlib.util.find_spec(parent) is not None and importlib.util.find_spec(RESOLVE_MODULE) is not None
    )


def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Count what the knowledge base holds: documents, entities, statements, judgements, errors.

    Canonical entities are the clusters resolution made (an unresolved entity is its
    own); event groups are the real events that several reports share.

    Example:

        newsgraph stats --db corpus.db --json
    """
    from ..store.queries import stats as figures

    result = figures(open_db(db))
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    judgements = result["judgements"]
    rows: list[tuple[str, object]] = [
        ("documents", result["documents"]),
        ("entities", result["entities"]),
        *((f"  {kind}", n) for kind, n in result["entities_by_type"].items()),
        ("canonical entities", result["canonical_entities"]),
        ("aliases", result["aliases"]),
        ("mentions", result["mentions"]),
        ("statements", result["statements"]),
        ("  facts", result["facts"]),
        ("  events", result["events"]),
        ("event groups", result["event_groups"]),
        ("events after grouping", result["events_after_grouping"]),
        ("judgements", judgements["total"]),
        *((f"  {verdict}", n) for verdict, n in judgements["by_verdict"].items()),
        *((f"  by {author}", n) for author, n in judgements["by_author"].items()),
        ("errors", result["errors"]),
    ]
    from ..export.safe import terminal_safe

    width = max(len(name) for name, _ in rows)
    for name, value in rows:  # an author is whatever --author was given
        typer.echo(terminal_safe(f"{name:<{width}}  {value}"))


def search(
    text: Annotated[str, typer.Argument(help="Words to find (the last one also as a prefix).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many of each.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Find documents (title and text) and entities (names and aliases) by their words.

    Entities are shown once per canonical entity, with how many documents name it.

    Example:

        newsgraph search "al-Tawili" --db corpus.db --limit 5
    """
    from ..export.safe import terminal_safe
    from ..store.db import StoreError
    from ..store.queries import search as find

    conn = open_db(db)
    start, end = "\x02", "\x03"  # placeholders for the highlight, kept apart from the text's markup
    try:
        result = find(conn, text, limit=limit, mark=("[", "]") if as_json else (start, end))
    except StoreError as exc:  # a query too long to search (E082, E083)
        raise fail(str(exc), EXIT_USAGE) from None
    if as_json:
        typer.echo(json_text(result, indent=2))
        return
    from rich.console import Console

    def shown(value: str) -> str:  # article text: no terminal controls, no rich markup
        return escape(terminal_safe(value))

    out = Console(soft_wrap=True, highlight=False, emoji=False)
    out.print(f"[bold]documents[/bold] ({len(result['documents'])})")
    for hit in result["documents"]:
        title = f"  {shown(hit['title'])}" if hit["title"] else ""
        snippet = _highlighted(hit["snippet"], start, end, shown)
        out.print(f"  {shown(hit['id'])}{title}\n    {snippet}")
    out.print(f"[bold]entities[/bold] ({len(result['entities'])})")
    for entity in result["entities"]:
        out.print(
            f"  {shown(entity['id'])}  {shown(entity['name'])} ({shown(entity['type'])}),"
            f" {entity['documents']} document(s)"
        )


def _highlighted(snippet: str, start: str, end: str, shown: Callable[[str], str]) -> str:
    """The snippet as rich markup: its text `shown`, the matches between `start` and `end` in bold
    (always balanced, whatever marks the text itself holds)."""
    parts: list[str] = []
    bold = False
    for piece in re.split(f"({re.escape(start)}|{re.escape(end)})", snippet):
        if piece in (start, end):
            if bold != (piece == start):
                parts.append("[bold]" if piece == start else "[/bold]")
                bold = piece == start
        else:
            parts.append(shown(piece))
    return "".join(parts) + ("[/bold]" if bold else "")


def errors(
    db: DbOption = None,
    code: Annotated[str | None, typer.Option("--code", help="Only errors of this code (E002 ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """List the inputs that ingest could not read, with the reason and what to do.

    Example:

        newsgraph errors --db corpus.db --code E004
    """
    from ..export.safe import terminal_safe
    from ..store.queries import list_errors

    for error in list_errors(open_db(db), code=code):
        if as_json:
            typer.echo(json_text(error))
        else:  # the message names the input, whose path may hold anything
            typer.echo(terminal_safe(f"{error['code']}  {error['message']}"))


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
    for command in (ingest, stats, search, errors):
        app.command()(command)
