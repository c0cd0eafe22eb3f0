"""Event patterns: verbal and nominal triggers, passive, negation, attribution, hedging, time."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.nlp.gazetteer import Gazetteer, Place
from newsgraph.pipeline import extract_text
from newsgraph.schema import EventJSON, ExtractionJSON

# Made-up towns, for a test that needs the gazetteer to know its places.
INVENTED_TOWNS = Gazetteer.from_names(
    [(Place(name, "city", "AA", 200_000), [name], []) for name in ("Qasrana", "Zemmariya", "Harqana")]
)


def _run(nlp: Any, text: str, published: str | None = "2021-06-10") -> ExtractionJSON:
    return extract_text(text, published=published, nlp=nlp)


def _args(result: ExtractionJSON, event: EventJSON) -> dict[str, set[str]]:
    names = {e["id"]: e["name"] for e in result["entities"]}
    out: dict[str, set[str]] = {}
    for arg in event["arguments"]:
        out.setdefault(arg["role"], set()).add(names[arg["entity"]])
    return out


def _events(result: ExtractionJSON, kind: str) -> list[EventJSON]:
    return [e for e in result["events"] if e["type"] == kind]


@pytest.fixture
def invented_towns(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entity component of `nlp` reads `INVENTED_TOWNS` instead of the real gazetteer."""
    monkeypatch.setattr(nlp.get_pipe("newsgraph_entities"), "gaz", INVENTED_TOWNS)


def test_events_active_verb_actor_target_place(nlp: Any) -> None:
    result = _run(nlp, "Varnesian police arrested Mehmet Yilmaz in Qasrana on Tuesday.")
    (event,) = _events(result, "COERCE")
    assert event["mode"] == "arrest"
    args = _args(result, event)
    assert args["target"] == {"Mehmet Yilmaz"}
    assert args["place"] == {"Qasrana"}


def test_events_passive_voice_target_and_agent(nlp: Any) -> None:
    result = _run(nlp, "Ali Hamdan was killed by the Free Tarn Army near Kelmora.")
    (event,) = _events(result, "ASSAULT")
    assert event["mode"] == "kill"
    args = _args(result, event)
    assert args["target"] == {"Ali Hamdan"}
    assert "Free Tarn Army" in args["actor"]


def test_events_negation(nlp: Any) -> None:
    result = _run(nlp, "Police said Mehmet Yilmaz was not arrested in Qasrana.")
    (event,) = _events(result, "COERCE")
    assert event["negated"] is True


def test_events_nominal_mentions_are_one_event(nlp: Any) -> None:
    text = (
        "Security forces arrested Rami Khoury in Dar Qellum. "
        "The arrest took place two weeks ago, officials said. His arrest was not announced."
    )
    result = _run(nlp, text)
    arrests = _events(result, "COERCE")
    assert len(arrests) == 1
    assert arrests[0]["time"] is not None


def test_events_commander_and_places_of_a_battle(nlp: Any, invented_towns: None) -> None:
    text = (
        "Colonel Adnan Sabri commanded the battle of Qasrana "
        "and the offensives to retake Zemmariya and Harqana."
    )
    result = _run(nlp, text)
    fights = _events(result, "FIGHT")
    places = set().union(*(_args(result, e).get("place", set()) for e in fights))
    assert {"Qasrana", "Zemmariya", "Harqana"} <= places
    assert all("Adnan Sabri" in _args(result, e).get("commander", set()) for e in fights)


def test_events_partner_in_coordination_with(nlp: Any) -> None:
    text = "Northern Regional Guards detained Jalal Tessa in co-ordination with the Counter Terrorism Unit."
    result = _run(nlp, text)
    (event,) = _events(result, "COERCE")
    assert "Counter Terrorism Unit" in _args(result, event)["partner"]


def test_events_he_said_is_the_speaker_not_the_subject(nlp: Any) -> None:
    text = (
        "Rami Khoury was arrested in Dar Qellum, said analyst Nadia Farah.\n"
        '"Khoury planned attacks on army posts in Kelmora for years," she said.'
    )
    result = _run(nlp, text)
    names = {e["id"]: e["name"] for e in result["entities"]}
    assaults = _events(result, "ASSAULT")
    assert assaults
    assert all(e["source"] is not None and names[e["source"]] == "Nadia Farah" for e in assaults)


def test_events_hedged_by_reports(nlp: Any) -> None:
    result = _run(nlp, "Reports indicate that Omar Bakri met Yusuf Hamdi in Qasrana last year.")
    (event,) = _events(result, "CONSULT")
    assert event["hedged"] is True
    assert event["time"] is not None and event["time"]["value"] == "2020"


def test_events_time_of_event_not_of_announcement(nlp: Any) -> None:
    text = "Ali Hamdan was killed in October, the ministry said on Wednesday (June 9th)."
    result = _run(nlp, text)
    (event,) = _events(result, "ASSAULT")
    assert event["time"] is not None and event["time"]["value"] == "2020-10"


def test_events_weekday_without_publication_date_lists_candidate_years(nlp: Any) -> None:
    result = _run(nlp, "Gunmen killed Ali Hamdan on Wednesday (May 20th) in Kelmora.", published=None)
    (event,) = _events(result, "ASSAULT")
    time = event["time"]
    assert time is not None and time["value"] == "--05-20"
    assert 2020 in time.get("candidates", [])


def test_events_release_of_a_thing_is_not_an_event(nlp: Any) -> None:
    result = _run(nlp, "Greater Leeds Police released a photo of the van on Sunday.")
    assert not _events(result, "CONCEDE")
    freed = _run(nlp, "The Tarn Brigades released Peter Mallory, a British contractor, on Sunday.")
    assert _events(freed, "CONCEDE")


def test_events_unnamed_ministry_is_not_the_group_of_the_story(nlp: Any) -> None:
    text = (
        "Security forces arrested Karim Haddad, a commander of the Northern Shield Brigade, "
        "in Qasrana on Tuesday, the interior ministry said."
    )
    result = _run(nlp, text)
    (event,) = _events(result, "COERCE")
    assert event["source"] is None  # an unnamed body: not resolved to the brigade


def test_events_country_acting_as_state_is_a_target(nlp: Any) -> None:
    # a country stays a PLACE entity; named as a state acted upon, it is the event's target
    result = _run(nlp, "The Korvik Liberation Front attacked Norway on Tuesday.")
    assert {e["name"]: e["type"] for e in result["entities"]}["Norway"] == "PLACE"
    (assault,) = _events(result, "ASSAULT")
    assert _args(result, assault)["target"] == {"Norway"}


def test_events_the_attack_told_again_keeps_its_date(nlp: Any) -> None:
    text = (
        "The March 3 attack in Korvik killed four people, police said. "
        "Anna Keller was arrested two days after the bombing."
    )
    result = _run(nlp, text)
    arrest = _events(result, "COERCE")
    assert arrest and arrest[0]["time"] is not None
    assert arrest[0]["time"]["value"] == "2021-03-05"
