"""Temporal expressions (the contract's `times` list) on invented sentences.

The publication date of most cases is Wednesday 20 May 2020 (ISO week 21, second quarter).
"""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.extract.timex_calendar import easter_sunday, precision_of
from newsgraph.extract.timex_parse import words_of
from newsgraph.extract.timex_value import normalise_timex
from newsgraph.pipeline import extract_text
from newsgraph.schema import TimexJSON

PUBLISHED = "2020-05-20"

ANCHORED = [
    # (text, tense, type, value): tense -1 past verb, 0 unknown, 1 future verb
    ("Monday", -1, "DATE", "2020-05-18"),
    ("Wednesday", 0, "DATE", "2020-05-20"),
    ("Monday", 1, "DATE", "2020-05-25"),
    ("last Friday", 0, "DATE", "2020-05-15"),
    ("next Tuesday", 0, "DATE", "2020-05-26"),
    ("Feb. 9", -1, "DATE", "2020-02-09"),
    ("Dec. 15", 0, "DATE", "2019-12-15"),
    ("June 2", 1, "DATE", "2020-06-02"),
    ("Sept. 30, 1989", 0, "DATE", "1989-09-30"),
    ("October", -1, "DATE", "2019-10"),
    ("November", 0, "DATE", "2019-11"),
    ("last month", 0, "DATE", "2020-04"),
    ("last week", 0, "DATE", "2020-W20"),
    ("this week", 0, "DATE", "2020-W21"),
    ("next year", 0, "DATE", "2021"),
    ("earlier this year", 0, "DATE", "2020"),
    ("June last year", 0, "DATE", "2019-06"),
    ("yesterday", 0, "DATE", "2020-05-19"),
    ("two years ago", 0, "DATE", "2018"),
    ("six weeks ago", 0, "DATE", "2020-W15"),
    ("a year earlier", 0, "DATE", "2019"),
    ("in the 1990s", 0, "DATE", "199"),
    ("the mid-1980s", 0, "DATE", "198"),
    ("the 20th century", 0, "DATE", "19"),
    ("the second quarter", 0, "DATE", "2020-Q2"),
    ("the third quarter", 0, "DATE", "2019-Q3"),
    ("the first half of 2019", 0, "DATE", "2019-H1"),
    ("last summer", 0, "DATE", "2019-SU"),
    ("this summer", 0, "DATE", "2020-SU"),
    ("the weekend", 0, "DATE", "2020-W20-WE"),
    ("Christmas", 0, "DATE", "2019-12-25"),
    ("this morning", 0, "TIME", "2020-05-20TMO"),
    ("Monday night", -1, "TIME", "2020-05-18TNI"),
    ("2 p.m. yesterday", 0, "TIME", "2020-05-19T14:00"),
    ("10:35 a.m.", 0, "TIME", "2020-05-20T10:35"),
    ("three days", 0, "DURATION", "P3D"),
    ("the past three years", 0, "DURATION", "P3Y"),
    ("several weeks", 0, "DURATION", "PXW"),
    ("a couple of years", 0, "DURATION", "P2Y"),
    ("5 1/2 hours", 0, "DURATION", "PT5H30M"),
    ("two and a half years", 0, "DURATION", "P2Y6M"),
    ("two decades", 0, "DURATION", "P20Y"),
    ("every week", 0, "SET", "P1W"),
    ("every two years", 0, "SET", "P2Y"),
    ("each Thursday", 0, "SET", "XXXX-WXX-4"),
    ("daily", 0, "SET", "P1D"),
    ("now", 0, "DATE", "PRESENT_REF"),
    ("currently", 0, "DATE", "PRESENT_REF"),
    ("recently", 0, "DATE", "PAST_REF"),
    ("the past", 0, "DATE", "PAST_REF"),
    ("the future", 0, "DATE", "FUTURE_REF"),
]


@pytest.mark.parametrize(("text", "tense", "kind", "value"), ANCHORED)
def test_timex_normalise_anchored(text: str, tense: int, kind: str, value: str) -> None:
    timex = normalise_timex(text, published=PUBLISHED, tense=tense)
    assert timex is not None, text
    assert (timex.type, timex.value, timex.anchored) == (kind, value, True)


UNANCHORED = [
    # with no publication date, what the text leaves to it stays open
    ("May 20", "DATE", "XXXX-05-20", False),
    ("Wednesday", "DATE", "XXXX-WXX-3", False),
    ("last year", "DATE", "XXXX", False),
    ("yesterday", "DATE", "XXXX-XX-XX", False),
    ("the third quarter", "DATE", "XXXX-Q3", False),
    ("this morning", "TIME", "XXXX-XX-XXTMO", False),
    # what the text says in full needs no anchor
    ("1990", "DATE", "1990", True),
    ("March 3, 2011", "DATE", "2011-03-03", True),
    ("three days", "DURATION", "P3D", True),
    ("every week", "SET", "P1W", True),
    ("now", "DATE", "PRESENT_REF", True),
]


@pytest.mark.parametrize(("text", "kind", "value", "anchored"), UNANCHORED)
def test_timex_normalise_unanchored(text: str, kind: str, value: str, anchored: bool) -> None:
    timex = normalise_timex(text, published=None)
    assert timex is not None, text
    assert (timex.type, timex.value, timex.anchored) == (kind, value, anchored)


def test_timex_normalise_anaphoric_day_counts_from_the_mentioned_date() -> None:
    for text, value in (("the following day", "2020-03-04"), ("the previous day", "2020-03-02")):
        timex = normalise_timex(text, published=PUBLISHED, reference="2020-03-03")
        assert timex is not None and timex.value == value


@pytest.mark.parametrize("text", ["65 years old", "aged 43", "the 6-year-old"])
def test_timex_normalise_ages_are_no_times(text: str) -> None:
    assert normalise_timex(text, published=PUBLISHED) is None


def test_timex_precision_from_the_value() -> None:
    assert [precision_of(v) for v in ("2020-05-20", "2020-05-20T14:00", "2020-05", "2020", "199")] == [
        "day",
        "day",
        "month",
        "year",
        "decade",
    ]
    assert precision_of("XXXX-05-20") == "day"
    assert precision_of("2020-Q2") is None and precision_of("PRESENT_REF") is None


def test_timex_calendar_easter() -> None:
    assert [easter_sunday(y).isoformat() for y in (2000, 2019, 2024)] == [
        "2000-04-23",
        "2019-04-21",
        "2024-03-31",
    ]


def test_timex_words_split_abbreviations_and_hyphens() -> None:
    assert words_of("Sept. 30, 1989") == ("sept", "30", "1989")
    assert words_of("10:35 a.m.") == ("10:35", "a.m")
    assert words_of("third-quarter") == ("third", "quarter")
    assert words_of("this year's") == ("this", "year", "'s")


# --------------------------------------------------------------------------- in the pipeline


def _times(nlp: Any, text: str, published: str | None = PUBLISHED) -> list[TimexJSON]:
    result = extract_text(text, published=published, nlp=nlp)
    for time in result["times"]:
        assert text[time["start"] : time["end"]] == time["text"]
    return result["times"]


def _values(times: list[TimexJSON]) -> list[tuple[str, str]]:
    return [(t["text"], t["value"]) for t in times]


def test_timex_weekday_by_tense_without_the_preposition(nlp: Any) -> None:
    times = _times(nlp, "Officials said on Monday that the talks will resume on Friday.")
    assert _values(times) == [("Monday", "2020-05-18"), ("Friday", "2020-05-22")]
    assert times[0]["type"] == "DATE" and times[0]["precision"] == "day" and times[0]["anchored"]


def test_timex_range_is_two_expressions(nlp: Any) -> None:
    times = _times(nlp, "The factory made tractors from 1990 to 1995 before it closed.")
    assert _values(times) == [("1990", "1990"), ("1995", "1995")]
    assert {t["precision"] for t in times} == {"year"}


def test_timex_age_is_dropped(nlp: Any) -> None:
    times = _times(nlp, "The 65-year-old minister resigned last month.")
    assert _values(times) == [("last month", "2020-04")]


def test_timex_following_day_counts_from_the_date_before(nlp: Any) -> None:
    times = _times(
        nlp, "The convoy left the port on March 3. The following day, the troops reached the border."
    )
    assert (times[0]["value"], times[1]["value"]) == ("2020-03-03", "2020-03-04")


def test_timex_year_earlier_of_a_quarter(nlp: Any) -> None:
    text = "Net income rose to $5 million in the third quarter from $4 million a year earlier."
    times = _times(nlp, text, published="2020-11-05")
    assert _values(times) == [("the third quarter", "2020-Q3"), ("a year earlier", "2019-Q3")]
    assert times[0]["precision"] is None


def test_timex_references_durations_and_sets(nlp: Any) -> None:
    text = "Prices are now rising daily, and the shortage has lasted three weeks."
    times = _times(nlp, text)
    assert [(t["text"], t["type"], t["value"]) for t in times] == [
        ("now", "DATE", "PRESENT_REF"),
        ("daily", "SET", "P1D"),
        ("three weeks", "DURATION", "P3W"),
    ]
    assert all(t["precision"] is None for t in times[1:])


def test_timex_without_publication_date_is_not_anchored(nlp: Any) -> None:
    times = _times(nlp, "The vote is planned for May 20, and the count ended in 2019.", published=None)
    assert [(t["value"], t["precision"], t["anchored"]) for t in times] == [
        ("XXXX-05-20", "day", False),
        ("2019", "year", True),
    ]
