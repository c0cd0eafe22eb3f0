"""Unnamed collective agents ("police", "federal investigators") as ORG entities."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.schema import ExtractionJSON


def _run(nlp: Any, text: str) -> ExtractionJSON:
    return extract_text(text, published="2021-06-10", nlp=nlp)


def _orgs(result: ExtractionJSON) -> dict[str, list[str]]:
    return {
        e["name"].lower(): [a["name"] for a in e["aliases"]] for e in result["entities"] if e["type"] == "ORG"
    }


def test_groups_acting_group_is_an_org(nlp: Any) -> None:
    result = _run(nlp, "Police arrested Anna Keller in Korvik on Sunday.")
    assert "police" in _orgs(result)
    (event,) = [e for e in result["events"] if e["type"] == "COERCE"]
    names = {e["id"]: e["name"].lower() for e in result["entities"]}
    assert {names[a["entity"]] for a in event["arguments"] if a["role"] == "actor"} == {"police"}


def test_groups_bare_mention_joins_the_fuller_name(nlp: Any) -> None:
    text = (
        "Federal investigators questioned Anna Keller for hours. "
        "Investigators said she had lied about her travels to Korvik."
    )
    orgs = _orgs(_run(nlp, text))
    assert "federal investigators" in orgs
    assert "investigators" not in orgs
    assert [a.lower() for a in orgs["federal investigators"]] == ["investigators"]


def test_groups_group_in_passing_is_no_entity(nlp: Any) -> None:
    orgs = _orgs(_run(nlp, "Anna Keller appeared in court on Monday near police cars."))
    assert "court" not in orgs
    assert "police" not in orgs


def test_groups_named_groups_members_are_no_group(nlp: Any) -> None:
    orgs = _orgs(_run(nlp, "Korvik Liberation Front fighters attacked a checkpoint on Monday."))
    assert "fighters" not in orgs


def test_groups_named_place_modifier_stays_its_own_entity(nlp: Any) -> None:
    result = _run(nlp, "Norway's security services arrested Anna Keller on Monday.")
    assert "security services" in _orgs(result)
    assert any(e["name"] == "Norway" and e["type"] == "PLACE" for e in result["entities"])
