"""Time normalisation: each rule of SCHEMA.md's TIME object on a small hand-written example."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.extract.time import CANDIDATE_YEARS, find_times, normalise_time

PUBLISHED = "2020-05-21"  # a Thursday


def norm(text: str, published: str | None = PUBLISHED) -> tuple[Any, ...] | None:
    time = normalise_time(text, published=published)
    if time is None:
        return None
    return (time["value"], time["precision"], time["relation"])


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 20, 2020", ("2020-05-20", "day", "on")),
        ("20 May 2020", ("2020-05-20", "day", "on")),
        ("2020-05-20", ("2020-05-20", "day", "on")),
        ("on Wednesday, May 20, 2020", ("2020-05-20", "day", "on")),
        ("the 3rd of March 2011", ("2011-03-03", "day", "on")),
        ("May 2020", ("2020-05", "month", "on")),
        ("2019-10", ("2019-10", "month", "on")),
        ("1967", ("1967", "year", "on")),
        ("in 1967", ("1967", "year", "on")),
        ("early 2019", ("2019", "year", "on")),
        ("mid-2019", ("2019", "year", "on")),
        ("the summer of 2019", ("2019", "year", "on")),
        ("the 1990s", ("1990", "decade", "on")),
        ("in the '90s", ("1990", "decade", "on")),
    ],
)
def test_time_absolute_dates(text: str, expected: tuple[str, str, str]) -> None:
    assert norm(text) == expected
    assert norm(text, None) == expected  # a full date needs no anchor


def test_time_bare_year_stays_a_year() -> None:
    assert normalise_time("1967", published=PUBLISHED) == {
        "text": "1967",
        "value": "1967",
        "precision": "year",
        "relation": "on",
    }


def test_time_numeric_dates_through_dateparser() -> None:
    assert norm("20/05/2020") == ("2020-05-20", "day", "on")
    assert norm("5/20/2020") == ("2020-05-20", "day", "on")
    assert norm("20/05") is None  # no year: not read


# --------------------------------------------------------------------------- years left to the anchor


def test_time_weekday_with_date_in_brackets() -> None:
    assert norm("Wednesday (May 20th)") == ("2020-05-20", "day", "on")


def test_time_bare_weekday_is_most_recent_on_or_before_published() -> None:
    assert norm("Wednesday") == ("2020-05-20", "day", "on")
    assert norm("Thursday") == ("2020-05-21", "day", "on")  # the publication day itself
    assert norm("Friday") == ("2020-05-15", "day", "on")
    assert norm("last Thursday") == ("2020-05-14", "day", "on")
    assert norm("Wednesday night") == ("2020-05-20", "day", "on")


def test_time_month_day_is_past_or_same_in_published_year() -> None:
    assert norm("May 20th") == ("2020-05-20", "day", "on")
    assert norm("May 21") == ("2020-05-21", "day", "on")
    assert norm("May 25th") == ("2019-05-25", "day", "on")  # would be after publication
    assert norm("Sept. 3") == ("2019-09-03", "day", "on")


def test_time_weekday_that_fits_only_an_upcoming_date() -> None:
    assert norm("Friday, May 22") == ("2020-05-22", "day", "on")  # an announced event
    assert norm("Thursday (May 20th)") == ("2020-05-20", "day", "on")  # the date outranks the weekday


def test_time_month_is_most_recent_past_month() -> None:
    assert norm("in October") == ("2019-10", "month", "on")
    assert norm("in May") == ("2020-05", "month", "on")
    assert norm("last May") == ("2019-05", "month", "on")


# --------------------------------------------------------------------------- relative to publication


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("months ago", ("2020-05", "month", "before")),
        ("years ago", ("2020", "year", "before")),
        ("a few weeks ago", ("2020-05-21", "day", "before")),
        ("three months ago", ("2020-02", "month", "around")),
        ("two years ago", ("2018", "year", "around")),
        ("a decade ago", ("2010", "year", "around")),
        ("three days ago", ("2020-05-18", "day", "on")),
        ("last year", ("2019", "year", "on")),
        ("last month", ("2020-04", "month", "on")),
        ("yesterday", ("2020-05-20", "day", "on")),
        ("today", ("2020-05-21", "day", "on")),
        ("last night", ("2020-05-20", "day", "on")),
        ("last week", ("2020-05-14", "day", "around")),
        ("the last decade", ("2010", "decade", "around")),
        ("over the past three years", ("2017", "year", "after")),
        ("in recent years", ("2020", "year", "before")),
        ("earlier this month", ("2020-05", "month", "on")),
        ("this year", ("2020", "year", "on")),
        ("next week", ("2020-05-28", "day", "around")),
    ],
)
def test_time_relative_to_published(text: str, expected: tuple[str, str, str]) -> None:
    assert norm(text) == expected


def test_time_months_ago_invents_no_day() -> None:
    time = normalise_time("months ago", published=PUBLISHED)
    assert time is not None
    assert time["precision"] != "day"
    assert time["relation"] == "before"
    assert str(time["value"]).startswith("2020")


# --------------------------------------------------------------------------- relations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since 2014", ("2014", "year", "after")),
        ("after 2001", ("2001", "year", "after")),
        ("before 2010", ("2010", "year", "before")),
        ("prior to 2010", ("2010", "year", "before")),
        ("until early 2019", ("2019", "year", "before")),
        ("by the end of 2019", ("2019", "year", "before")),
        ("since last year", ("2019", "year", "after")),
        ("around 1967", ("1967", "year", "around")),
        ("from 2010 to 2014", ("2010", "year", "after")),
        ("between 2010 and 2014", ("2010", "year", "after")),
        ("2010-2014", ("2010", "year", "after")),
        ("2014-15", ("2014", "year", "after")),
    ],
)
def test_time_relation_words_and_ranges(text: str, expected: tuple[str, str, str]) -> None:
    assert norm(text) == expected


# --------------------------------------------------------------------------- no anchor


def test_time_without_published_keeps_what_the_text_says() -> None:
    assert norm("May 20th", None) == ("--05-20", "day", "on")
    assert norm("in October", None) == ("--10", "month", "on")
    assert norm("1967", None) == ("1967", "year", "on")
    assert "candidates" not in (normalise_time("May 20th", published=None) or {})


def test_time_without_published_weekday_lists_candidate_years() -> None:
    time = normalise_time("Wednesday (May 20th)", published=None)
    assert time is not None
    assert time["value"] == "--05-20"
    assert time["precision"] == "day"
    assert time["candidates"] == [1992, 1998, 2009, 2015, 2020, 2026]
    assert all(y in CANDIDATE_YEARS for y in time["candidates"])


def test_time_without_published_relative_has_no_value() -> None:
    assert norm("months ago", None) == (None, None, "before")
    assert norm("last year", None) == (None, None, "on")
    assert norm("three months ago", None) == (None, None, "around")
    assert norm("Wednesday", None) == (None, None, "on")


# --------------------------------------------------------------------------- not times


@pytest.mark.parametrize(
    "text",
    ["three years", "decades", "for months", "a year", "the age of 43,", "43 years old", "in his 20s",
     "that year", "the same day", "two days later", "5 p.m.", "the weekend"],
)  # fmt: skip
def test_time_durations_and_anaphora_are_not_times(text: str) -> None:
    assert normalise_time(text, published=PUBLISHED) is None


def test_time_bad_published_is_a_numbered_error() -> None:
    with pytest.raises(NewsgraphError, match="E012|not a date"):
        normalise_time("May 20th", published="21 May 2020")


def test_time_result_is_a_fresh_dict() -> None:
    first = normalise_time("Wednesday (May 20th)", published=None)
    assert first is not None
    first["candidates"].append(1)
    first["value"] = "changed"
    again = normalise_time("Wednesday (May 20th)", published=None)
    assert again is not None and again["value"] == "--05-20" and 1 not in again["candidates"]


def test_time_dateparser_is_imported_only_for_numeric_dates() -> None:
    code = (
        "import sys\n"
        "from newsgraph.extract.time import normalise_time\n"
        "normalise_time('Wednesday (May 20th)', published='2020-05-21')\n"
        "normalise_time('months ago', published='2020-05-21')\n"
        "assert 'dateparser' not in sys.modules\n"
        "normalise_time('20/05/2020', published='2020-05-21')\n"
        "assert 'dateparser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- sentences


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsgraph.nlp.model import load_model

    return load_model()


def times_of(nlp: Any, text: str, published: str | None = PUBLISHED) -> list[tuple[str, Any]]:
    doc = nlp(text)
    return [
        (span.text, time["value"])
        for sent in doc.sents
        for span, time in find_times(sent, published=published)
    ]


def test_time_find_joins_weekday_and_bracketed_date(nlp: Any) -> None:
    assert times_of(nlp, "Officials said Wednesday (May 20th) that he had been arrested.") == [
        ("Wednesday (May 20th)", "2020-05-20")
    ]


def test_time_find_widens_with_preposition_and_modifier(nlp: Any) -> None:
    assert times_of(nlp, "He was born in the town in 1967.") == [("in 1967", "1967")]
    assert times_of(nlp, "He has led the group since 2014.") == [("since 2014", "2014")]
    assert times_of(nlp, "Protests began in late 2019.") == [("in late 2019", "2019")]


def test_time_find_keeps_relative_and_drops_durations(nlp: Any) -> None:
    found = times_of(nlp, "He has fought for three years; three years ago he was arrested.")
    assert found == [("three years ago", "2017")]
    assert times_of(nlp, "Decades of war followed.") == []


def test_time_find_separates_announcement_from_event(nlp: Any) -> None:
    doc = nlp("The police said Wednesday the arrest took place months ago.")
    (sent,) = list(doc.sents)
    found = {span.text: time for span, time in find_times(sent, published=PUBLISHED)}
    assert found["Wednesday"]["value"] == "2020-05-20"
    assert found["months ago"]["relation"] == "before"


def test_time_find_without_published(nlp: Any) -> None:
    doc = nlp("Officials said Wednesday (May 20th) that he had been arrested.")
    ((span, time),) = [pair for sent in doc.sents for pair in find_times(sent, published=None)]
    assert time["value"] == "--05-20" and 2020 in time["candidates"]


def test_time_find_sentence_without_dates_is_empty(nlp: Any) -> None:
    doc = nlp("The man walked into the room and sat down near the window.")
    assert [find_times(sent, published=PUBLISHED) for sent in doc.sents] == [[]]
