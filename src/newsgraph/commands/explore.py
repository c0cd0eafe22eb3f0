"""Commands: see `newsgraph.commands`."""

from __future__ import annotations

from typing import Any


def register(app: Any) -> None:
    """Add this area's commands to the typer app."""
