"""Exports of the knowledge base: JSON Lines, CSV tables, FollowTheMoney, GEXF.

- ``jsonl``: one canonical entity per line with its statements, or one statement per line
- ``tables``: CSV files (entities, members, aliases, mentions, statements, arguments, documents, judgements)
- ``ftm``: FollowTheMoney entities for Aleph and OpenSanctions tooling
- ``gexf``: the actor network for Gephi

Each reads through ``newsgraph.store.queries`` and builds the records of
``newsgraph.explore.kb``: an entity without a canonical id is its own canonical, a
statement without an event group its own group.
"""

from __future__ import annotations

FORMATS = ("jsonl", "csv", "ftm", "gexf")
JSONL_WHAT = ("entities", "statements")
