"""Who says so: reporting verbs, possessors, subordinate clauses, glued quotation marks."""

from __future__ import annotations

from typing import Any

from newsgraph.nlp.spans import quote_regions


def _names(doc: Any) -> dict[str, str]:
    return {e["id"]: e["name"] for e in doc._.ng_entities}


def _sources(nlp: Any, text: str) -> list[str | None]:
    with nlp.select_pipes(disable=["newsgraph_context_release"]):
        doc = nlp(text)
    ctx = doc._.ng_context
    names = _names(doc)
    return [names.get(ctx.source(sent) or "") for sent in doc.sents]


def test_attribution_said_sources_its_sentence(nlp: Any) -> None:
    assert _sources(nlp, "Tarvo Lindqvist was arrested in Brennick, said spokesman Aren Holt.") == [
        "Aren Holt"
    ]


def test_attribution_a_person_who_owns_the_speaker_is_not_the_speaker(nlp: Any) -> None:
    text = "Anna Keller was detained on Monday. Keller's lawyer said that she would appeal."
    assert _sources(nlp, text)[-1] is None


def test_attribution_a_subordinate_reporting_clause_does_not_source_the_main_clause(nlp: Any) -> None:
    text = "Judge Marta Ilves ordered Tarvo Lindqvist held, after Aren Holt noted that he had no home."
    assert _sources(nlp, text) == [None]


def test_attribution_an_act_of_responding_is_narration(nlp: Any) -> None:
    assert _sources(nlp, "Aren Holt responded to the claims on Monday.") == [None]


def test_attribution_said_with_a_colon_introduces_a_statement(nlp: Any) -> None:
    assert _sources(nlp, "Minister Aren Holt said:")[0] == "Aren Holt"


def test_attribution_quotation_marks_glued_to_words_still_close(nlp: Any) -> None:
    doc = nlp.make_doc("He said, “Korvik is free.”The minister left.")
    regions = quote_regions(doc)
    assert len(regions) == 1
    start, end = regions[0]
    assert doc[start:end].text.startswith("Korvik") and "minister" not in doc[start:end].text
