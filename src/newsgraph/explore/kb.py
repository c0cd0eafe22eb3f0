"""Reading the knowledge base (docs/STORE.md) as canonical entities and sourced statements.

Resolution sets ``entities.canonical_id``; until it has, an entity is its own
canonical (``coalesce(canonical_id, id)``). Cross-document event grouping sets
``statements.event_group``; until it has, a statement is its own group. Every
statement read here keeps its document id and evidence offsets, so each line an
analyst reads can be traced to its sentence.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

CANONICAL = "coalesce(canonical_id, id)"
ACTOR_TYPES = ("PERSON", "ORG")
# A time value that starts with a year can be ordered and compared; '--05-20' cannot.
_DATED = re.compile(r"^\d{4}")


class RefJSON(TypedDict):
    """An entity as a statement names it: the entity in its document and its canonical."""

    id: str
    canonical_id: str
    name: str
    type: str


class EvidenceJSON(TypedDict):
    start: int
    end: int
    text: str


class TimeJSON(TypedDict):
    text: str | None
    value: str | None
    precision: str | None
    relation: str | None


class ArgumentJSON(TypedDict):
    role: str
    entity: RefJSON


class StatementJSON(TypedDict):
    """One statement with its provenance, entity references resolved to canonical entities."""

    id: str
    document_id: str
    published: str | None
    kind: str
    predicate: str
    mode: str | None
    subject: RefJSON | None
    object: RefJSON | None
    literal: str | None
    qualifiers: dict[str, Any]
    trigger: EvidenceJSON | None
    time: TimeJSON | None
    source: RefJSON | None
    hedged: bool
    negated: bool
    evidence: EvidenceJSON
    confidence: float
    extractor: str | None
    event_group: str
    arguments: list[ArgumentJSON]


class DocumentJSON(TypedDict):
    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class Canonical:
    """A canonical entity: the cluster of per-document entities resolution joined."""

    id: str
    type: str
    name: str
    members: int
    documents: int


def dated(value: str | None) -> str | None:
    """The value when it starts with a year (so it can be ordered), else None."""
    return value if value is not None and _DATED.match(value) else None


def chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    """Slices small enough for one ``IN (...)`` (SQLite limits the number of parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


def pick_name(names: Counter[str]) -> str:
    """The name a cluster is shown under: the most frequent, then the longest, then the first in order."""
    return min(names, key=lambda name: (-names[name], -len(name), name))


def canonical_info(conn: sqlite3.Connection, canonical_ids: Iterable[str]) -> dict[str, Canonical]:
    """Type, display name, member and document counts of each canonical entity."""
    wanted = sorted(set(canonical_ids))
    names: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    documents: dict[str, set[str]] = {}
    members: Counter[str] = Counter()
    for part in chunks(wanted):
        rows = conn.execute(
            f"SELECT {CANONICAL} AS canonical, id, type, name, document_id FROM entities"
            f" WHERE canonical_id IN ({marks(part)}) OR (canonical_id IS NULL AND id IN ({marks(part)}))",
            (*part, *part),
        )
        for row in rows:
            key = row["canonical"]
            names.setdefault(key, Counter())[row["name"]] += 1
            types.setdefault(key, Counter())[row["type"]] += 1
            documents.setdefault(key, set()).add(row["document_id"])
            members[key] += 1
    return {
        key: Canonical(
            id=key,
            type=pick_name(types[key]),
            name=pick_name(names[key]),
            members=members[key],
            documents=len(documents[key]),
        )
        for key in names
    }


def member_ids(conn: sqlite3.Connection, canonical_id: str) -> list[str]:
    """The per-document entity ids of one canonical entity."""
    rows = conn.execute(
        "SELECT id FROM entities WHERE canonical_id = ? OR (canonical_id IS NULL AND id = ?) ORDER BY id",
        (canonical_id, canonical_id),
    )
    return [row["id"] for row in rows]


class Refs:
    """Entity id -> `RefJSON` (with the canonical's display name), cached, looked up in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, RefJSON] = {}
        self.canonicals: dict[str, Canonical] = {}

    def load(self, entity_ids: Iterable[str | None]) -> None:
        missing = sorted({e for e in entity_ids if e is not None and e not in self.cache})
        rows: list[sqlite3.Row] = []
        for part in chunks(missing):
            rows += self.conn.execute(
                f"SELECT id, {CANONICAL} AS canonical, type, name FROM entities WHERE id IN ({marks(part)})",
                tuple(part),
            ).fetchall()
        wanted = {row["canonical"] for row in rows} - set(self.canonicals)
        self.canonicals.update(canonical_info(self.conn, wanted))
        for row in rows:
            canonical = self.canonicals.get(row["canonical"])
            self.cache[row["id"]] = RefJSON(
                id=row["id"],
                canonical_id=row["canonical"],
                name=canonical.name if canonical else row["name"],
                type=row["type"],
            )

    def get(self, entity_id: str | None) -> RefJSON | None:
        if entity_id is None:
            return None
        if entity_id not in self.cache:
            self.load([entity_id])
        return self.cache.get(entity_id)


STATEMENT_COLUMNS = (
    "s.id, s.document_id, d.published, s.kind, s.predicate, s.mode, s.subject_id, s.object_id,"
    " s.object_literal, s.qualifiers, s.trigger_start, s.trigger_end, s.trigger_text, s.time_text,"
    " s.time_value, s.time_precision, s.time_relation, s.source_id, s.hedged, s.negated,"
    " s.evidence_start, s.evidence_end, s.evidence_text, s.confidence, s.extractor,"
    " coalesce(s.event_group, s.id) AS event_group"
)
STATEMENTS_FROM = "statements s JOIN documents d ON d.id = s.document_id"


def fetch_statements(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[sqlite3.Row]:
    """Statement rows (with the document's publication date) matching a WHERE clause over ``s``."""
    sql = f"SELECT {STATEMENT_COLUMNS} FROM {STATEMENTS_FROM} WHERE {where}"
    return conn.execute(sql, tuple(params)).fetchall()


def statements_by_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[sqlite3.Row]:
    wanted = sorted(set(ids))
    rows: list[sqlite3.Row] = []
    for part in chunks(wanted):
        rows += fetch_statements(conn, f"s.id IN ({marks(part)})", part)
    return rows


def arguments_of(conn: sqlite3.Connection, statement_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Statement id -> [(role, entity id)] for event statements."""
    wanted = sorted(set(statement_ids))
    out: dict[str, list[tuple[str, str]]] = {}
    for part in chunks(wanted):
        rows = conn.execute(
            f"SELECT statement_id, role, entity_id FROM arguments WHERE statement_id IN ({marks(part)})"
            " ORDER BY statement_id, role, entity_id",
            tuple(part),
        )
        for row in rows:
            out.setdefault(row["statement_id"], []).append((row["role"], row["entity_id"]))
    return out


def to_json(rows: Sequence[sqlite3.Row], *, conn: sqlite3.Connection, refs: Refs) -> list[StatementJSON]:
    """Statement rows as `StatementJSON`, entity references resolved through `refs`."""
    arguments = arguments_of(conn, [row["id"] for row in rows if row["kind"] == "event"])
    refs.load(
        [e for row in rows for e in (row["subject_id"], row["object_id"], row["source_id"])]
        + [entity for args in arguments.values() for _role, entity in args]
    )
    out: list[StatementJSON] = []
    for row in rows:
        time: TimeJSON | None = None
        if row["time_text"] is not None or row["time_value"] is not None:
            time = TimeJSON(
                text=row["time_text"],
                value=row["time_value"],
                precision=row["time_precision"],
                relation=row["time_relation"],
            )
        trigger: EvidenceJSON | None = None
        if row["trigger_start"] is not None:
            trigger = EvidenceJSON(
                start=row["trigger_start"], end=row["trigger_end"], text=row["trigger_text"] or ""
            )
        resolved: list[ArgumentJSON] = []
        for role, entity_id in arguments.get(row["id"], []):
            ref = refs.get(entity_id)
            if ref is not None:
                resolved.append(ArgumentJSON(role=role, entity=ref))
        out.append(
            StatementJSON(
                id=row["id"],
                document_id=row["document_id"],
                published=row["published"],
                kind=row["kind"],
                predicate=row["predicate"],
                mode=row["mode"],
                subject=refs.get(row["subject_id"]),
                object=refs.get(row["object_id"]),
                literal=row["object_literal"],
                qualifiers=json.loads(row["qualifiers"] or "{}"),
                trigger=trigger,
                time=time,
                source=refs.get(row["source_id"]),
                hedged=bool(row["hedged"]),
                negated=bool(row["negated"]),
                evidence=EvidenceJSON(
                    start=row["evidence_start"], end=row["evidence_end"], text=row["evidence_text"]
                ),
                confidence=float(row["confidence"]),
                extractor=row["extractor"],
                event_group=row["event_group"],
                arguments=resolved,
            )
        )
    return out


def documents(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, DocumentJSON]:
    wanted = sorted(set(ids))
    out: dict[str, DocumentJSON] = {}
    for part in chunks(wanted):
        rows = conn.execute(
            f"SELECT id, title, published, source, language FROM documents WHERE id IN ({marks(part)})",
            tuple(part),
        )
        for row in rows:
            out[row["id"]] = DocumentJSON(
                id=row["id"],
                title=row["title"],
                published=row["published"],
                source=row["source"],
                language=row["language"],
            )
    return out


def statement_date(statement: StatementJSON) -> str | None:
    """When the statement says it happened; else when its document was published."""
    time = statement["time"]
    return dated(time["value"] if time else None) or statement["published"]


def source_name(statement: StatementJSON) -> str:
    """Who made the claim: the source entity's name, or 'publisher' for the document's own narration."""
    source = statement["source"]
    return source["name"] if source is not None else "publisher"


def describe(statement: StatementJSON) -> str:
    """One readable line for a statement (no provenance; callers add it)."""
    flags = "".join(
        f" [{flag}]"
        for flag, on in (("hedged", statement["hedged"]), ("negated", statement["negated"]))
        if on
    )
    time = statement["time"]
    when = f" @ {time['value'] or time['text']}" if time and (time["value"] or time["text"]) else ""
    if statement["kind"] == "event":
        label = statement["predicate"] + (f"/{statement['mode']}" if statement["mode"] else "")
        trigger = f" {statement['trigger']['text']!r}" if statement["trigger"] else ""
        args = ", ".join(f"{a['role']}={a['entity']['name']}" for a in statement["arguments"])
        return f"{label}{trigger}{' ' + args if args else ''}{when}{flags}"
    subject = statement["subject"]["name"] if statement["subject"] else "?"
    target = statement["object"]["name"] if statement["object"] else (statement["literal"] or "?")
    qualifiers = {k: v for k, v in statement["qualifiers"].items() if k != "time_candidates"}
    extra = " (" + ", ".join(f"{k}={v}" for k, v in sorted(qualifiers.items())) + ")" if qualifiers else ""
    negation = "NOT " if statement["negated"] else ""
    return f"{subject} {negation}{statement['predicate']} {target}{extra}{when}{flags}"
