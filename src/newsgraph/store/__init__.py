"""Stage 5: the SQLite knowledge base (docs/STORE.md): schema, migrations, ingest, queries."""

from __future__ import annotations

from .db import DEFAULT_PATH, connect, default_path, transaction
from .schema import MIGRATIONS, Migration, migrate

__all__ = ["DEFAULT_PATH", "MIGRATIONS", "Migration", "connect", "default_path", "migrate", "transaction"]
