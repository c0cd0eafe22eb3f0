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
from typing import Any, BinaryIO

import networkx as nx  # type: ignore[import-untyped]

from ..explore.kb import ACTOR_TYPES, canonical_info
from ..store import queries
from ..store.queries.sql import chunks
from .safe import xml_text

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
    for actor in queries.actor_mentions(conn, ACTOR_TYPES):
        actors.setdefault(actor.canonical_id, actor.type)
        mentions[actor.canonical_id] += actor.mentions
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

    for fact in queries.fact_ties(conn, excluded=NOT_TIES):
        tie(fact.a, fact.b, fact.predicate, fact.document_id)
    current: tuple[str, str, str] | None = None
    taking_part: set[str] = set()

    def flush() -> None:
        if current is not None:
            for a, b in combinations(sorted(taking_part), 2):
                tie(a, b, current[1], current[2])

    for arg in queries.event_actors(conn, ACTOR_TYPES):
        if current is None or arg.id != current[0]:
            flush()
            label = "event:" + arg.predicate + (f"/{arg.mode}" if arg.mode else "")
            current, taking_part = (arg.id, label, arg.document_id), set()
        taking_part.add(arg.actor)
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
    """Write the actor network as GEXF 1.2 (XML-safe: `xml_safe_graph`); return (nodes, edges)."""
    graph = xml_safe_graph(actor_graph(conn))
    nx.write_gexf(graph, out)
    return graph.number_of_nodes(), graph.number_of_edges()


def xml_safe_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` whose node keys and text attributes (of the graph, nodes, edges) hold only
    characters XML 1.0 allows (ElementTree escapes markup, but writes those as they are)."""

    def clean(attributes: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_text(v) if isinstance(v, str) else v for k, v in attributes.items()}

    def key(node: Any) -> Any:
        return xml_text(node) if isinstance(node, str) else node

    out = nx.Graph(**clean(dict(graph.graph)))
    out.add_nodes_from((key(node), clean(data)) for node, data in graph.nodes(data=True))
    out.add_edges_from((key(a), key(b), clean(data)) for a, b, data in graph.edges(data=True))
    return out
