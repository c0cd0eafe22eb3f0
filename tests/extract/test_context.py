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


def _fact_sources(nlp: Any, text: str) -> dict[tuple[str, str], str | None]:
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.ng_entities}
    out: dict[tuple[str, str], str | None] = {}
    for fact in doc._.ng_facts:
        obj = fact["object"]
        label = names.get(obj, "") if isinstance(obj, str) else obj["value"]
        out[(fact["predicate"], label)] = names.get(fact["source"] or "")
    return out


def test_context_titles_and_place_pairs_are_narration_outside_quotes(nlp: Any) -> None:
    text = "Aren Holt said Anna Keller met Federal Judge Marta Ilves in Korvik, Velland, on Monday."
    sources = _fact_sources(nlp, text)
    assert sources[("located_in", "Velland")] is None
    assert sources[("role", "federal judge")] is None


def test_context_titles_and_place_pairs_inside_quotes_keep_the_speaker(nlp: Any) -> None:
    text = 'Aren Holt said Anna Keller "was born in Korvik, Velland, and met Federal Judge Marta Ilves".'
    sources = _fact_sources(nlp, text)
    assert sources[("located_in", "Velland")] == "Aren Holt"
    assert sources[("born_in", "Korvik")] == "Aren Holt"


def test_context_what_describes_the_speaker_is_narration(nlp: Any) -> None:
    text = "Anna Keller, a nurse who lived in Brennick, told reporters that Tarvo Lindqvist had fled."
    assert _fact_sources(nlp, text)[("resides_in", "Brennick")] is None


def test_context_an_attack_by_suspects_is_told_as_a_suspicion(nlp: Any) -> None:
    text = "Police questioned suspected bomber Tarvo Lindqvist on Monday. Anna Keller was also questioned."
    with nlp.select_pipes(disable=["newsgraph_context_release"]):
        doc = nlp(text)
    ctx = context_of(doc)
    names = {e["name"]: e["id"] for e in doc._.ng_entities}
    assert names["Tarvo Lindqvist"] in ctx.suspects()
    assert names["Anna Keller"] not in ctx.suspects()
    assert ctx.told_as_suspicion("ASSAULT", {names["Tarvo Lindqvist"]})
    assert not ctx.told_as_suspicion("ASSAULT", {names["Tarvo Lindqvist"], names["Anna Keller"]})
    assert not ctx.told_as_suspicion("COERCE", {names["Tarvo Lindqvist"]})
