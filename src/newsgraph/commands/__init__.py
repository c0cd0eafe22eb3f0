"""Commands beyond `extract`, one module per area; each has `register(app)`.

- ``store``: ingest, stats, search, errors (the SQLite knowledge base)
- ``resolve``: match, resolve, same, different, review (cross-document identity)
- ``explore``: entity, events, export (what analysts read out of the base)
"""

from __future__ import annotations

from typing import Any

from . import explore, resolve, store

MODULES = (store, resolve, explore)


def register_all(app: Any) -> None:
    for module in MODULES:
        module.register(app)
