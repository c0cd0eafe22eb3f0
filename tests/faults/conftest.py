"""The fault tests' fixtures: a base with a person's judgements, and the rows an
uninterrupted run writes from it (`fault_helpers` has the rest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fault_helpers import Seed, copy_base, person_judgements, report_lines, rows_of

from newsgraph.pipeline import ingest_paths
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect


def _cli(*args: str) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 0, done.output


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Seed:
    folder = tmp_path_factory.mktemp("faults")
    lines = report_lines()
    first, reports = folder / "first.jsonl", folder / "reports.jsonl"
    first.write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    reports.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = folder / "seed.db"
    conn = connect(base)
    ingest_paths(conn, [str(first)], nlp=nlp)
    resolve_store(conn)
    names: dict[str, list[str]] = {}
    for entity_id, name in conn.execute("SELECT id, name FROM entities WHERE type = 'PERSON' ORDER BY id"):
        names.setdefault(name, []).append(entity_id)
    conn.close()
    pairs = [ids[:2] for ids in names.values() if len(ids) >= 2]
    assert len(pairs) >= 2, names
    (a, b), (c, d) = pairs[0], pairs[1]
    _cli("same", a, b, "--db", str(base), "--author", "fault-tester")
    _cli("different", c, d, "--db", str(base), "--author", "fault-tester")
    judgements = person_judgements(base)
    assert sorted(j[2] for j in judgements) == ["negative", "positive"], judgements
    return Seed(folder, reports, base, judgements)


@pytest.fixture(scope="session")
def baseline(seed: Seed, nlp: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of an uninterrupted ingest of all the reports into the seed base, resolved."""
    db = copy_base(seed.base, seed.folder / "baseline.db")
    conn = connect(db)
    ingest_paths(conn, [str(seed.reports)], nlp=nlp)
    resolve_store(conn)
    conn.close()
    return rows_of(db)


@pytest.fixture(scope="session")
def unresolved(seed: Seed, nlp: Any) -> Path:
    """The seed base with all the reports ingested and not yet resolved."""
    db = copy_base(seed.base, seed.folder / "unresolved.db")
    conn = connect(db)
    ingest_paths(conn, [str(seed.reports)], nlp=nlp)
    conn.close()
    return db
