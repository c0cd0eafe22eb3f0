"""Shared pieces of the cluster tests: invented reports, a one-process baseline, one LocalCluster."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import ingest_paths
from newsgraph.store import connect

PEOPLE = ["Anna Keller", "Tomas Brandt", "Mara Vost", "Ivo Marek", "Lena Sorvik", "Pavel Dunn"]
TOWNS = ["Korvik", "Dellin", "Ostrava Mala", "Brenholt"]
GROUPS = ["the Northern Front", "the Eastern Guard", "the Dellin Civic Union"]
TEMPLATES = [
    "{person}, the mayor of {town}, said on Tuesday that {group} had seized the bridge. "
    "Police arrested two men near the river.",
    "{group} claimed the attack on the power station in {town} on Monday, a spokesman, {person}, "
    "told reporters.",
    "Officials in {town} said that {person}, a former minister, was detained at the airport on Friday "
    "and charged with fraud.",
    "Soldiers of {group} shelled a village near {town} overnight, killing three civilians, {person} said.",
]
TIME_COLUMNS = frozenset({"at", "ingested_at", "created_at", "applied_at"})


def report_lines() -> list[str]:
    lines = []
    for i in range(24):
        text = TEMPLATES[i % len(TEMPLATES)].format(
            person=PEOPLE[i % len(PEOPLE)], town=TOWNS[(i // 2) % len(TOWNS)], group=GROUPS[i % len(GROUPS)]
        )
        record = {"id": f"report-{i:02d}", "title": f"Report {i}", "published": f"2024-03-{i + 1:02d}"}
        lines.append(json.dumps({**record, "text": text}))
    lines.insert(5, "{not json")  # E009, recorded once
    lines.append(json.dumps({"id": "report-00-again", "text": json.loads(lines[0])["text"]}))  # a repeat
    return lines


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "reports.jsonl"
    path.write_text("\n".join(report_lines()) + "\n", encoding="utf-8")
    return path


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, without the columns that hold the time of writing."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    result: dict[str, list[tuple[Any, ...]]] = {}
    for table in sorted(tables):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in TIME_COLUMNS]
        names = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(str(i + 1) for i in range(len(columns)))  # ids and seq numbers are columns too
        result[table] = [tuple(r) for r in conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}')]
    return result


def stored_documents(db: Path) -> int:
    """The documents committed to the base at `db`, read while another process may write it
    (0 while the file or its tables are not there yet)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.fixture(scope="session")
def stored() -> Callable[[Path], int]:
    """`stored_documents`, for the tests of this folder."""
    return stored_documents


@pytest.fixture(scope="session")
def rows() -> Callable[[Path], dict[str, list[tuple[Any, ...]]]]:
    """The `dump` of the base at a path."""

    def read(db: Path) -> dict[str, list[tuple[Any, ...]]]:
        conn = sqlite3.connect(db)
        try:
            return dump(conn)
        finally:
            conn.close()

    return read


@pytest.fixture(scope="session")
def baseline(reports: Path, tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, Any]:
    """The rows a one-process ingest of the reports writes."""
    conn = connect(tmp_path_factory.mktemp("one") / "one.db")
    ingest_paths(conn, [str(reports)], nlp=nlp)
    rows = dump(conn)
    conn.close()
    return rows


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """A LocalCluster of 2 single-threaded worker processes on loopback."""
    from newsgraph.cluster.run import open_client, parse_cluster

    with open_client(parse_cluster("local:2")) as dask_client:
        yield dask_client
