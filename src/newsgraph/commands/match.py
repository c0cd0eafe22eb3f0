"""The command that scores names as resolution would: match (pairs of names in, scores out)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from .common import EXIT_USAGE, fail

NAME_KINDS = ("PERSON", "ORG")


class PairError(ValueError):
    """A line of --pairs that is not a pair of names."""


def read_pairs(lines: Iterator[str], *, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line; raises PairError on a bad one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PairError(f"{source}: line {number} is not valid JSON ({exc.msg}).") from None
        if not isinstance(record, dict):
            raise PairError(f'{source}: line {number} is not an object like {{"a": ..., "b": ...}}.')
        for field in ("a", "b"):
            if not isinstance(record.get(field), str):
                raise PairError(f"{source}: line {number} has no {field!r} name of type string.")
        kind = record.get("type", "PERSON")
        if kind not in NAME_KINDS:
            raise PairError(f"{source}: line {number} has type {kind!r}; use PERSON or ORG.")
        yield number, record


def score_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with ``score`` (``name_score``, 4 decimals) and ``same`` (``same_name``) added."""
    from ..resolve.compare import SAME_NAME_THRESHOLD, name_score

    score = name_score(record["a"], record["b"], kind=record.get("type", "PERSON"))
    return {**record, "score": round(score, 4), "same": score >= SAME_NAME_THRESHOLD}


def match(
    pairs: Annotated[
        str,
        typer.Option(
            "--pairs",
            help='JSON Lines of {"a": name, "b": name, "type": "PERSON"|"ORG"} (type defaults to '
            "PERSON), or - for stdin.",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Score pairs of names as resolution would, on the names alone.

    Each line is written back with "score" (0 to 1; word order, transliteration,
    Arabic articles and particles, kunyas, initials and missing middle names taken
    into account) and "same" (the decision: score at or above the threshold).
    Names may be in running order ("Karim al-Rubaie") or in OFAC's
    "SURNAME, Given" form ("AL-RUBAIE, Karim"). A line such as
    {"a": "Abdul Rahman al-Rubaie", "b": "RUBAIE, Abd al-Rahman"} comes back with
    "score": 1.0, "same": true. Exit status 2 for a bad line.

    Example:

        newsgraph match --pairs pairs.jsonl -o scored.jsonl
    """
    source = "stdin" if pairs == "-" else pairs
    if pairs != "-" and not Path(pairs).is_file():
        raise fail(f"{pairs}: no such file.", EXIT_USAGE)
    with ExitStack() as stack:
        handle: TextIO = (
            sys.stdin if pairs == "-" else stack.enter_context(Path(pairs).open(encoding="utf-8"))
        )
        out: TextIO = stack.enter_context(output.open("w", encoding="utf-8")) if output else sys.stdout
        try:
            for _number, record in read_pairs(iter(handle), source=source):
                out.write(json.dumps(score_record(record), ensure_ascii=False) + "\n")
        except PairError as exc:
            raise fail(str(exc), EXIT_USAGE) from None


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
    app.command()(match)
