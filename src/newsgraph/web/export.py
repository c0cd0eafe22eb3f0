"""The streamed exports of /api/export: the whole knowledge base through `newsgraph.export`, or
the event groups the /api/events filters select (JSON Lines of groups, CSV of claims, FtM Events
with their actors, a GEXF network of the actors), each as safe as `newsgraph.export.safe` makes it
(CSV formulas neutralised, XML-safe text, no raw ``<`` in JSON).

SQLite connections belong to one thread while Starlette pulls a sync iterator from several:
a producer thread with its own connection writes chunks into a bounded queue, and stops
when the client goes away.
"""

from __future__ import annotations

import csv
import io
import json
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from ..explore.events import EventFilter, EventGroupJSON, actors, summarise_groups
from ..explore.kb import source_name, statement_date
from ..export.safe import csv_row, json_line
from ..store.db import connect
from ..store.queries import TABLE_COLUMNS, table_rows
from ..store.queries import api as q

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "ftm": "application/x-ndjson",
    "gexf": "application/xml",
}
SUFFIXES = {"jsonl": "jsonl", "csv": "csv", "ftm": "ftm.json", "gexf": "gexf"}
PAGE = 200  # event groups read at once
CLAIM_COLUMNS = (
    "event_group", "statement_id", "document_id", "published", "date", "predicate", "mode", "arguments",
    "source", "hedged", "negated", "evidence_start", "evidence_end", "evidence_text",
)  # fmt: skip
_DONE = object()
Produce = Callable[[sqlite3.Connection], Iterator[bytes]]


def _threaded(path: Path, produce: Produce) -> Iterator[bytes]:
    chunks: queue.Queue[object] = queue.Queue(maxsize=32)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        conn = connect(path, migrate_schema=False)
        try:
            for chunk in produce(conn):
                if not put(chunk):
                    return
        except Exception as exc:  # noqa: BLE001 - reported in the stream; the status line is sent already
            put(
                json.dumps({"code": "E036", "error": f"export stopped ({type(exc).__name__})"}).encode()
                + b"\n"
            )
        finally:
            conn.close()
            put(_DONE)

    threading.Thread(target=run, name="newsgraph-export", daemon=True).start()
    try:
        while (item := chunks.get()) is not _DONE:
            assert isinstance(item, bytes)
            yield item
    finally:
        stop.set()


def whole(path: Path, fmt: str) -> Iterator[bytes]:
    """The whole knowledge base in `fmt`, through the exports of `newsgraph.export`."""
    return _threaded(path, lambda conn: _whole(conn, fmt))


def filtered(path: Path, fmt: str, selection: EventFilter | None, source: str | None) -> Iterator[bytes]:
    """The event groups `selection` and `source` pick (none when `selection` is None) in `fmt`."""
    return _threaded(path, lambda conn: _filtered(conn, fmt, selection, source))


def _lines(records: Iterator[Any]) -> Iterator[bytes]:
    batch: list[str] = []
    for record in records:
        batch.append(json_line(record, sort_keys=True))
        if len(batch) >= 100:
            yield ("\n".join(batch) + "\n").encode("utf-8")
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode("utf-8")


def _whole(conn: sqlite3.Connection, fmt: str) -> Iterator[bytes]:
    if fmt == "jsonl":
        from ..export.records import iter_entity_records

        yield from _lines(iter_entity_records(conn))
    elif fmt == "ftm":
        from ..export.ftm import iter_ftm

        yield from _lines(iter_ftm(conn))
    elif fmt == "csv":
        yield from _csv(TABLE_COLUMNS["statements.csv"], table_rows(conn, "statements.csv"))
    else:
        from ..export.gexf import actor_graph

        yield from _gexf(actor_graph(conn))


def _groups(
    conn: sqlite3.Connection, selection: EventFilter | None, source: str | None
) -> Iterator[EventGroupJSON]:
    if selection is None:
        return
    after: q.GroupKey | None = None
    while True:
        page = q.event_group_page(conn, selection=selection, source=source, after=after, limit=PAGE)
        if not page:
            return
        yield from summarise_groups(conn, [k.id for k in page])
        after = page[-1]


def _filtered(
    conn: sqlite3.Connection, fmt: str, selection: EventFilter | None, source: str | None
) -> Iterator[bytes]:
    groups = _groups(conn, selection, source)
    if fmt == "jsonl":
        yield from _lines(groups)
    elif fmt == "csv":
        yield from _csv(CLAIM_COLUMNS, _claim_rows(groups))
    elif fmt == "ftm":
        yield from _lines(_ftm_events(groups))
    else:
        yield from _gexf(_actor_graph(groups))


def _csv(header: tuple[str, ...], rows: Iterator[tuple[object, ...]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow(csv_row(row))
        if n % 200 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _claim_rows(groups: Iterator[EventGroupJSON]) -> Iterator[tuple[object, ...]]:
    for group in groups:
        for c in group["claims"]:
            arguments = "; ".join(f"{a['role']}={a['entity']['name']}" for a in c["arguments"])
            e = c["evidence"]
            yield (
                group["id"], c["id"], c["document_id"], c["published"], statement_date(c), c["predicate"],
                c["mode"], arguments, source_name(c), int(c["hedged"]), int(c["negated"]), e["start"],
                e["end"], e["text"],
            )  # fmt: skip


def _ftm_events(groups: Iterator[EventGroupJSON]) -> Iterator[dict[str, Any]]:
    from followthemoney import model

    from ..export.ftm import SCHEMA_OF_TYPE, entity_id, ftm_id

    written: set[str] = set()
    for group in groups:
        claims = [c for c in group["claims"] if not c["negated"]]
        if not claims:
            continue
        for ref in actors(group):
            schema = SCHEMA_OF_TYPE.get(ref["type"])
            if schema and ref["canonical_id"] not in written:
                written.add(ref["canonical_id"])
                proxy = model.make_entity(schema)
                proxy.id = entity_id(ref["canonical_id"])
                proxy.add("name", ref["name"])
                yield proxy.to_dict()
        event = model.make_entity("Event")
        event.id = ftm_id("event", group["id"])
        event.add("name", group["type"] + (f"/{group['mode']}" if group["mode"] else ""))
        event.add("date", group["dates"])
        for ref in actors(group):
            if ref["canonical_id"] in written:
                event.add("involved", entity_id(ref["canonical_id"]))
        for place in group["arguments"].get("place", []):
            event.add("location", place["name"])
        for claim in claims:
            event.add("description", claim["evidence"]["text"])
            event.add("recordId", claim["id"])
        yield event.to_dict()


def _actor_graph(groups: Iterator[EventGroupJSON]) -> nx.Graph:
    graph = nx.Graph()
    for group in groups:
        taking_part = actors(group)
        for ref in taking_part:
            graph.add_node(ref["canonical_id"], label=ref["name"], type=ref["type"])
        for a, b in combinations(sorted({r["canonical_id"] for r in taking_part}), 2):
            weight = graph.get_edge_data(a, b, {}).get("weight", 0)
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def _gexf(graph: nx.Graph) -> Iterator[bytes]:
    from ..export.gexf import xml_safe_graph

    out = io.BytesIO()
    nx.write_gexf(xml_safe_graph(graph), out)
    yield out.getvalue()
