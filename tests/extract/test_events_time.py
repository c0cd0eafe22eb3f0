"""Event time: dates written before a nominal trigger, told-again events, picture dates,
and times stated against another event."""

from __future__ import annotations

from typing import Any

from newsgraph.extract.events_merge import _compatible
from newsgraph.pipeline import extract_text
from newsgraph.schema import EventJSON, ExtractionJSON, TimeJSON


def _run(nlp: Any, text: str, published: str = "2019-08-12") -> ExtractionJSON:
    return extract_text(text, published=published, nlp=nlp)


def _values(result: ExtractionJSON, kind: str) -> list[str | None]:
    events: list[EventJSON] = [e for e in result["events"] if e["type"] == kind]
    return [e["time"]["value"] if e["time"] is not None else None for e in events]


def _time(value: str | None) -> TimeJSON:
    return {"text": "", "value": value, "precision": None, "relation": "on"}


def test_events_time_prenominal_date_is_the_events_own(nlp: Any) -> None:
    text = (
        "Investigators said two days after March 3, 2018, bombing, Anna Keller left Korvik. "
        "Marek Solt carried out the bombing in Korvik."
    )
    assert "2018-03-03" in _values(_run(nlp, text), "ASSAULT")


def test_events_time_coarse_mention_takes_the_day_told_later(nlp: Any) -> None:
    text = (
        "A court has convicted a friend of Marek Solt for hiding evidence of last year's deadly blast. "
        "Prosecutors said the March 3, 2018, bombing was planned for weeks. "
        "Marek Solt carried the bombs in a van to the market of Korvik."
    )
    values = _values(_run(nlp, text), "ASSAULT")
    assert values and all(v == "2018-03-03" for v in values if v is not None)
    assert "2018" not in values


def test_events_time_photo_date_is_not_the_events(nlp: Any) -> None:
    text = (
        "Marek Solt carried out the May 2 bombing in Korvik. "
        "Marek Solt is seen in this image on the night he committed the attack in this handout photo "
        "released, May 9, 2019, from the Korvik police."
    )
    assert "2019-05-09" not in _values(_run(nlp, text), "ASSAULT")


def test_events_time_caption_sentence_dates_belong_to_the_picture(nlp: Any) -> None:
    text = "FILE - Police arrested Marek Solt outside a mosque in Korvik, May 4, 2019."
    assert "2019-05-04" not in _values(_run(nlp, text), "COERCE")


def test_events_time_relative_time_after_a_nominal_phrase(nlp: Any) -> None:
    text = (
        "Marek Solt carried out the June 10, 2018, bombing in Korvik. "
        "Marek Solt died after a gunfight with police two days after the bombing."
    )
    assert _values(_run(nlp, text), "FIGHT") == ["2018-06-12"]


def test_events_time_days_later_keeps_the_month(nlp: Any) -> None:
    text = (
        "Marek Solt carried out the June 10, 2018, bombing in Korvik. "
        "Days later, Marek Solt was killed in a gun battle with police."
    )
    assert "2018-06" in _values(_run(nlp, text), "FIGHT")


def test_events_merge_compatible_times() -> None:
    assert _compatible(_time("2013"), _time("2013-04-15"))
    assert _compatible(None, _time("2013"))
    assert not _compatible(_time("2017-06-04"), _time("2017-06-05"))
    assert not _compatible(_time(None), _time("2013"))


def test_events_time_a_dateline_date_is_not_the_events(nlp: Any) -> None:
    text = (
        "KORVIK, March 3, 2021 (Wire) - Police in Korvik arrested two men on Tuesday "
        "after a car bomb exploded in the old market, officials said."
    )
    assert _values(_run(nlp, text, published="2021-03-03"), "COERCE") == ["2021-03-02"]
