"""The actor network as GEXF (for Gephi): canonical people and organisations, weighted ties.

Nodes are canonical PERSON and ORG entities (``label``, ``type``, ``documents``,
``mentions``). Two actors are tied by each fact that joins them (``member_of``,
``leader_of``, ``position_held`` of an organisation, ...) and by each event in
which both take part; ``weight`` is the number of such statements, ``relations``
says which ('leader_of=2; event:COERCE/arrest=1'), ``documents`` in how many
documents. Negated statements, aliases and ``not_same_as`` make no tie.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import BinaryIO

import networkx as nx  # type: ignore[import-untyped]

from ..explore.kb import ACTOR_TYPES, CANONICAL, canonical_info, chunks, marks

NOT_TIES = ("alias", "not_same_as")


class _Tie:
    __slots__ = ("documents", "relations")

    def __init__(self) -> None:
        self.relations: Counter[str] = Counter()
        self.documents: set[str] = set()


def actor_graph(conn: sqlite3.Connection) -> nx.Graph:
    """The undirected, weighted actor network of the knowledge base."""
    graph = nx.Graph()
    actors: dict[str, str] = {}  # canonical id -> type
    mentions: Counter[str] = Counter()
    rows = conn.execute(
        f"SELECT {CANONICAL} AS canonical, e.type,"
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n"
        f" FROM entities e WHERE e.type IN ({marks(ACTOR_TYPES)})",
        ACTOR_TYPES,
    )
    for row in rows:
        actors.setdefault(row["canonical"], row["type"])
        mentions[row["canonical"]] += row["n"]
    keys = sorted(actors)
    for part in chunks(keys):
        for key, info in canonical_info(conn, part).items():
            if info.type in ACTOR_TYPES:
                graph.add_node(
                    key, label=info.name, type=info.type, documents=info.documents, mentions=mentions[key]
                )
    ties: dict[tuple[str, str], _Tie] = {}

    def tie(a: str, b: str, relation: str, document_id: str) -> None:
        if a == b or a not in graph or b not in graph:
            return
        entry = ties.setdefault((min(a, b), max(a, b)), _Tie())
        entry.relations[relation] += 1
        entry.documents.add(document_id)

    facts = conn.execute(
        "SELECT coalesce(su.canonical_id, su.id) AS a, coalesce(ob.canonical_id, ob.id) AS b, s.predicate,"
        " s.document_id FROM statements s JOIN entities su ON su.id = s.subject_id"
        " JOIN entities ob ON ob.id = s.object_id"
        f" WHERE s.kind = 'fact' AND s.negated = 0 AND s.predicate NOT IN ({marks(NOT_TIES)})",
        NOT_TIES,
    )
    for row in facts:
        tie(row["a"], row["b"], row["predicate"], row["document_id"])
    events = conn.execute(
        "SELECT s.id, s.predicate, s.mode, s.document_id, coalesce(e.canonical_id, e.id) AS actor"
        " FROM statements s JOIN arguments a ON a.statement_id = s.id JOIN entities e ON e.id = a.entity_id"
        f" WHERE s.kind = 'event' AND s.negated = 0 AND e.type IN ({marks(ACTOR_TYPES)}) ORDER BY s.id",
        ACTOR_TYPES,
    )
    current: tuple[str, str, str] | None = None
    taking_part: set[str] = set()

    def flush() -> None:
        if current is not None:
            for a, b in combinations(sorted(taking_part), 2):
                tie(a, b, current[1], current[2])

    for row in events:
        if current is None or row["id"] != current[0]:
            flush()
            label = "event:" + row["predicate"] + (f"/{row['mode']}" if row["mode"] else "")
            current, taking_part = (row["id"], label, row["document_id"]), set()
        taking_part.add(row["actor"])
    flush()
    for (a, b), entry in sorted(ties.items()):
        graph.add_edge(
            a,
            b,
            weight=sum(entry.relations.values()),
            relations="; ".join(f"{name}={n}" for name, n in sorted(entry.relations.items())),
            documents=len(entry.documents),
        )
    return graph


def write_gexf(conn: sqlite3.Connection, out: Path | BinaryIO) -> tuple[int, int]:
    """Write the actor network as GEXF 1.2; return (nodes, edges)."""
    graph = actor_graph(conn)
    nx.write_gexf(graph, out)
    return graph.number_of_nodes(), graph.number_of_edges()
