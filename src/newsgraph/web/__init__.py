"""The analyst's desk: a FastAPI app over the knowledge base (`newsgraph serve`).

``app`` builds the application (`create_app`); ``api`` holds the JSON routes under /api,
``views`` assembles their answers from the read models, ``export`` streams the exports,
``cursor`` encodes keyset cursors, ``auth`` checks bearer tokens, ``state`` holds the
per-thread connections and the numbered JSON errors.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
