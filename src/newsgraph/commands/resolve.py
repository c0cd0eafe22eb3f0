"""Commands: resolve, same, different, review (identity judgements over the store)."""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .common import EXIT_USAGE, DbOption, connect_db, fail, stderr


def _member(conn: sqlite3.Connection, ref: str) -> str:
    """An entity id for an entity id or a canonical id; exit 2 when unknown."""
    from ..store.queries import member_id

    entity_id = member_id(conn, ref)
    if entity_id is None:
        raise fail(f"no entity or canonical entity with id {ref!r}", EXIT_USAGE)
    return entity_id


def _author(author: str | None) -> str:
    return "person:" + (author or os.environ.get("USER") or getpass.getuser() or "analyst")


def resolve(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Re-run cross-document resolution: machine judgements, clusters, event groups.

    Person judgements ('same', 'different') and the text's own 'not the same as'
    statements are kept and outrank the machine.

    Example:

        newsgraph resolve --db corpus.db
    """
    from ..resolve.run import resolve_store

    conn = connect_db(db)
    stats = resolve_store(conn, on_progress=lambda msg: stderr.print(f"resolve: {msg}"))
    figures = {k: getattr(stats, k) for k in stats.__slots__}
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            typer.echo(f"{key:>20}  {value}")


def _judge(ref_a: str, ref_b: str, verdict: str, db: Path | None, author: str | None) -> None:
    from ..resolve.run import judge

    conn = connect_db(db)
    a, b = _member(conn, ref_a), _member(conn, ref_b)
    if a == b:
        raise fail("both ids name the same entity", EXIT_USAGE)
    clusters = judge(conn, a, b, verdict, author=_author(author))
    together = clusters.get(a) == clusters.get(b)
    typer.echo(
        f"{verdict}: {a} {'=' if together else '!='} {b}  (clusters {clusters.get(a)} / {clusters.get(b)})"
    )


def same(
    id1: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    id2: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    db: DbOption = None,
    author: Annotated[str | None, typer.Option(help="Who judges (default: the user name).")] = None,
) -> None:
    """Judge two entities to be the same real-world referent (a person's judgement).

    It outranks the machine and survives re-ingest and re-resolution; it never joins
    entities that a negative judgement keeps apart.

    Example:

        newsgraph same 'sha256:ab12…/e3' 'sha256:cd34…/e1' --db corpus.db
    """
    _judge(id1, id2, "positive", db, author)


def different(
    id1: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    id2: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    db: DbOption = None,
    author: Annotated[str | None, typer.Option(help="Who judges (default: the user name).")] = None,
) -> None:
    """Judge two entities to be different referents (a person's negative judgement).

    Example:

        newsgraph different 'sha256:ab12…/e3' 'sha256:cd34…/e1' --db corpus.db
    """
    _judge(id1, id2, "negative", db, author)


def review(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many pairs to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one pair per line.")] = False,
) -> None:
    """List the machine's most uncertain candidate pairs first, for a person to judge.

    Each pair shows both names, their documents and the score; settle it with
    'newsgraph same' or 'newsgraph different'.

    Example:

        newsgraph review --db corpus.db --limit 10
    """
    from ..resolve.run import SAME
    from ..store.queries import unsettled_machine_pairs

    conn = connect_db(db)
    pairs = unsettled_machine_pairs(conn)
    pairs = sorted(pairs, key=lambda p: (abs(p.score - SAME.get(p.type, 0.8)), p.a, p.b))[:limit]
    items: list[dict[str, Any]] = [
        {"a": p.a, "b": p.b, "verdict": p.verdict, "score": p.score}
        | {"name_a": p.name_a, "name_b": p.name_b, "type": p.type}
        for p in pairs
    ]
    if as_json:
        for item in items:
            typer.echo(json.dumps(item, ensure_ascii=False))
        return
    if not items:
        typer.echo("nothing to review")
        return
    table = Table("score", "machine says", "type", "name a", "name b", "ids")
    for item in items:
        table.add_row(
            f"{item['score']:.2f}",
            item["verdict"],
            item["type"],
            item["name_a"],
            item["name_b"],
            f"{item['a']}\n{item['b']}",
        )
    Console().print(table)


def register(app: Any) -> None:
    app.command()(resolve)
    app.command()(same)
    app.command()(different)
    app.command()(review)
