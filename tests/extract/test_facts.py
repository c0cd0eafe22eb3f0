"""Fact patterns on small hand-written sentences: one test per pattern family."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.schema import ExtractionJSON


def _run(nlp: Any, text: str) -> ExtractionJSON:
    return extract_text(text, published="2021-06-10", nlp=nlp)


def _triples(result: ExtractionJSON) -> set[tuple[str, str, str]]:
    names = {e["id"]: e["name"] for e in result["entities"]}
    out = set()
    for fact in result["facts"]:
        obj = fact["object"]
        target = obj["value"] if isinstance(obj, dict) else names[obj]
        out.add((names[fact["subject"]], fact["predicate"], target))
    return out


def test_facts_birth_place_and_year(nlp: Any) -> None:
    result = _run(nlp, "Karim Haddad was born in Qasrana in 1971 and studied law in Kelmora.")
    triples = _triples(result)
    assert ("Karim Haddad", "born_in", "Qasrana") in triples
    assert ("Karim Haddad", "born_on", "1971") in triples


def test_facts_residence_and_location(nlp: Any) -> None:
    result = _run(nlp, "Leila Mansour lived in the district of Zemmariya in Qasrana until 2019.")
    triples = _triples(result)
    assert ("Leila Mansour", "resides_in", "Zemmariya") in triples
    assert ("Zemmariya", "located_in", "Qasrana") in triples


def test_facts_title_of_coordinated_places(nlp: Any) -> None:
    text = "Omar Saleh, who served as governor of Qasrana, Tal Hasrun and Dar Qellum, resigned on Monday."
    result = _run(nlp, text)
    held = {(s, o) for s, p, o in _triples(result) if p == "position_held"}
    assert {("Omar Saleh", "Qasrana"), ("Omar Saleh", "Tal Hasrun")} <= held
    titles = {f["qualifiers"].get("title") for f in result["facts"] if f["predicate"] == "position_held"}
    assert titles == {"governor"}


def test_facts_leadership_by_relative_clause(nlp: Any) -> None:
    text = (
        "Hassan Qelmani, who took over the leadership of the Popular Resistance Front in 1992, spoke on TV."
    )
    triples = _triples(_run(nlp, text))
    assert ("Hassan Qelmani", "leader_of", "Popular Resistance Front") in triples


def test_facts_deputy_to_a_person(nlp: Any) -> None:
    text = "Samir Aziz was appointed deputy to Jamal Rahimi, the movement's founder, in March."
    triples = _triples(_run(nlp, text))
    assert ("Samir Aziz", "deputy_of", "Jamal Rahimi") in triples


def test_facts_prenominal_role_and_leader(nlp: Any) -> None:
    text = "Security analyst Mark Jensen said that Tarn Alliance leader Tarek Valori had fled."
    triples = _triples(_run(nlp, text))
    assert ("Mark Jensen", "role", "Security analyst") in triples
    assert ("Tarek Valori", "leader_of", "Tarn Alliance") in triples


def test_facts_carry_source_of_reported_speech(nlp: Any) -> None:
    text = 'Military spokesman Ali Karim said: "Yusuf Baker was born in Kelmora in 1980."'
    result = _run(nlp, text)
    names = {e["id"]: e["name"] for e in result["entities"]}
    born = [f for f in result["facts"] if f["predicate"] == "born_in"]
    assert born and born[0]["source"] is not None and names[born[0]["source"]] == "Ali Karim"


def test_facts_every_fact_has_evidence_and_confidence(nlp: Any) -> None:
    text = "Karim Haddad was born in Qasrana in 1971. He lived in Dar Qellum for a decade."
    result = _run(nlp, text)
    assert result["facts"]
    for fact in result["facts"]:
        ev = fact["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
        assert 0.0 < fact["confidence"] <= 1.0
        assert fact["extractor"]
