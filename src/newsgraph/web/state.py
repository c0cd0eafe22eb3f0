"""What the app holds: the knowledge base path, one SQLite connection per worker thread, errors.

`ApiError` carries a numbered code from `errors.Errors` and its message; the app's
handlers turn it (and every other failure) into ``{"code": "E0xx", "error": "..."}``.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from ..errors import Errors
from ..store.db import connect


class WebState:
    """The knowledge base at `path`; `conn()` is this thread's own connection to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()  # writes (judgements) one at a time within this process

    def check(self) -> None:
        """Refuse a path with no knowledge base (E039); migrate it once, before any request."""
        if not self.path.is_file():
            raise FileNotFoundError(Errors.E039.format(path=str(self.path)))
        connect(self.path).close()

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, migrate_schema=False)
            self._local.conn = conn
        return conn

    @property
    def write_lock(self) -> threading.Lock:
        return self._lock


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.newsgraph
    return state


def message(code: str, **values: Any) -> str:
    template: str = getattr(Errors, code)
    return template.format(**values)


class ApiError(HTTPException):
    """An HTTP error whose body is a numbered message."""

    def __init__(self, status: int, code: str, headers: dict[str, str] | None = None, **values: Any) -> None:
        super().__init__(status, {"code": code, "error": message(code, **values)}, headers=headers)


def api_error(status: int, code: str, headers: dict[str, str] | None = None, **values: Any) -> JSONResponse:
    return JSONResponse({"code": code, "error": message(code, **values)}, status_code=status, headers=headers)


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "E032", kind=kind, id=ident)
