"""Read models: what analysts read out of the knowledge base, as typed records.

``kb`` holds the shared records (canonical entities, sourced statements); ``lookup``
finds an entity from a name or id; ``profile`` builds an entity's profile; ``events``
lists event groups; ``document`` gives a document with its annotations. ``render``
turns the records into the CLI's text; the HTTP API and HTML templates take the same
records. The SQL is in ``newsgraph.store.queries``; the exports (``newsgraph.export``)
read through the same functions.
"""

from __future__ import annotations

from .document import DocumentViewJSON, document_view
from .events import EventFilter, EventGroupJSON, list_events, place_ids
from .kb import Canonical, StatementJSON
from .lookup import find_canonical
from .profile import ProfileJSON, build_profile
from .render import render_events, render_profile

__all__ = [
    "Canonical",
    "DocumentViewJSON",
    "EventFilter",
    "EventGroupJSON",
    "ProfileJSON",
    "StatementJSON",
    "build_profile",
    "document_view",
    "find_canonical",
    "list_events",
    "place_ids",
    "render_events",
    "render_profile",
]
