"""The publication date a report states at its head, and where a document's date came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.document import Document
from newsgraph.ingest import iter_documents
from newsgraph.ingest.dateline import dateline_date

BODY = "Police said two men were arrested on Friday in connection with the robbery at the bank."

STATED = {
    "weekday_day_month_year_time": ("Wed 05 Apr 2017 10.12 BST\n" + BODY, "2017-04-05"),
    "wire_dateline": ("KORVIK, May 20, 2020 (Wire) - " + BODY, "2020-05-20"),
    "labelled": ("Published: 21 May 2020\nTwo held after bank robbery\n" + BODY, "2020-05-21"),
    "labelled_iso_timestamp": ("Updated 2020-05-21T10:00Z\n" + BODY, "2020-05-21"),
    "place_in_capitals_and_iso": ("ROBBERY - TWO HELD.\nKORVIK 1996-08-31\n" + BODY, "1996-08-31"),
    "weekday_month_day_year_line": ("Thursday, May 21, 2020\n" + BODY, "2020-05-21"),
}

NOT_STATED = {
    "dateline_without_year": "KORVIK, May 20 (Wire) - " + BODY,
    "date_in_running_prose": "On 5 May 2019 troops entered the town of Korvik and arrested the mayor.",
    "date_in_second_paragraph": "Troops enter Korvik\n\nOn 5 May 2019, troops entered the town.",
    "date_in_a_headline": "Troops Enter Korvik on 5 May 2019",
    "dash_dateline_date_later": "KORVIK — Police arrested two men on 3 June 2014 after a raid.",
    "impossible_date": "Published: 31 February 2020\n" + BODY,
}


@pytest.mark.parametrize("name", sorted(STATED))
def test_dateline_reads_a_stated_publication_date(name: str) -> None:
    text, expected = STATED[name]
    assert dateline_date(text) == expected


@pytest.mark.parametrize("name", sorted(NOT_STATED))
def test_dateline_never_guesses(name: str) -> None:
    assert dateline_date(NOT_STATED[name]) is None


def test_dateline_text_file_records_where_its_date_came_from(tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text("KORVIK, May 20, 2020 (Wire) - " + BODY, encoding="utf-8")
    undated = tmp_path / "undated.txt"
    undated.write_text(BODY, encoding="utf-8")
    first, second = iter_documents([str(dated), str(undated)])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.published, first.published_from) == ("2020-05-20", "dateline")
    assert (second.published, second.published_from) == (None, None)


def test_dateline_the_input_date_wins_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("KORVIK, May 20, 2020 (Wire) - " + BODY, encoding="utf-8")
    (document,) = iter_documents([str(path)], published="2020-05-22")
    assert isinstance(document, Document)
    assert (document.published, document.published_from) == ("2020-05-22", "input")


def test_dateline_jsonl_date_is_the_input_date(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "a", "text": BODY, "published": "2021-01-02"},
        {"id": "b", "text": "Published: 3 Jan 2021\n" + BODY},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    first, second = iter_documents([str(path)])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.published_from, second.published_from) == ("input", "dateline")
    assert second.published == "2021-01-03"


def test_dateline_html_date_is_the_page_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    paragraph = f"<p>{BODY} The bank reopened on Monday and has offered a reward for information.</p>"
    path.write_text(
        '<html><head><meta property="article:published_time" content="2021-03-04T10:00:00Z">'
        "<title>Two held</title></head>"
        f"<body><article><h1>Two held</h1>{paragraph * 3}</article></body></html>",
        encoding="utf-8",
    )
    (document,) = iter_documents([str(path)])
    assert isinstance(document, Document)
    assert (document.published, document.published_from) == ("2021-03-04", "metadata")
