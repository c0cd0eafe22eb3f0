"""What analysts read out of the knowledge base: entity profiles and event listings.

``kb`` reads canonical entities and sourced statements; ``lookup`` finds an entity
from a name or id; ``profile`` builds an entity's profile; ``events`` lists event
groups. The exports (``newsgraph.export``) read through the same functions.
"""

from __future__ import annotations

from .events import EventFilter, EventGroupJSON, list_events, place_ids, render_events
from .kb import Canonical, StatementJSON
from .lookup import find_canonical
from .profile import ProfileJSON, build_profile, render_profile

__all__ = [
    "Canonical",
    "EventFilter",
    "EventGroupJSON",
    "ProfileJSON",
    "StatementJSON",
    "build_profile",
    "find_canonical",
    "list_events",
    "place_ids",
    "render_events",
    "render_profile",
]
