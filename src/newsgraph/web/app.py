"""The FastAPI application: the JSON API under /api, the pages, static files, errors and auth.

`create_app(db_path)` opens nothing at import time: each worker thread keeps its own
SQLite connection to the knowledge base (SQLite connections are not shared across
threads). Every error answers JSON with a numbered code (`E030`-`E039` in `errors.Errors`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .api import router as api_router
from .auth import Auth, host_check
from .pages import router as pages_router
from .state import WebState, api_error

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(
    db_path: Path, *, token: str | None = None, private: bool = False, hosts: Sequence[str] | None = None
) -> FastAPI:
    """The app over the knowledge base at `db_path` (which must exist).

    With `token`, every write needs ``Authorization: Bearer <token>``; with `private` as
    well, every read does too. With `hosts`, a request whose Host header names another host
    is refused (E038): `newsgraph serve` sets it when it serves loopback without a token.
    """
    state = WebState(Path(db_path))
    state.check()
    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description="A sourced knowledge graph read out of news reports.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.newsgraph = state
    app.state.auth = Auth(token=token, private=private)
    if hosts is not None:
        app.middleware("http")(host_check(hosts))
    app.include_router(api_router, prefix="/api")
    app.include_router(pages_router)  # the HTML pages (newsgraph.web.pages)
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _errors(app)
    threading.Thread(target=_warm, name="newsgraph-warm", daemon=True).start()
    return app


def _warm() -> None:
    """Import the FtM model (seconds to load) before the first export asks for it."""
    import importlib

    importlib.import_module("newsgraph.export.ftm")


def _errors(app: FastAPI) -> None:
    """JSON errors with numbered codes, for every route (no HTML error pages, no 500 text)."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict) and "code" in exc.detail:
            return JSONResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
        if exc.status_code == 404:
            return api_error(404, "E035", method=request.method, path=request.url.path)
        if exc.status_code == 405:
            return api_error(405, "E035", method=request.method, path=request.url.path)
        return JSONResponse(
            {"code": "E034", "error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(part) for part in e.get("loc", ())), "problem": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return api_error(422, "E034", problems="; ".join(f"{p['where']}: {p['problem']}" for p in problems))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return api_error(500, "E036", reason=type(exc).__name__)
