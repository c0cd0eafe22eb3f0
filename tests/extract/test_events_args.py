"""Events read from a verb's context: custody, court states, captures, group names, speakers."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.schema import EventJSON, ExtractionJSON


def _run(nlp: Any, text: str, published: str | None = "2021-06-10") -> ExtractionJSON:
    return extract_text(text, published=published, nlp=nlp)


def _names(result: ExtractionJSON, event: EventJSON, role: str) -> set[str]:
    names = {e["id"]: e["name"] for e in result["entities"]}
    return {names[a["entity"]] for a in event["arguments"] if a["role"] == role}


def _by_trigger(result: ExtractionJSON, word: str) -> list[EventJSON]:
    return [e for e in result["events"] if e["trigger"]["text"] == word]


def test_events_args_held_in_prison_is_custody_now(nlp: Any) -> None:
    result = _run(nlp, "Piet Korvik, 31, is being held in a federal prison in Brenna.")
    (event,) = _by_trigger(result, "held")
    assert (event["type"], event["mode"]) == ("COERCE", "remand")
    assert _names(result, event, "target") == {"Piet Korvik"}
    assert event["time"] is not None and event["time"]["value"] == "2021-06-10"


def test_events_args_ordered_held_until_trial_targets_the_object(nlp: Any) -> None:
    result = _run(nlp, "Judge Anna Keller ordered Piet Korvik held until trial.")
    (event,) = _by_trigger(result, "held")
    assert _names(result, event, "target") == {"Piet Korvik"}
    assert event["time"] is None  # a past order names no day


def test_events_args_held_talks_is_no_custody(nlp: Any) -> None:
    result = _run(nlp, "Anna Keller held talks with Piet Korvik in Brenna.")
    assert all(e["type"] != "COERCE" for e in result["events"])


def test_events_args_awaiting_trial_makes_the_subject_a_target(nlp: Any) -> None:
    result = _run(nlp, "Piet Korvik awaits trial on multiple charges in Brenna.")
    (event,) = _by_trigger(result, "awaits")
    assert (event["type"], event["mode"]) == ("COERCE", "charge")
    assert _names(result, event, "target") == {"Piet Korvik"}
    assert _names(result, event, "actor") == set()


def test_events_args_faces_charges(nlp: Any) -> None:
    result = _run(nlp, "Piet Korvik faces up to 20 years in prison on a fraud charge.")
    (event,) = _by_trigger(result, "faces")
    assert event["type"] == "COERCE"
    assert _names(result, event, "target") == {"Piet Korvik"}


def test_events_args_facing_prison_alone_is_no_event(nlp: Any) -> None:
    result = _run(nlp, "Piet Korvik faces prison if he is convicted.")
    assert _by_trigger(result, "faces") == []


def test_events_args_found_hiding_is_a_capture(nlp: Any) -> None:
    result = _run(nlp, "Piet Korvik was found hiding in a boat in Brenna.")
    (event,) = _by_trigger(result, "found")
    assert (event["type"], event["mode"]) == ("COERCE", "arrest")
    assert _names(result, event, "target") == {"Piet Korvik"}


def test_events_args_group_noun_stands_for_its_organisation(nlp: Any) -> None:
    text = "The Velta Front fought in Brenna. Minister Tom Hale commended Velta Front fighters."
    result = _run(nlp, text)
    (event,) = _by_trigger(result, "commended")
    assert "Velta Front" in _names(result, event, "target")


def test_events_args_first_person_praise_is_the_speakers(nlp: Any) -> None:
    text = "“I commend the Korvik Brigade for its courage,” Minister Tom Hale said."
    result = _run(nlp, text)
    (event,) = _by_trigger(result, "commend")
    assert _names(result, event, "actor") == {"Tom Hale"}
