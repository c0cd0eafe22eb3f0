"""Commands that read the knowledge base for analysts: entity, events, export.

Exit status: 0 when something was found (or written), 1 when nothing was (or a
name fits several entities: they are listed to choose from by id), 2 for usage
errors (a bad option value, no knowledge base at the path given).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.markup import escape

from ..errors import Errors
from ..export.safe import json_text
from .common import EXIT_NOTHING, EXIT_USAGE, DbOption, check_date, fail, open_db, stderr

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _choose(
    conn: sqlite3.Connection, query: str, *, what: str, types: tuple[str, ...] = (), as_json: bool
) -> str:
    """The one canonical id `query` designates; else list the candidates and exit 1 (exit 2 for a
    query too long to look up: E082, E083)."""
    from ..explore import find_canonical
    from ..export.safe import terminal_safe
    from ..store.db import StoreError

    try:
        found = find_canonical(conn, query, types=types)
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    if len(found) == 1:
        return found[0].id
    if not found:
        raise fail(f"no {what} matches {query!r}; try `newsgraph search {query!r}`.", EXIT_NOTHING)
    if as_json:
        candidates = [
            {"id": c.id, "type": c.type, "name": c.name, "entities": c.members, "documents": c.documents}
            for c in found
        ]
        typer.echo(json_text({"query": query, "candidates": candidates}, indent=2))
    else:
        for c in found:
            typer.echo(terminal_safe(f"{c.id}  {c.type:<6}  {c.name}  ({c.documents} document(s))"))
    raise fail(f"{len(found)} entities match {query!r}; choose one by its id (listed above).", EXIT_NOTHING)


def entity(
    query: Annotated[
        str, typer.Argument(help="An entity id, a canonical id, a name or alias, or words of one.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the profile of an entity across all reports: names, posts, events, claims, conflicts.

    The entity is found by id, then by exact name or alias, then by the words of its
    names; when several fit, they are listed to choose from by id (exit status 1).
    The profile joins every per-document entity that resolution made one: names and
    aliases with who gave them, roles and posts with dates, events on a timeline,
    claims grouped by who made them, conflicting claims side by side, and the
    documents (D1, D2, ...). Every line cites its document and evidence offsets;
    --json gives the statements in full.

    Example:

        newsgraph entity "Karim Haddad" --db corpus.db
    """
    from ..explore import build_profile, render_profile

    conn = open_db(db)
    canonical_id = _choose(conn, query, what="entity", as_json=as_json)
    profile = build_profile(conn, canonical_id)
    if profile is None:
        raise fail(f"no entity with id {canonical_id!r}.", EXIT_NOTHING)
    if as_json:
        typer.echo(json_text(profile, indent=2))
    else:
        typer.echo(render_profile(profile))


def events(
    db: DbOption = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", "-t", help="PLOVER type (COERCE), mode (arrest) or both (COERCE/arrest)."),
    ] = None,
    entity_: Annotated[
        str | None, typer.Option("--entity", "-e", help="Only events this entity (name or id) takes part in.")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place", "-p", help="Only events at this place (name or id) or a place stated to lie in it."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (YYYY-MM-DD, YYYY-MM, YYYY).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date (inclusive).")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="At most this many events.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines, one event group a line.")
    ] = False,
) -> None:
    """List events, one line per event group (the reports of one real event), in time order.

    Each line gives the date, PLOVER type/mode, trigger words, arguments by role,
    the number of reports (documents) and claims, and who made the claims; under a
    group of several reports come its reports and where their claims disagree
    (arguments, dates, figures), side by side. Filters combine: an event is listed
    when one of its claims matches them all. A date is the time the report gives,
    else the report's publication date; a month or year matches when it overlaps
    the range.

    Example:

        newsgraph events --type COERCE/arrest --since 2021-01-01 --db corpus.db
    """
    from ..explore import EventFilter, list_events, place_ids, render_events
    from ..explore.kb import member_ids

    since, until = check_date("--since", since), check_date("--until", until)
    if since and until and until < since[: len(until)]:
        raise fail(Errors.E020.format(since=since, until=until), EXIT_USAGE)
    conn = open_db(db)
    entities = places = None
    if entity_ is not None:
        entities = tuple(member_ids(conn, _choose(conn, entity_, what="entity", as_json=as_json)))
    if place is not None:
        places = place_ids(conn, _choose(conn, place, what="place", types=("PLACE",), as_json=as_json))
    selection = EventFilter(type=type_, entities=entities, places=places, since=since, until=until)
    groups = list_events(conn, selection=selection, limit=limit)
    if not groups:
        raise fail("no events match.", EXIT_NOTHING)
    if as_json:
        for group in groups:
            typer.echo(json_text(group))
    else:
        typer.echo(render_events(groups))


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, ftm or gexf.")],
    db: DbOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="File (jsonl, ftm, gexf; - for stdout, the default) or directory (csv)."
        ),
    ] = None,
    what: Annotated[
        str,
        typer.Option("--what", help="jsonl only: 'entities' (one canonical entity a line) or 'statements'."),
    ] = "entities",
) -> None:
    """Export the knowledge base as JSON Lines, CSV tables, FollowTheMoney entities or a GEXF network.

    jsonl: one canonical entity per line with its names, aliases, member entities and
    statements (--what entities), or one statement per line (--what statements),
    each statement with document id, evidence offsets and source. csv: entities,
    members, aliases, mentions, statements, arguments, documents, judgements, redirects
    (retired canonical ids and their successors) and copies (documents repeating another
    report) as .csv files in the --output directory. ftm: FollowTheMoney entities, one JSON
    object a line (Person, Organization, Address, Article, Membership, Directorship,
    Associate, Position, Occupancy, UnknownLink, Event), for Aleph or OpenSanctions
    tools. gexf: the network of people and organisations (ties from facts and shared
    events, weighted by statements) for Gephi.

    Example:

        newsgraph export --format ftm --db corpus.db -o corpus.ftm.json
    """
    from ..export import FORMATS, JSONL_WHAT

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.", EXIT_USAGE)
    if what not in JSONL_WHAT:
        raise fail(f"--what must be one of {', '.join(JSONL_WHAT)}, not {what!r}.", EXIT_USAGE)
    if fmt == "csv" and (output is None or output == "-"):
        raise fail("--format csv writes several files: give a directory with --output DIR.", EXIT_USAGE)
    if fmt == "csv" and output is not None and Path(output).is_file():
        raise fail(f"--output {output!r} is a file; csv needs a directory.", EXIT_USAGE)
    conn = open_db(db)
    to_stdout = output is None or output == "-"
    if fmt == "csv":
        from ..export.tables import write_tables

        counts = write_tables(conn, Path(str(output)))
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        stderr.print(f"wrote {escape(summary)} to {escape(str(output))}")
        written = counts.get("entities.csv", 0) + counts.get("statements.csv", 0)
    elif fmt == "gexf":
        from ..export.gexf import write_gexf

        nodes, edges = write_gexf(conn, sys.stdout.buffer if to_stdout else Path(str(output)))
        stderr.print(f"{nodes} node(s), {edges} edge(s)")
        written = nodes
    else:
        written = _write_lines(conn, fmt=fmt, what=what, output=None if to_stdout else Path(str(output)))
    if not written:
        raise fail("the knowledge base holds nothing to export.", EXIT_NOTHING)


def _write_lines(conn: sqlite3.Connection, *, fmt: str, what: str, output: Path | None) -> int:
    out: TextIO = output.open("w", encoding="utf-8") if output is not None else sys.stdout
    try:
        if fmt == "ftm":
            from ..export.ftm import write_ftm

            count = write_ftm(conn, out)
            stderr.print(f"{count} FtM entit{'y' if count == 1 else 'ies'}")
        else:
            from ..export.jsonl import write_jsonl

            count = write_jsonl(conn, out, what=what)
            stderr.print(f"{count} {what if count != 1 else what[:-1]}")
    finally:
        if output is not None:
            out.close()
        else:
            out.flush()
    return count


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
    for command in (entity, events, export):
        app.command()(command)
