"""An annotated Doc -> the contract's JSON object (../shared/SCHEMA.md)."""

from __future__ import annotations

from typing import Any, cast

from ..document import Document
from ..schema import EntityJSON, EventJSON, ExtractionJSON, FactJSON, SpanJSON, TimexJSON


def doc_to_json(doc: Any, document: Document) -> ExtractionJSON:
    """Assemble the output object from what the pipeline left on the Doc."""
    mentions: dict[str, list[SpanJSON]] = {}
    for span in doc.spans.get("ng_mentions", []):
        mentions.setdefault(span.kb_id_, []).append(
            {"start": span.start_char, "end": span.end_char, "text": span.text}
        )
    entities: list[EntityJSON] = []
    for ent in doc._.ng_entities or []:
        entity = cast(EntityJSON, dict(ent))
        entity["mentions"] = sorted(mentions.get(ent["id"], []), key=lambda m: m["start"])
        entities.append(entity)
    return {
        "document": {
            "id": document.id,
            "title": document.title,
            "published": document.published,
            "published_from": document.published_from,
            "source": document.source,
            "language": document.language,
        },
        "entities": entities,
        "facts": cast(list[FactJSON], list(doc._.ng_facts or [])),
        "events": cast(list[EventJSON], list(doc._.ng_events or [])),
        "times": cast(list[TimexJSON], list(doc._.ng_times or [])),
    }
