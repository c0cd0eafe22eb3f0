"""The command modules sit under the app, never above it: no module in commands/ imports newsgraph.cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newsgraph"
COMMANDS = sorted((PACKAGE / "commands").glob("*.py"))
CLI = "newsgraph.cli"


def imported_modules(source: str, *, package: str) -> set[str]:
    """Every module (or name in a module) that `source`, a module of `package`, imports.

    Relative imports are made absolute: in ``newsgraph.commands``, ``from ..cli import app``
    gives ``newsgraph.cli`` and ``newsgraph.cli.app``, ``from .. import cli`` gives
    ``newsgraph`` and ``newsgraph.cli``.
    """
    parts = package.split(".")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def imports_cli(source: str, *, package: str = "newsgraph.commands") -> bool:
    return any(
        name == CLI or name.startswith(CLI + ".") for name in imported_modules(source, package=package)
    )


@pytest.mark.parametrize(
    "source",
    [
        "from ..cli import app",
        "from .. import cli",
        "import newsgraph.cli",
        "from newsgraph.cli import EXIT_USAGE",
        "from newsgraph import cli",
        "def command():\n    from ..cli import stderr\n",
    ],
)
def test_layout_commands_sees_every_form_of_importing_the_cli(source: str) -> None:
    assert imports_cli(source)


@pytest.mark.parametrize(
    "source", ["from .common import stderr", "from ..commands import common", "from ..client import x"]
)
def test_layout_commands_other_imports_are_not_the_cli(source: str) -> None:
    assert not imports_cli(source)


def test_layout_commands_finds_the_modules() -> None:
    assert {path.name for path in COMMANDS} >= {"__init__.py", "common.py"}


@pytest.mark.parametrize("path", COMMANDS, ids=[path.name for path in COMMANDS])
def test_layout_commands_never_import_the_cli(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not imports_cli(source), (
        f"commands/{path.name} imports newsgraph.cli; the app imports the commands, not the other way"
        " round: take exit codes, stderr and options from newsgraph.commands.common"
    )
