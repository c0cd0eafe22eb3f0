"""Time expressions -> the TIME object of SCHEMA.md, anchored on the publication date.

The package reads in three steps: ``reading`` turns an expression into what it
states (a `Reading`: year, month, weekday, unit, direction ...) with the word lists
of ``data/time_vocabulary.json`` (``vocabulary``); ``anchoring`` places a reading on
the calendar relative to the publication date; ``normalise`` joins them, caches
the results and finds the expressions of a sentence.

`normalise_time(text, published=...)` reads one time expression ("Wednesday (May 20th)",
"in October", "months ago", "since 2014") and returns `{"text", "value", "precision",
"relation"}`; `find_times(sent, published=...)` finds the expressions of one sentence.

The rules, and why (honesty first: a value never says more than the text does):

* `value` is ISO 8601 cut to `precision`: day `2020-05-20`, month `2019-10`, year `1967`.
  A decade is written as its first year with precision "decade" (`2010` = the 2010s), so
  that a reader which only knows years still reads a valid year and a prefix test
  (`"2010".startswith("201")`) still works.
* `relation` says how the thing stands to `value`: "on" (within it), "before", "after",
  "around" (an approximate date: "three months ago", "last week").
* A bare year stays a year, a month stays a month; no day or month is invented.
* Years the text leaves open come from `published`: "May 20th" is the past-or-same May 20
  (the year before when it would fall after publication), "in October" the most recent
  October, "Wednesday" the most recent Wednesday on or before publication.
* Vague distances keep only what they say: "months ago" is before the publication month
  (`2020-05`, relation "before"), "years ago" before the publication year. Counted
  distances are approximate: "three months ago" is `2020-02`, relation "around".
* "the last decade" is the decade around five years before publication, relation "around"
  (2020-05-21 -> `2010`, the 2010s); "the past three years" is "after" 2017.
* A range ("from 2010 to 2014", "2010-2014") keeps its start, relation "after".
* With no publication date, a date whose year is open keeps only what the text says:
  `--05-20` (day) or `--10` (month), plus `candidates`, the years in 1990-2035 that agree
  with a stated weekday; expressions relative to the publication ("last year", "months
  ago", a bare weekday) get value and precision None.
* Expressions with no anchor at all ("three years", "decades", "the same day", "that
  year", "the age of 43") are not times: `normalise_time` returns None.

dateparser (imported lazily, one parser per anchor) reads only the all-numeric dates
("20/05/2020", "2020/05/20"), whose field order it knows by locale. It is not used for the
rest: it returns None for "months ago" and "since 2014", invents a month and day for
"1967", and reads "the 2010s" as a clock time. Results are cached per (text, anchor).
"""

from __future__ import annotations

from .anchoring import CANDIDATE_YEARS
from .normalise import find_times, normalise_time
from .relative import shift_time

__all__ = ["CANDIDATE_YEARS", "find_times", "normalise_time", "shift_time"]
