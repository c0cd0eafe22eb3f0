"""What the fault tests share: the rows of a base, its integrity, the processes a command
left, the person judgements it holds.

The reports and the row dump are the cluster tests' (`tests/cluster/conftest.py`), loaded
from there, so that both compare the same way.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

BIN = Path(sys.executable).parent
NEWSGRAPH = str(BIN / "newsgraph")


def _cluster_helpers() -> ModuleType:
    name = "newsgraph_tests_cluster_helpers"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "cluster" / "conftest.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


cluster_helpers = _cluster_helpers()
dump = cluster_helpers.dump
report_lines = cluster_helpers.report_lines

Rows = dict[str, list[tuple[Any, ...]]]


def rows_of(db: Path) -> Rows:
    conn = sqlite3.connect(db)
    try:
        return dump(conn)  # type: ignore[no-any-return]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def person_judgements(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        query = "SELECT a, b, verdict, author FROM judgements WHERE author LIKE 'person:%' ORDER BY a, b"
        return [tuple(r) for r in conn.execute(query)]
    finally:
        conn.close()


def copy_base(source: Path, target: Path) -> Path:
    """A copy of the base at `source` (with what its write-ahead log holds)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def session_processes(leader: int) -> list[int]:
    """The live processes of the session `leader` started (`start_new_session`): the command
    and every process it started, unless one left the session on purpose."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if os.getsid(pid) != leader:
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":  # a zombie is gone already, waiting for its parent to read its status
            found.append(pid)
    return found


def wait_for_no_processes(leader: int, timeout: float = 20.0) -> list[int]:
    """Wait until no process of the session is left; return those left after `timeout`
    (and kill them, so that a failing test leaves nothing running)."""
    deadline = time.monotonic() + timeout
    left = session_processes(leader)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = session_processes(leader)
    if left:
        with contextlib.suppress(OSError):
            os.killpg(leader, signal.SIGKILL)
    return left


@dataclass(frozen=True)
class Seed:
    """Where the fault tests start: `base` holds the first reports, resolved, and two
    judgements a person made (`same`, `different`); `reports` holds all of them."""

    folder: Path
    reports: Path
    base: Path
    judgements: list[tuple[Any, ...]]


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A command in a session of its own (so that every process it starts can be found), its
    output to `log` (a pipe would stay open as long as any process it started lives)."""
    # As from a terminal, Ctrl-C must be live in the command: a SIGINT this process ignores
    # would be ignored by the command too (an ignored signal stays ignored across exec).
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with log.open("ab") as out:
            return subprocess.Popen(command, start_new_session=True, stdout=out, stderr=subprocess.STDOUT)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
