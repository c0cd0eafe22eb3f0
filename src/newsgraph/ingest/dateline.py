"""The publication date a report states at its head, for inputs that carry none.

Only the head of the text is read, and only dates written the way a publication
line writes them: a labelled date ("Published: 21 May 2020", "Updated 2020-05-21"),
a dateline before the dash of the first paragraph ("KORVIK, May 20, 2020 (Wire) -"),
or a short line that holds a full date and little else ("Wed 05 Apr 2017 10.12 BST").
A date needs its year: a dateline that gives only a month and a day ("KORVIK, May 20
(Wire) -") says nothing about the year, so no date is taken from it. A date in
running prose ("On 5 May 2019 troops entered ...") is an event's date, not the
report's, and is never read as one.
"""

from __future__ import annotations

import datetime as dt
import re

HEAD_CHARS = 400  # a dateline sits in the first lines
SHORT_LINE = 80  # a line this short that holds a full date is a date line
MAX_PLACE_WORDS = 3  # "NORTH KORVIK 2020-05-21": a place in capitals may stand before the date
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
)
LABEL = re.compile(
    r"\b(?:published|updated|posted|date[d]?|released|issued)\s*(?:on|at)?\s*:?\s*$", re.IGNORECASE
)
DATELINE_END = re.compile(r"^\s*(?:\([^()\n]{1,40}\)\s*)?[-\u2013\u2014]")  # "(Wire) -", " —"
_WORD = re.compile(r"[^\W\d_]{2,}")
DATE_WORDS = frozenset(
    {*MONTHS, "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"am", "pm", "gmt", "utc", "bst", "est", "edt", "cet", "cest", "local", "time", "at", "on", "last"}
    | {"published", "updated", "posted", "date", "dated", "released", "issued"}
)


def dateline_date(text: str) -> str | None:
    """The YYYY-MM-DD publication date the head of the text states, or None."""
    head = text[:HEAD_CHARS]
    for line_start, line in _lines(head):
        for form in DATE_FORMS:
            for match in form.finditer(line):
                date = _date(match)
                if date is not None and _is_publication_date(line, match):
                    return date
        if line_start > 0 and len(line) > SHORT_LINE * 2:
            break  # past the first paragraph of prose: no dateline further down
    return None


def _lines(head: str) -> list[tuple[int, str]]:
    lines, start = [], 0
    for line in head.split("\n"):
        if line.strip():
            lines.append((start, line))
        start += len(line) + 1
    return lines


def _date(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def _is_publication_date(line: str, match: re.Match[str]) -> bool:
    """The date is labelled, ends a dateline, or fills a short line of date words."""
    if LABEL.search(line[: match.start()]):
        return True
    before = line[: match.start()]
    if (
        DATELINE_END.match(line[match.end() :])
        and len(before) <= SHORT_LINE
        and not before.rstrip().endswith(".")
    ):
        return True
    if len(line.strip()) <= SHORT_LINE:
        after = _WORD.findall(line[match.end() :])
        place = [word for word in _WORD.findall(before) if word.lower() not in DATE_WORDS]
        return all(word.lower() in DATE_WORDS for word in after) and _is_dateline_place(place)
    return False


def _is_dateline_place(words: list[str]) -> bool:
    """Nothing but date words before the date, or a place in capitals ("KORVIK 2020-05-21")."""
    return len(words) <= MAX_PLACE_WORDS and all(word.isupper() for word in words)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ]|$)")


def iso_date(value: object) -> str | None:
    """The YYYY-MM-DD of an ISO 8601 date or timestamp ("2021-03-04", "2021-03-04T10:00:00Z").

    None for anything else: a day that does not exist ("2021-02-30"), a time that does
    not ("2021-03-04T25:00"), words ("yesterday"), numbers and other JSON values.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ISO_DAY.match(text):
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
        if len(text) > 10:
            dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return day.isoformat()
