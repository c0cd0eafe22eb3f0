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
    published_from: NotRequired[str | None]  # "input" | "metadata" | "dateline" (added field)
    source: str | None
    language: str


class TimexJSON(TypedDict):
    """One temporal expression of the text (TimeML TIMEX3): the top-level `times` list."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # TIMEX3 value: 2020-05-20, 2020-W21, 2020-Q2, 202, P3D, XXXX-WXX-3, PRESENT_REF
    precision: Literal["day", "month", "year", "decade"] | None  # DATE and TIME only
    anchored: bool  # False: no publication date was known and the value keeps only what the text says


class ExtractionJSON(TypedDict):
    document: DocumentJSON
    entities: list[EntityJSON]
    facts: list[FactJSON]
    events: list[EventJSON]
    times: list[TimexJSON]
