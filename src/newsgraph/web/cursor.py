"""Opaque page cursors: the sort key of a page's last row as base64url JSON.

A cursor the server did not give (bad base64, bad JSON, the wrong shape) is refused
with E033, never passed on to SQL.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .state import ApiError

MAX_CURSOR = 2048  # characters


def encode(kind: str, key: list[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(kind: str, cursor: str | None, shape: tuple[type, ...]) -> list[Any] | None:
    """The key inside `cursor` (None when there is none), checked against `kind` and `shape`."""
    if cursor is None or cursor == "":
        return None
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiError(400, "E033", cursor=cursor[:80]) from None
    if not isinstance(value, list) or len(value) != len(shape) + 1 or value[0] != kind:
        raise ApiError(400, "E033", cursor=cursor[:80])
    key = value[1:]
    for item, wanted in zip(key, shape, strict=True):
        ok = isinstance(item, wanted) and not (wanted is int and isinstance(item, bool))
        if wanted is float:
            ok = isinstance(item, int | float) and not isinstance(item, bool)
        if not ok:
            raise ApiError(400, "E033", cursor=cursor[:80])
    return key
