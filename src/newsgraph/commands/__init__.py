"""The commands, one module per area; each has `register(app)`. Shared plumbing in `common`.

- ``extract``: extract (reports in, contract JSON out)
- ``store``: ingest, stats, search, errors (the SQLite knowledge base)
- ``match``: match (names scored as resolution would)
- ``resolve``: resolve, same, different, review (cross-document identity and its judgements)
- ``explore``: entity, events, export (what analysts read out of the base)
- ``serve``: serve (the HTTP API and browser pages over the base)
"""

from __future__ import annotations

from typing import Any

from . import explore, extract, match, resolve, serve, store

MODULES = (extract, store, match, resolve, explore, serve)


def register_all(app: Any) -> None:
    for module in MODULES:
        module.register(app)
