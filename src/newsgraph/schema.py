"""JSON shapes of the extraction contract (../shared/SCHEMA.md) as TypedDicts."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict


class SpanJSON(TypedDict):
    start: int
    end: int
    text: str


class AliasJSON(TypedDict):
    name: str
    kind: str


class EntityJSON(TypedDict):
    id: str
    type: Literal["PERSON", "ORG", "PLACE", "OTHER"]
    name: str
    aliases: list[AliasJSON]
    mentions: list[SpanJSON]


class TimeJSON(TypedDict):
    text: str
    value: str | None
    precision: str | None
    relation: str
    candidates: NotRequired[list[int]]


class LiteralJSON(TypedDict):
    value: str


class FactJSON(TypedDict):
    id: str
    predicate: str
    subject: str
    object: str | LiteralJSON
    qualifiers: dict[str, Any]
    time: TimeJSON | None
    source: str | None
    hedged: bool
    negated: bool
    evidence: SpanJSON
    confidence: float
    extractor: str


class ArgumentJSON(TypedDict):
    role: str
    entity: str


class EventJSON(TypedDict):
    id: str
    type: str
    mode: str | None
    trigger: SpanJSON
    arguments: list[ArgumentJSON]
    time: TimeJSON | None
    source: str | None
    hedged: bool
    negated: bool
    evidence: SpanJSON
    confidence: float
    extractor: str


class DocumentJSON(TypedDict):
    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str


class ExtractionJSON(TypedDict):
    document: DocumentJSON
    entities: list[EntityJSON]
    facts: list[FactJSON]
    events: list[EventJSON]
