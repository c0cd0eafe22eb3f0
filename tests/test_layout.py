"""The package's layout rules, read from the source with ``ast`` (not a text search).

All SQL lives in ``newsgraph.store``: no module elsewhere calls ``execute``,
``executemany`` or ``executescript``. The store sits below the stages: it imports
nothing from ``newsgraph.nlp``, ``newsgraph.extract`` or ``newsgraph.ingest``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "newsgraph"
STORE = PACKAGE / "store"
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
BELOW_STORE = ("newsgraph.nlp", "newsgraph.extract", "newsgraph.ingest")


def sql_calls(source: str) -> list[tuple[int, str]]:
    """(line, method) of every call of a method named like a SQL execution: ``x.execute(...)``."""
    return [
        (node.lineno, node.func.attr)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS
    ]


def imported_modules(source: str, *, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute name) of every import in the source of `module`, relative ones resolved.

    ``from X import y`` gives both ``X`` and ``X.y`` (``y`` may be a module:
    ``from .. import nlp``).
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def _module_of(path: Path) -> tuple[str, bool]:
    parts = path.relative_to(SRC).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _below_store(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in BELOW_STORE)


def test_layout_sql_only_in_store() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line} .{method}("
        for path in sorted(PACKAGE.rglob("*.py"))
        if STORE not in path.parents
        for line, method in sql_calls(path.read_text(encoding="utf-8"))
    ]
    assert not found, "SQL belongs in newsgraph.store (call a query function there):\n" + "\n".join(found)


def test_layout_store_imports_no_stage() -> None:
    found = []
    for path in sorted(STORE.rglob("*.py")):
        module, is_package = _module_of(path)
        source = path.read_text(encoding="utf-8")
        found += [
            f"{path.relative_to(SRC)}:{line} imports {name}"
            for line, name in imported_modules(source, module=module, is_package=is_package)
            if _below_store(name)
        ]
    assert not found, "newsgraph.store must not import the stages above it:\n" + "\n".join(found)


def test_layout_checks_find_calls_and_resolve_relative_imports() -> None:
    source = (
        "from ...nlp import pipeline\nfrom .. import db\nfrom . import sql\n"
        "import newsgraph.ingest.files\nconn.execute('SELECT 1')\nrows = cursor.fetchall()\n"
    )
    names = {name for _line, name in imported_modules(source, module="newsgraph.store.queries.probe")}
    assert {"newsgraph.nlp.pipeline", "newsgraph.store.db", "newsgraph.store.queries.sql"} <= names
    assert "newsgraph.ingest.files" in names
    assert {name for name in names if _below_store(name)} == {
        "newsgraph.nlp",
        "newsgraph.nlp.pipeline",
        "newsgraph.ingest.files",
    }
    package = imported_modules("from .db import connect", module="newsgraph.store", is_package=True)
    assert (1, "newsgraph.store.db") in package
    assert sql_calls(source) == [(5, "execute")]
    assert not _below_store("newsgraph.nlpx") and _below_store("newsgraph.extract")
