"""Title, place and group facts (extract/facts_titles.py, facts_places.py, facts_groups.py)
on small invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.extract import facts_common
from newsgraph.nlp.gazetteer import Gazetteer, Place
from newsgraph.pipeline import extract_text
from newsgraph.schema import ExtractionJSON

# Made-up places, for the tests that need the gazetteer to know a city's country.
INVENTED_PLACES = Gazetteer.from_names(
    [
        (Place("Qasrana", "city", "VA", 400_000), ["Qasrana"], []),
        (Place("Varnesia", "country", "VA", 30_000_000), ["Varnesia"], []),
        (Place("Norland", "country", "NL", 9_000_000), ["Norland"], []),
    ]
)


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


@pytest.fixture
def invented_places(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entities and the facts of `nlp` read `INVENTED_PLACES` instead of the real gazetteer."""
    monkeypatch.setattr(nlp.get_pipe("newsgraph_entities"), "gaz", INVENTED_PLACES)
    monkeypatch.setattr(facts_common, "load_gazetteer", lambda: INVENTED_PLACES)


def test_facts_titles_demonym_post_names_the_country(nlp: Any) -> None:
    text = "Germany welcomed the plan. German Prime Minister Tomas Verlin met reporters in Berlin on Monday."
    result = _run(nlp, text)
    triples = _triples(result)
    assert ("Tomas Verlin", "position_held", "Germany") in triples
    assert ("Tomas Verlin", "role", "prime minister") in triples
    held = [f for f in result["facts"] if f["predicate"] == "position_held"]
    assert held[0]["qualifiers"]["title"] == "prime minister"
    assert held[0]["evidence"]["text"].startswith("German Prime Minister")


def test_facts_titles_organisation_before_the_title(nlp: Any) -> None:
    text = "NCIS Special Agent Anna Keller told the court that the search had been lawful."
    result = _run(nlp, text)
    held = [f for f in result["facts"] if f["predicate"] == "position_held"]
    assert held and "agent" in held[0]["qualifiers"]["title"]
    assert ("Anna Keller", "position_held", "NCIS") in _triples(result)


def test_facts_titles_role_without_an_owner(nlp: Any) -> None:
    text = "Federal Judge Anna Keller ordered the man held until trial."
    assert ("Anna Keller", "role", "federal judge") in _triples(_run(nlp, text))


def test_facts_titles_nationality_gives_citizenship(nlp: Any) -> None:
    text = "The video showed American street preacher Marek Dolan speaking to a crowd."
    triples = _triples(_run(nlp, text))
    assert ("Marek Dolan", "role", "street preacher") in triples
    assert ("Marek Dolan", "citizen_of", "United States") in triples


def test_facts_titles_apposition_student_from_a_country(nlp: Any) -> None:
    text = "Azat Korimov, a foreign student from Mongolia, was found guilty of fraud by a jury."
    result = _run(nlp, text)
    triples = _triples(result)
    assert ("Azat Korimov", "role", "foreign student") in triples
    assert ("Azat Korimov", "citizen_of", "Mongolia") in triples
    weak = [f["confidence"] for f in result["facts"] if f["predicate"] == "citizen_of"]
    assert weak and max(weak) < 0.75


def test_facts_titles_apposition_minister_for(nlp: Any) -> None:
    text = "Tobin Vale, Minister for Central Europe, said the talks would go on."
    result = _run(nlp, text)
    assert ("Tobin Vale", "position_held", "Central Europe") in _triples(result)


def test_facts_titles_portfolio_names_the_ministry(nlp: Any) -> None:
    text = "Interior Minister Anna Keller said on Monday that the Interior Ministry would review the case."
    result = _run(nlp, text)
    held = [f for f in result["facts"] if f["predicate"] == "position_held"]
    assert ("Anna Keller", "position_held", "Interior Ministry") in _triples(result)
    assert held[0]["confidence"] < 0.75


def test_facts_places_city_comma_region(nlp: Any) -> None:
    text = "Marek Dolan, who lived in Dayton, Ohio, was arrested on Monday."
    assert ("Dayton", "located_in", "Ohio") in _triples(_run(nlp, text))


def test_facts_places_no_fact_inside_a_list_of_countries(nlp: Any) -> None:
    text = "Strikes were carried out in Chile, Peru, and Bolivia on Monday."
    assert not [t for t in _triples(_run(nlp, text)) if t[1] == "located_in"]


def test_facts_places_demonym_city_of(nlp: Any) -> None:
    text = "Norway said the army would defend the Norwegian city of Kelmora."
    assert ("Kelmora", "located_in", "Norway") in _triples(_run(nlp, text))


def test_facts_places_in_a_direction_of_a_country(nlp: Any, invented_places: None) -> None:
    text = "Soldiers reached Qasrana in northern Varnesia on Monday."
    result = _run(nlp, text)
    facts = [f for f in result["facts"] if f["predicate"] == "located_in"]
    assert ("Qasrana", "located_in", "Varnesia") in _triples(result)
    assert facts[0]["confidence"] == 0.9  # the gazetteer confirms it


def test_facts_places_gazetteer_refuses_a_contradiction(nlp: Any, invented_places: None) -> None:
    text = "The envoy flew from Qasrana in Norland to the talks."
    assert ("Qasrana", "located_in", "Norland") not in _triples(_run(nlp, text))
    agreeing = "The envoy flew from Qasrana in Varnesia to the talks."  # the same words, no contradiction
    assert ("Qasrana", "located_in", "Varnesia") in _triples(_run(nlp, agreeing))


def test_facts_nationality_in_a_copula(nlp: Any) -> None:
    text = "Anna Keller is a German luge athlete who raced from 1992 to 2002."
    triples = _triples(_run(nlp, text))
    assert any(s == "Anna Keller" and p == "citizen_of" for s, p, o in triples)


def test_facts_titles_rank_whose_period_ends_a_false_sentence(nlp: Any) -> None:
    text = (
        "Korvik forces held their positions near Dalsen overnight, "
        "Interior Ministry press director Army Capt. Tom Berger said on Monday."
    )
    triples = _triples(_run(nlp, text))
    assert ("Tom Berger", "position_held", "Interior Ministry") in triples
    assert ("Tom Berger", "member_of", "Army") in triples


def test_facts_groups_members_of_a_capitalised_group(nlp: Any) -> None:
    text = (
        "On Monday, Alliance forces struck targets near the border. "
        "Alliance nations which have sent aircraft include France, Canada and Denmark."
    )
    result = _run(nlp, text)
    members = {s for s, p, o in _triples(result) if p == "member_of" and o.startswith("Alliance")}
    assert members == {"France", "Canada", "Denmark"}
