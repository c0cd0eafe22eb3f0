"""The records under every view: canonical entities and sourced statements (read through
``newsgraph.store.queries``; no SQL here).

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
from typing import Any, TypedDict, cast

from ..store import queries
from ..store.queries import StatementRow, summary

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
    documents: int  # reports: a copy of a report counts with it, as one


def dated(value: str | None) -> str | None:
    """The value when it starts with a year (so it can be ordered), else None."""
    return value if value is not None and _DATED.match(value) else None


def pick_name(names: Counter[str]) -> str:
    """The name a cluster is shown under: the most frequent, then the longest, then the first in order."""
    return min(names, key=lambda name: (-names[name], -len(name), name))


def canonical_info(conn: sqlite3.Connection, canonical_ids: Iterable[str]) -> dict[str, Canonical]:
    """Type, display name, member and document counts of each canonical entity (counted in SQL:
    a row per distinct name and type of a cluster, not per member)."""
    return canonical_summaries(conn, canonical_ids)[0]


def canonical_summaries(
    conn: sqlite3.Connection, canonical_ids: Iterable[str]
) -> tuple[dict[str, Canonical], dict[str, set[str]]]:
    """`canonical_info`, and every name the members of each canonical entity go by, from one
    read of the clusters' distinct names."""
    wanted = sorted(set(canonical_ids))
    names: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    for row in summary.member_name_counts(conn, wanted):
        names.setdefault(row.canonical_id, Counter())[row.name] += row.members
        types.setdefault(row.canonical_id, Counter())[row.type] += row.members
    reports = summary.report_counts(conn, list(names))
    info = {
        key: Canonical(
            id=key,
            type=pick_name(types[key]),
            name=pick_name(names[key]),
            members=sum(names[key].values()),
            documents=reports.get(key, 0),
        )
        for key in wanted
        if key in names
    }
    return info, {key: set(counts) for key, counts in names.items()}


def member_ids(conn: sqlite3.Connection, canonical_id: str) -> list[str]:
    """The per-document entity ids of one canonical entity."""
    return queries.member_ids(conn, canonical_id)


class Refs:
    """Entity id -> `RefJSON` (with the canonical's display name), cached, looked up in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, RefJSON] = {}
        self.canonicals: dict[str, Canonical] = {}

    def load(self, entity_ids: Iterable[str | None]) -> None:
        missing = sorted({e for e in entity_ids if e is not None and e not in self.cache})
        rows = queries.entity_refs(self.conn, missing)
        wanted = {row.canonical_id for row in rows} - set(self.canonicals)
        self.canonicals.update(canonical_info(self.conn, wanted))
        for row in rows:
            canonical = self.canonicals.get(row.canonical_id)
            self.cache[row.id] = RefJSON(
                id=row.id,
                canonical_id=row.canonical_id,
                name=canonical.name if canonical else row.name,
                type=row.type,
            )

    def get(self, entity_id: str | None) -> RefJSON | None:
        if entity_id is None:
            return None
        if entity_id not in self.cache:
            self.load([entity_id])
        return self.cache.get(entity_id)


def to_json(rows: Sequence[StatementRow], *, conn: sqlite3.Connection, refs: Refs) -> list[StatementJSON]:
    """Statement rows as `StatementJSON`, entity references resolved through `refs`."""
    arguments = queries.arguments_of(conn, [row.id for row in rows if row.kind == "event"])
    refs.load(
        [e for row in rows for e in (row.subject_id, row.object_id, row.source_id)]
        + [entity for args in arguments.values() for _role, entity in args]
    )
    out: list[StatementJSON] = []
    for row in rows:
        time: TimeJSON | None = None
        if row.time_text is not None or row.time_value is not None:
            time = TimeJSON(
                text=row.time_text,
                value=row.time_value,
                precision=row.time_precision,
                relation=row.time_relation,
            )
        trigger: EvidenceJSON | None = None
        if row.trigger_start is not None:
            # the store writes a trigger's start and end together
            end = cast(int, row.trigger_end)
            trigger = EvidenceJSON(start=row.trigger_start, end=end, text=row.trigger_text or "")
        resolved: list[ArgumentJSON] = []
        for role, entity_id in arguments.get(row.id, []):
            ref = refs.get(entity_id)
            if ref is not None:
                resolved.append(ArgumentJSON(role=role, entity=ref))
        out.append(
            StatementJSON(
                id=row.id,
                document_id=row.document_id,
                published=row.published,
                kind=row.kind,
                predicate=row.predicate,
                mode=row.mode,
                subject=refs.get(row.subject_id),
                object=refs.get(row.object_id),
                literal=row.object_literal,
                qualifiers=json.loads(row.qualifiers or "{}"),
                trigger=trigger,
                time=time,
                source=refs.get(row.source_id),
                hedged=bool(row.hedged),
                negated=bool(row.negated),
                evidence=EvidenceJSON(start=row.evidence_start, end=row.evidence_end, text=row.evidence_text),
                confidence=float(row.confidence),
                extractor=row.extractor,
                event_group=row.event_group,
                arguments=resolved,
            )
        )
    return out


def documents(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, DocumentJSON]:
    out: dict[str, DocumentJSON] = {}
    for row in queries.documents_by_ids(conn, ids):
        out[row.id] = DocumentJSON(
            id=row.id, title=row.title, published=row.published, source=row.source, language=row.language
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
