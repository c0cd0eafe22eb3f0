"""Entity typing by general news grammar: structures are places, portfolios and codes are no names."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline import extract_text


def _mentions(nlp: Any, text: str) -> dict[str, str]:
    result = extract_text(text, nlp=nlp)
    return {m["text"]: e["type"] for e in result["entities"] for m in e["mentions"]}


def test_entity_types_a_named_gate_or_room_is_a_place(nlp: Any) -> None:
    found = _mentions(
        nlp, "Visitors crowded around the Korvik Gate before the talks in the Velmar Briefing Room."
    )
    assert found.get("Korvik Gate") == "PLACE"
    assert found.get("Velmar Briefing Room") == "PLACE"


def test_entity_types_a_portfolio_before_a_title_is_no_organisation(nlp: Any) -> None:
    found = _mentions(nlp, "Defense Secretary Anna Keller met the Secretary of State in Korvik on Monday.")
    assert "Defense" not in found
    assert "State" not in found


def test_entity_types_a_field_label_or_a_code_is_no_person(nlp: Any) -> None:
    found = _mentions(
        nlp, "The channel moved on Monday. Frequency: 12130 MHz. Passcode 3080897 opens the line."
    )
    assert "Frequency" not in found
    assert not any("3080897" in text for text in found)
