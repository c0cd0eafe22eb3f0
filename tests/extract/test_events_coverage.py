"""Court and security events, the actor of a reported attack, hedging and relative event times."""

from __future__ import annotations

from typing import Any

from newsgraph.extract.time import shift_time
from newsgraph.pipeline import extract_text
from newsgraph.schema import EventJSON, ExtractionJSON, TimeJSON


def _run(nlp: Any, text: str, published: str | None = "2021-06-10") -> ExtractionJSON:
    return extract_text(text, published=published, nlp=nlp)


def _names(result: ExtractionJSON, event: EventJSON, role: str) -> set[str]:
    names = {e["id"]: e["name"] for e in result["entities"]}
    return {names[a["entity"]] for a in event["arguments"] if a["role"] == role}


def _events(result: ExtractionJSON, kind: str) -> list[EventJSON]:
    return [e for e in result["events"] if e["type"] == kind]


def test_events_court_verbs_are_coerce(nlp: Any) -> None:
    result = _run(nlp, "A federal court in Korvik convicted Anna Keller of fraud on Tuesday.")
    (event,) = _events(result, "COERCE")
    assert event["mode"] == "convict"
    assert _names(result, event, "target") == {"Anna Keller"}


def test_events_pleaded_not_guilty_is_a_rejection(nlp: Any) -> None:
    result = _run(nlp, "Anna Keller pleaded not guilty to the charges in Korvik on Monday.")
    assert [e["type"] for e in result["events"] if e["trigger"]["text"] == "pleaded"] == ["REJECT"]


def test_events_condemning_an_attack_does_not_make_its_actor(nlp: Any) -> None:
    result = _run(nlp, "The Korvik government condemned the Velta Front attack in Brenna.")
    (attack,) = _events(result, "ASSAULT")
    assert "Korvik government" not in {n for n in _names(result, attack, "actor")}
    (condemnation,) = _events(result, "ACCUSE")
    assert "Brenna" not in _names(result, condemnation, "place")


def test_events_conducted_strikes_take_the_verbs_actor_and_time(nlp: Any) -> None:
    result = _run(nlp, "On June 3, the Velta Front conducted 26 strikes near Brenna.")
    (event,) = _events(result, "ASSAULT")
    assert _names(result, event, "actor") == {"Velta Front"}
    assert event["time"] is not None and event["time"]["value"] == "2021-06-03"


def test_events_police_raid_is_coerce(nlp: Any) -> None:
    result = _run(nlp, "Police launched raids in Brenna on Monday.")
    assert [e["type"] for e in result["events"]] == ["COERCE"]


def test_events_accused_of_carrying_out_is_hedged(nlp: Any) -> None:
    result = _run(nlp, "Anna Keller is accused of carrying out the bombing in Brenna.")
    (event,) = _events(result, "ASSAULT")
    assert event["hedged"] is True


def test_events_conditional_conviction_is_no_event(nlp: Any) -> None:
    result = _run(nlp, "Anna Keller faces prison in Korvik if she is convicted.")
    assert _events(result, "COERCE") == []


def test_events_no_date_in_the_text_means_no_time(nlp: Any) -> None:
    result = _run(nlp, "Police arrested Anna Keller in Brenna.")
    (event,) = _events(result, "COERCE")
    assert event["time"] is None


def test_time_shift_counted_and_vague_distances() -> None:
    day: TimeJSON = {"text": "", "value": "2013-04-15", "precision": "day", "relation": "on"}
    three = shift_time("three days", day, later=True)
    assert three is not None and three["value"] == "2013-04-18"
    vague = shift_time("Days later", day, later=True)
    assert vague is not None and (vague["value"], vague["precision"]) == ("2013-04", "month")
    month: TimeJSON = {"text": "", "value": "2013-04", "precision": "month", "relation": "on"}
    assert shift_time("three days", month, later=True) is None
