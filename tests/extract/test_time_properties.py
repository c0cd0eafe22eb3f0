"""Property tests of the time normalisers: for any text and any anchor date, no exception escapes.

The texts are drawn from the normalisers' own word lists (months, units, numbers, directions,
holidays ...) mixed with numbers, years, punctuation and arbitrary characters, so that the
examples reach the readers' deeper branches; the anchors are any date from year 1 to 9999.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.time import normalise_time, shift_time
from newsgraph.extract.timex_value import normalise_timex
from newsgraph.schema import TimeJSON


def _vocabulary_words() -> list[str]:
    words: set[str] = set()
    for name in ("time_vocabulary.json", "timex_vocabulary.json"):
        data = json.loads(resources.files("newsgraph").joinpath("data", name).read_text(encoding="utf-8"))
        for key, value in data.items():
            if key.startswith("_"):
                continue
            words.update(
                value if isinstance(value, list) else value.keys() if isinstance(value, dict) else []
            )
    return sorted(w for w in words if isinstance(w, str))


WORDS = _vocabulary_words()
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=99).map(str),
    st.integers(min_value=0, max_value=99_999).map(str),
    st.integers(min_value=0, max_value=99).map(lambda n: f"'{n:02d}s"),
    st.integers(min_value=0, max_value=9999).map(lambda n: f"{n}s"),
    st.integers(min_value=0, max_value=40).map(lambda n: f"{n}th"),
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 9999)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]}"
    ),
    st.tuples(st.integers(0, 9999), st.integers(0, 40), st.integers(0, 40)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
)
PIECES = st.one_of(
    st.sampled_from(WORDS),
    NUMBERS,
    st.sampled_from(["-", "–", "(", ")", ",", ".", "'", "/", ":", "a.m.", "p.m."]),
    st.text(max_size=6),
)
TEXTS = st.one_of(
    st.lists(PIECES, min_size=1, max_size=8).map(" ".join),
    st.lists(PIECES, min_size=1, max_size=8).map("".join),
    st.text(max_size=40),
)
ANCHORS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
PUBLISHED = st.one_of(st.none(), ANCHORS.map(date.isoformat))
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_time(found: Any) -> None:
    assert found is None or isinstance(found, dict)


@PROPERTY
@given(text=TEXTS, published=PUBLISHED)
def test_time_normalise_time_never_raises(text: str, published: str | None) -> None:
    found = normalise_time(text, published=published)
    _is_time(found)
    if found is not None:
        assert found["value"] is None or isinstance(found["value"], str)


@PROPERTY
@given(text=TEXTS, published=PUBLISHED, tense=st.sampled_from([-1, 0, 1]), reference=PUBLISHED)
def test_time_normalise_timex_never_raises(
    text: str, published: str | None, tense: int, reference: str | None
) -> None:
    timex = normalise_timex(text, published=published, tense=tense, reference=reference)
    assert timex is None or timex.value is None or isinstance(timex.value, str)


@PROPERTY
@given(
    text=TEXTS,
    value=st.one_of(
        st.none(), ANCHORS.map(date.isoformat), ANCHORS.map(lambda d: d.isoformat()[:7]), st.text(max_size=12)
    ),
    later=st.booleans(),
)
def test_time_shift_time_never_raises(text: str, value: str | None, later: bool) -> None:
    reference: TimeJSON = {"text": "", "value": value, "precision": "day", "relation": "on"}
    _is_time(shift_time(text, reference, later=later))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(st.one_of(st.sampled_from(WORDS), NUMBERS), min_size=1, max_size=12), published=PUBLISHED
)
def test_time_pipeline_times_never_raise(nlp: Any, words: list[str], published: str | None) -> None:
    """Every temporal expression of a parsed sentence, through the whole pipeline (`ng_times`, the
    facts' and events' times) against any publication date."""
    from newsgraph.document import Document
    from newsgraph.pipeline import extract_documents

    text = "Officials said " + " ".join(words) + " that the bridge was closed."
    errors: list[Any] = []
    results = list(
        extract_documents([Document.create(text, published=published)], nlp=nlp, on_error=errors.append)
    )
    assert not errors, errors
    assert len(results) == 1
