"""Commands over the knowledge base: ingest, stats, search, errors (see `newsgraph.store`)."""

from __future__ import annotations

import importlib
import importlib.util
import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..ingest import DEFAULT_MAX_BYTES
from ..pipeline import DEFAULT_BATCH_SIZE, IngestCounts
from .common import EXIT_SOME_FAILED, EXIT_USAGE, DbOption, check_published, connect_db, fail, stderr

DEFAULT_SHARD_BYTES = 20_000_000  # newsgraph.cluster.plan's, not imported: commands start fast
ClusterOption = Annotated[
    str | None,
    typer.Option("--cluster", help="Extract on Dask: local, local:N worker processes, or tcp://HOST:PORT."),
]
ShardBytesOption = Annotated[
    int, typer.Option("--shard-bytes", min=1, help="With --cluster: bytes of text in each shard.")
]

RESOLVE_MODULE = "newsgraph.resolve.run"

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


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
    inputs are recorded (see `newsgraph errors`) and the batch goes on. Exit status:
    0 when every input was stored or already there, 1 when some failed, 2 for usage errors.
    With --cluster the workers extract shards of --shard-bytes of text into
    `<db>.runs/`, and this process loads them in order (see README, "Past one machine").

    Example:

        newsgraph ingest reports/ crawl.warc.gz --db corpus.db --cluster local:2
    """
    from ..document import IngestError
    from ..errors import NewsgraphError
    from ..pipeline import ingest_paths
    from ..store import default_path

    published = check_published(published)
    conn = connect_db(db)

    def report(error: IngestError) -> None:
        stderr.print(f"[red]error[/red] {error.code}: {escape(error.message)}")

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
                )
            else:
                counts = ingest_paths(
                    conn,
                    paths,
                    published=published,
                    max_bytes=max_bytes,
                    batch_size=batch_size,
                    processes=processes,
                    on_progress=advance,
                    on_error=report,
                )
        except NewsgraphError as exc:  # the model is not installed: nothing could be extracted
            raise fail(str(exc), EXIT_USAGE) from None
    stderr.print(_describe(counts) + f" in {escape(str(db or default_path()))}")
    if resolve and _resolve_available():
        module: Any = importlib.import_module(RESOLVE_MODULE)
        module.resolve_store(conn)
    conn.close()
    if counts.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


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

    result = figures(connect_db(db))
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
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        typer.echo(f"{name:<{width}}  {value}")


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
    from ..store.queries import search as find

    if as_json:
        typer.echo(json.dumps(find(connect_db(db), text, limit=limit), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    out = Console(soft_wrap=True, highlight=False)
    start, end = "\x02", "\x03"  # placeholders for the highlight, kept apart from the text's markup
    result = find(connect_db(db), text, limit=limit, mark=(start, end))
    out.print(f"[bold]documents[/bold] ({len(result['documents'])})")
    for hit in result["documents"]:
        title = f"  {escape(hit['title'])}" if hit["title"] else ""
        snippet = escape(hit["snippet"]).replace(start, "[bold]").replace(end, "[/bold]")
        out.print(f"  {escape(hit['id'])}{title}\n    {snippet}")
    out.print(f"[bold]entities[/bold] ({len(result['entities'])})")
    for entity in result["entities"]:
        out.print(
            f"  {escape(entity['id'])}  {escape(entity['name'])} ({entity['type']}),"
            f" {entity['documents']} document(s)"
        )


def errors(
    db: DbOption = None,
    code: Annotated[str | None, typer.Option("--code", help="Only errors of this code (E002 ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """List the inputs that ingest could not read, with the reason and what to do.

    Example:

        newsgraph errors --db corpus.db --code E004
    """
    from ..store.queries import list_errors

    for error in list_errors(connect_db(db), code=code):
        if as_json:
            typer.echo(json.dumps(error, ensure_ascii=False))
        else:
            typer.echo(f"{error['code']}  {error['message']}")


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
    for command in (ingest, stats, search, errors):
        app.command()(command)
