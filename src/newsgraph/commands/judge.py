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

stderr = Console(stderr=True)
DbOption = Annotated[
    Path | None, typer.Option("--db", help="The knowledge base (default: $NEWSGRAPH_DB or ./newsgraph.db).")
]


def _connect(db: Path | None) -> sqlite3.Connection:
    from ..store.db import connect

    return connect(db)  # None: $NEWSGRAPH_DB, else ./newsgraph.db


def _member(conn: sqlite3.Connection, ref: str) -> str:
    """An entity id for an entity id or a canonical id; exit 2 when unknown."""
    row = conn.execute(
        "SELECT id FROM entities WHERE id = ? OR canonical_id = ? ORDER BY id LIMIT 1", (ref, ref)
    ).fetchone()
    if row is None:
        stderr.print(f"[red]error:[/red] no entity or canonical entity with id {ref!r}")
        raise typer.Exit(2)
    return str(row[0])


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

    conn = _connect(db)
    stats = resolve_store(conn, on_progress=lambda msg: stderr.print(f"resolve: {msg}"))
    figures = {k: getattr(stats, k) for k in stats.__slots__}
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            typer.echo(f"{key:>20}  {value}")


def _judge(ref_a: str, ref_b: str, verdict: str, db: Path | None, author: str | None) -> None:
    from ..resolve.run import judge

    conn = _connect(db)
    a, b = _member(conn, ref_a), _member(conn, ref_b)
    if a == b:
        stderr.print("[red]error:[/red] both ids name the same entity")
        raise typer.Exit(2)
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

    conn = _connect(db)
    rows = conn.execute(
        "SELECT j.a, j.b, j.verdict, j.score, ea.name, eb.name, ea.type, ea.document_id, eb.document_id"
        " FROM judgements j JOIN entities ea ON ea.id = j.a JOIN entities eb ON eb.id = j.b"
        " WHERE j.author = 'machine' AND j.score IS NOT NULL AND NOT EXISTS (SELECT 1 FROM judgements p"
        " WHERE p.a = j.a AND p.b = j.b AND p.author LIKE 'person:%')"
    ).fetchall()
    rows = sorted(rows, key=lambda r: (abs(r[3] - SAME.get(r[6], 0.8)), r[0], r[1]))[:limit]
    items: list[dict[str, Any]] = [
        {"a": r[0], "b": r[1], "verdict": r[2], "score": r[3], "name_a": r[4], "name_b": r[5], "type": r[6]}
        for r in rows
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
