"""Bearer-token checks: with a token, writes need it; with `private`, reads too (constant time)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request

from .state import ApiError

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
