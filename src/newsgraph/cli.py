"""The command line: the typer app; the commands themselves live in `newsgraph.commands`."""

from __future__ import annotations

from typing import Annotated

import typer

from . import __version__
from .commands import register_all

app = typer.Typer(
    help="newsgraph: read news reports and build a sourced knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """newsgraph: read news reports and build a sourced knowledge graph."""


register_all(app)


def main() -> None:
    app()
