"""Command: serve (the HTTP API and the browser pages over a knowledge base)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import Errors
from ..store.db import StoreError, connect, default_path
from .common import EXIT_USAGE, DbOption, fail, stderr

TOKEN_ENV = "NEWSGRAPH_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (localhost, 127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(help=f"Bearer token every write needs (default: ${TOKEN_ENV}).", show_default=False),
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Reads need the token too.")] = False,
) -> None:
    """Serve the knowledge base: the JSON API under /api (docs at /api/docs) and the browser pages.

    Listens on loopback unless --host says otherwise; a host other than loopback needs
    a token (--token or $NEWSGRAPH_TOKEN), then sent as 'Authorization: Bearer TOKEN'
    with every write, and with every read too when --private.

    Example:

        newsgraph serve --db corpus.db --port 8765
    """
    import uvicorn

    from ..web import create_app
    from ..web.auth import LOOPBACK_NAMES

    token = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and token is None:
        raise fail("E030: " + Errors.E030.format(host=host), EXIT_USAGE)
    if private and token is None:
        raise fail("--private needs a token (--token or $NEWSGRAPH_TOKEN).", EXIT_USAGE)
    path = Path(str(db) if db is not None else default_path())
    try:  # a base that exists, is one, and is of a schema this code knows (E039, E080, E081)
        connect(path, create=False).close()
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    # without a token, only requests for this machine's own names (against DNS rebinding)
    hosts = None if token is not None else sorted({*LOOPBACK_NAMES, host.strip("[]")})
    app = create_app(path, token=token, private=private, hosts=hosts)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    stderr.print(f"serving {path} at http://{shown}:{port}/ (API docs at /api/docs); Ctrl-C stops")
    typer.echo(f"http://{shown}:{port}/")
    server.run()


def register(app: Any) -> None:
    app.command()(serve)
