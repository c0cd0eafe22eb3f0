"""Bearer-token checks: with a token, writes need it; with `private`, reads too (constant time)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import Response

from .state import ApiError, api_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Auth:
    token: str | None = None
    private: bool = False

    def allows(self, method: str, authorization: str | None) -> bool:
        """Whether a request with this method and Authorization header may go on."""
        if self.token is None:
            return True
        if method.upper() in SAFE_METHODS and not self.private:
            return True
        if authorization is None:
            return False
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode("utf-8"), self.token.encode("utf-8"))


def require_auth(request: Request) -> None:
    """A dependency for every API route: 401 (E031) when the token is needed and not given."""
    auth: Auth = request.app.state.auth
    if not auth.allows(request.method, request.headers.get("authorization")):
        raise ApiError(401, "E031", headers={"WWW-Authenticate": 'Bearer realm="newsgraph"'})


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The host of a Host header, without its port ('[::1]:8765' -> '::1')."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def host_check(
    allowed: Iterable[str],
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """An HTTP middleware that refuses (400, E038) a request whose Host header names another host
    than `allowed`: against DNS rebinding, where a page of another site points its own name at
    127.0.0.1 and so reaches a loopback server that has no token to ask for."""
    names = frozenset(name.lower() for name in allowed)
    shown = ", ".join(sorted(names))

    async def check(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        given = request.headers.get("host", "")
        if host_name(given) not in names:
            return api_error(400, "E038", host=given, allowed=shown)
        return await call_next(request)

    return check
