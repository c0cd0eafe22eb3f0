"""Commands: resolve, same, different, review, history (identity judgements over the store)."""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import Errors
from ..export.safe import json_text
from .common import EXIT_NOTHING, EXIT_USAGE, DbOption, fail, open_db, stderr

OverrideOption = Annotated[
    bool, typer.Option("--override", help="Judge even when it contradicts an earlier person's judgement.")
]


def _member(conn: sqlite3.Connection, ref: str) -> str:
    """An entity id for an entity id or a canonical id (a retired one too); exit 2 when unknown."""
    from ..store.queries import member_id

    entity_id = member_id(conn, ref)
    if entity_id is None:
        raise fail("E042: " + Errors.E042.format(ref=ref), EXIT_USAGE)
    return entity_id


def _author(author: str | None) -> str:
    return "person:" + (author or os.environ.get("USER") or getpass.getuser() or "analyst")


def resolve(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster", help="Score the pairs on Dask: local, local:N processes, or tcp://HOST:PORT."
        ),
    ] = None,
) -> None:
    """Re-run cross-document resolution: machine judgements, clusters, event groups.

    Person judgements ('same', 'different') and the text's own 'not the same as'
    statements are kept and outrank the machine. With --cluster the candidate pairs
    are scored on a Dask cluster's workers (this process blocks, writes and
    clusters): the clusters are those of a run in one process.

    Example:

        newsgraph resolve --db corpus.db
        newsgraph resolve --db corpus.db --cluster local:2
    """
    from ..resolve.run import resolve_store

    conn = open_db(db)

    def say(msg: str) -> None:
        stderr.print(f"resolve: {msg}")

    try:
        if cluster is None:
            stats = resolve_store(conn, on_progress=say)
        else:
            from ..cluster.resolve import resolve_on_cluster
            from ..errors import NewsgraphError

            try:
                stats = resolve_on_cluster(conn, cluster, on_progress=say)
            except NewsgraphError as exc:
                raise fail(str(exc), EXIT_USAGE) from None
    except KeyboardInterrupt:  # Ctrl-C: a message and 130, not a traceback
        conn.close()
        done = "resolution stopped; what it committed is kept, run `newsgraph resolve` again to finish"
        stderr.print(f"[yellow]E073:[/yellow] {escape(Errors.E073.format(signal='SIGINT', done=done))}")
        raise typer.Exit(130) from None
    figures = {k: getattr(stats, k) for k in stats.__slots__}
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            typer.echo(f"{key:>20}  {value}")


def _judge(
    ref_a: str, ref_b: str, verdict: str, db: Path | None, author: str | None, *, override: bool
) -> None:
    from ..resolve.judging import JudgementRefused, judge_pair

    conn = open_db(db)
    a, b = _member(conn, ref_a), _member(conn, ref_b)
    if a == b:
        raise fail("both ids name the same entity", EXIT_USAGE)
    try:
        done = judge_pair(conn, a, b, verdict, author=_author(author), override=override)
    except JudgementRefused as refused:
        raise fail(str(refused), EXIT_NOTHING) from None
    typer.echo(
        f"{verdict}: {a} {'=' if done.together else '!='} {b}"
        f"  (clusters {done.canonical_a} / {done.canonical_b}){'  [override]' if done.override else ''}"
    )


def same(
    id1: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    id2: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    db: DbOption = None,
    author: Annotated[str | None, typer.Option(help="Who judges (default: the user name).")] = None,
    override: OverrideOption = False,
) -> None:
    """Judge two entities to be the same real-world referent (a person's judgement).

    It outranks the machine and survives re-ingest and re-resolution; it never joins
    entities that a negative judgement keeps apart. After a person (or a report) judged
    them different, it is refused (E040) unless --override is given. Ids may be entity
    ids or canonical ids, retired ones too. Every judgement is kept in the history.

    Example:

        newsgraph same 'sha256:ab12…/e3' 'sha256:cd34…/e1' --db corpus.db
    """
    _judge(id1, id2, "positive", db, author, override=override)


def different(
    id1: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    id2: Annotated[str, typer.Argument(help="Entity or canonical id.")],
    db: DbOption = None,
    author: Annotated[str | None, typer.Option(help="Who judges (default: the user name).")] = None,
    override: OverrideOption = False,
) -> None:
    """Judge two entities to be different referents (a person's negative judgement).

    When they are one entity only because another person judged them the same, the
    split is refused (E041) unless --override is given. Every judgement is kept in
    the history ('newsgraph history ID').

    Example:

        newsgraph different 'sha256:ab12…/e3' 'sha256:cd34…/e1' --db corpus.db
    """
    _judge(id1, id2, "negative", db, author, override=override)


def review(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many pairs to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one pair per line.")] = False,
) -> None:
    """List the pairs the machine is unsure of, least certain first, with the evidence.

    Only pairs whose score lies in the band around the machine's decision threshold
    are listed (rule verdicts scored 1.0 or 0.0 never are), and only those no person
    or report has settled. Each pair shows both names, the score, the evidence for
    (shared names, agreeing facts, shared neighbours: entities co-mentioned in both
    reports) and against (conflicting facts such as two birth years), and the
    sentences that mention each; settle it with 'newsgraph same' or 'newsgraph different'.

    Example:

        newsgraph review --db corpus.db --limit 10
    """
    from ..explore.review import review_queue
    from ..resolve.judging import review_bands
    from ..resolve.run import SAME, UNSURE

    conn = open_db(db)
    items = review_queue(conn, bands=review_bands(SAME, UNSURE), thresholds=SAME, limit=limit)
    if as_json:
        for item in items:
            typer.echo(json_text(item))
        return
    if not items:
        typer.echo("nothing to review")
        return
    from ..export.safe import terminal_safe

    def echo(line: str) -> None:  # names and sentences come from the reports: no terminal controls
        typer.echo(terminal_safe(line))

    for n, item in enumerate(items):
        if n:
            echo("")
        echo(
            f"{item['score']:.2f}  {item['type']}  machine says {item['verdict']}"
            f"  (uncertainty {item['uncertainty']:.2f})"
        )
        echo(f"  a  {item['name_a']}  {item['a']}")
        echo(f"  b  {item['name_b']}  {item['b']}")
        for line in _evidence_lines(item):
            echo(f"  {line}")


def _evidence_lines(item: Any) -> list[str]:
    """For (+), against (-), and the sentences (a>, b>) of one review item."""
    evidence = item["evidence"]
    lines: list[str] = []
    if evidence["shared_names"]:
        lines.append("+ names: " + ", ".join(evidence["shared_names"]))
    for fact in evidence["agreeing_facts"]:
        lines.append(f"+ {fact['predicate']}: {', '.join(fact['a'])}")
    if evidence["shared_neighbours"]:
        lines.append("+ neighbours: " + ", ".join(n["name"] for n in evidence["shared_neighbours"][:5]))
    for fact in evidence["conflicting_facts"]:
        lines.append(f"- {fact['predicate']}: {', '.join(fact['a'])} / {', '.join(fact['b'])}")
    for side in ("a", "b"):
        for sentence in item[f"entity_{side}"]["sentences"]:
            where = f"{sentence['document_id']} {sentence['start']}-{sentence['end']}"
            lines.append(f"{side}> {sentence['text']}  [{where}]")
    return lines


def history(
    ref: Annotated[str, typer.Argument(help="Entity id or canonical id (a retired one too).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the judgement history of an entity's cluster, and the merges and splits of its id.

    Every 'same' and 'different' a person made on any member: who, when, their verdict
    before and after, whether the two were one entity before and after, and whether a
    refusal was overridden. A retired id is followed to the id that succeeded it.

    Example:

        newsgraph history 'sha256:ab12…/e3' --db corpus.db
    """
    from ..store import queries

    conn = open_db(db)
    canonical = queries.current_canonical_id(conn, ref)
    if canonical is None:
        raise fail("E042: " + Errors.E042.format(ref=ref), EXIT_USAGE)
    members = queries.member_ids(conn, canonical)
    retired = queries.retired_ids(conn, [canonical]).get(canonical, [])
    entries = queries.judgement_history(conn, members)
    changes = queries.canonical_changes(conn, [canonical, *retired])
    if as_json:
        record = {
            "id": ref,
            "canonical_id": canonical,
            "retired_ids": retired,
            "judgements": [{k: getattr(e, k) for k in e.__slots__} for e in entries],
            "changes": [{k: getattr(c, k) for k in c.__slots__} for c in changes],
        }
        typer.echo(json_text(record, indent=2))
        return
    from ..export.safe import terminal_safe

    def echo(line: str) -> None:  # authors and ids are what was typed: no terminal controls
        typer.echo(terminal_safe(line))

    if canonical != ref:
        echo(f"{ref} -> {canonical}")
    for entry in entries:
        before = entry.verdict_before or "none"
        counted = f"; before: {entry.counted_before}" if entry.counted_before else ""
        joined = "one" if entry.together_before else "two"
        after = {None: "?", True: "one", False: "two"}[entry.together_after]
        flag = ("  [override]" if entry.override else "") + counted
        echo(
            f"{entry.created_at}  {entry.author}  {entry.a} / {entry.b}: {before} -> {entry.verdict_after}"
            f"  ({joined} entit{'y' if joined == 'one' else 'ies'} -> {after}){flag}"
        )
    for change in changes:
        moved = f"{change.old_id} -> {change.new_id} ({change.members} entities)"
        echo(f"{change.created_at}  {change.change}: {moved}")
    if not entries and not changes:
        echo("no judgements or id changes recorded")


def register(app: Any) -> None:
    app.command()(resolve)
    app.command()(same)
    app.command()(different)
    app.command()(review)
    app.command()(history)
