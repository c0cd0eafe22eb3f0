"""Title, place and group facts (extract/facts_titles.py, facts_places.py, facts_groups.py)
on small invented sentences."""

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
    text = "FBI Special Agent Anna Keller told the court that the search had been lawful."
    result = _run(nlp, text)
    held = [f for f in result["facts"] if f["predicate"] == "position_held"]
    assert held and "agent" in held[0]["qualifiers"]["title"]
    assert ("Anna Keller", "position_held", "FBI") in _triples(result)


def test_facts_titles_role_without_an_owner(nlp: Any) -> None:
    text = "Federal Judge Anna Keller ordered the man held until trial."
    assert ("Anna Keller", "role", "federal judge") in _triples(_run(nlp, text))


def test_facts_titles_nationality_gives_citizenship(nlp: Any) -> None:
    text = "The video showed American radical preacher Marek Dolan speaking to a crowd."
    triples = _triples(_run(nlp, text))
    assert ("Marek Dolan", "role", "radical preacher") in triples
    assert ("Marek Dolan", "citizen_of", "United States") in triples


def test_facts_titles_apposition_student_from_a_country(nlp: Any) -> None:
    text = "Azat Korimov, a foreign student from Kazakhstan, was found guilty on Monday."
    result = _run(nlp, text)
    triples = _triples(result)
    assert ("Azat Korimov", "role", "foreign student") in triples
    assert ("Azat Korimov", "citizen_of", "Kazakhstan") in triples
    weak = [f["confidence"] for f in result["facts"] if f["predicate"] == "citizen_of"]
    assert weak and max(weak) < 0.75


def test_facts_titles_apposition_minister_for(nlp: Any) -> None:
    text = "Tobin Vale, Minister for the Middle East, welcomed the news."
    result = _run(nlp, text)
    assert ("Tobin Vale", "position_held", "Middle East") in _triples(result)


def test_facts_titles_portfolio_names_the_ministry(nlp: Any) -> None:
    text = "Interior Minister Anna Keller said on Monday that the Interior Ministry would review the case."
    result = _run(nlp, text)
    held = [f for f in result["facts"] if f["predicate"] == "position_held"]
    assert ("Anna Keller", "position_held", "Interior Ministry") in _triples(result)
    assert held[0]["confidence"] < 0.75


def test_facts_places_city_comma_region(nlp: Any) -> None:
    text = "Marek Dolan, who lived in Quincy, Massachusetts, was arrested on Monday."
    assert ("Quincy", "located_in", "Massachusetts") in _triples(_run(nlp, text))


def test_facts_places_no_fact_inside_a_list_of_countries(nlp: Any) -> None:
    text = "Strikes were carried out in Syria, Iraq, and Jordan on Monday."
    assert not [t for t in _triples(_run(nlp, text)) if t[1] == "located_in"]


def test_facts_places_demonym_city_of(nlp: Any) -> None:
    text = "Iraq said the campaign to retake the Iraqi city of Mosul had begun."
    assert ("Mosul", "located_in", "Iraq") in _triples(_run(nlp, text))


def test_facts_places_in_a_direction_of_a_country(nlp: Any) -> None:
    text = "Soldiers reached Mosul in northern Iraq on Monday."
    result = _run(nlp, text)
    facts = [f for f in result["facts"] if f["predicate"] == "located_in"]
    assert ("Mosul", "located_in", "Iraq") in _triples(result)
    assert facts[0]["confidence"] == 0.9  # the gazetteer confirms it


def test_facts_places_gazetteer_refuses_a_contradiction(nlp: Any) -> None:
    text = "The envoy flew from Mosul in Canada to the talks."
    assert ("Mosul", "located_in", "Canada") not in _triples(_run(nlp, text))


def test_facts_nationality_in_a_copula(nlp: Any) -> None:
    text = "Anna Keller is a German skeleton racer who competed from 1992 to 2002."
    triples = _triples(_run(nlp, text))
    assert any(s == "Anna Keller" and p == "citizen_of" for s, p, o in triples)


def test_facts_titles_rank_whose_period_ends_a_false_sentence(nlp: Any) -> None:
    text = (
        "In the past day, Korvik forces held their positions near Dalsen, "
        "Pentagon press operations director Navy Capt. Tom Berger said today."
    )
    triples = _triples(_run(nlp, text))
    assert ("Tom Berger", "position_held", "Pentagon") in triples
    assert ("Tom Berger", "member_of", "Navy") in triples


def test_facts_groups_members_of_a_capitalised_group(nlp: Any) -> None:
    text = (
        "On Monday, Alliance forces struck targets near the border. "
        "Alliance nations which have conducted strikes include France, Canada and Denmark."
    )
    result = _run(nlp, text)
    members = {s for s, p, o in _triples(result) if p == "member_of" and o.startswith("Alliance")}
    assert members == {"France", "Canada", "Denmark"}
