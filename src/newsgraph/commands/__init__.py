"""Commands beyond `extract`, one module per area; each has `register(app)`.

- ``store``: ingest, stats, search, errors (the SQLite knowledge base)
- ``resolve``: match (name matching)
- ``judge``: resolve, same, different, review (cross-document identity judgements)
- ``explore``: entity, events, export (what analysts read out of the base)
"""

from __future__ import annotations

from typing import Any

from . import explore, judge, resolve, store

MODULES = (store, resolve, judge, explore)


def register_all(app: Any) -> None:
    for module in MODULES:
        module.register(app)
