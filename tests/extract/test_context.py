"""The shared context: one explicit component sets it, the last one drops it."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph.components import COMPONENTS
from newsgraph.extract.context import Context, context_of
from newsgraph.nlp.pipeline import register_extensions


def test_context_is_set_before_facts_and_dropped_at_the_end(nlp: Any) -> None:
    names = list(COMPONENTS)
    assert names.index("newsgraph_context") < names.index("newsgraph_facts") < names.index("newsgraph_events")
    assert names[-1] == "newsgraph_context_release"
    doc = nlp("Police arrested Tarvo Lindqvist in Brennick on Monday, said spokesman Aren Holt.")
    assert doc._.ng_context is None
    Doc(nlp.vocab).from_bytes(doc.to_bytes())  # nothing unserialisable is left on the Doc


def test_context_component_answers_entity_and_source_lookups(nlp: Any) -> None:
    with nlp.select_pipes(disable=["newsgraph_facts", "newsgraph_events", "newsgraph_context_release"]):
        doc = nlp("Tarvo Lindqvist was arrested, said spokesman Aren Holt.")
    ctx = context_of(doc)
    assert isinstance(ctx, Context)
    names = {e["id"]: e["name"] for e in doc._.ng_entities}
    assert names[ctx.entity_at(doc[0]) or ""] == "Tarvo Lindqvist"
    assert names[ctx.source(doc[0].sent) or ""] == "Aren Holt"


def test_context_of_without_the_component_is_a_clear_error() -> None:
    register_extensions()
    doc = Doc(spacy.blank("en").vocab, words=["Nothing", "here"])
    with pytest.raises(ValueError, match="newsgraph_context"):
        context_of(doc)
