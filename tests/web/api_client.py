"""Small HTTP helpers the API tests share."""

from __future__ import annotations

from typing import Any

import httpx


def get(base: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(base + path, params=params or None, timeout=30)


def ok(base: str, path: str, **params: Any) -> Any:
    response = get(base, path, **params)
    assert response.status_code == 200, (path, params, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def search_one(base: str, query: str, type: str = "PERSON") -> dict[str, Any]:
    results = ok(base, "/api/search", q=query, type=type)["results"]
    assert results, query
    return dict(results[0])
