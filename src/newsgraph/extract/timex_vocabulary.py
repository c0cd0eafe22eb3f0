"""The word lists of temporal expressions, loaded once from ``data/timex_vocabulary.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["TimexVocabulary", "load_timex_vocabulary"]


@dataclass(frozen=True, slots=True)
class TimexVocabulary:
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_plurals: dict[str, int]
    seasons: dict[str, str]
    season_start_months: dict[str, int]
    numbers: dict[str, float]
    multipliers: dict[str, int]
    ordinals: dict[str, int]
    vague_quantities: frozenset[str]
    units: dict[str, str]
    unit_adjectives: frozenset[str]
    unit_words_kept_alone: frozenset[str]
    decade_words: dict[str, int]
    day_parts: dict[str, str]
    clock_words: dict[str, str]
    meridiems: dict[str, int]
    deictic_days: dict[str, int]
    references: dict[str, str]
    reference_triggers: tuple[tuple[str, ...], ...]  # longest first
    set_adverbs: dict[str, str]
    set_triggers: frozenset[str]
    set_quantifiers: frozenset[str]
    set_rates: frozenset[str]
    directions: dict[str, int]
    anaphoric_directions: frozenset[str]
    anaphoric_same: frozenset[str]
    latest_words: frozenset[str]
    shift_words: dict[str, int]
    position_words: frozenset[str]
    fiscal_words: frozenset[str]
    weekend_words: frozenset[str]
    leading_prepositions: frozenset[str]
    leading_conjunctions: frozenset[str]
    determiners: frozenset[str]
    cycle_quantifiers: frozenset[str]
    cycle_counts: frozenset[str]
    rate_cues: frozenset[str]
    duration_prepositions: frozenset[str]
    kept_modifiers: frozenset[str]
    trailing_drop: frozenset[str]
    age_words: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    future_cues: tuple[str, ...]
    range_joiners: frozenset[str]
    period_verbs: frozenset[str]
    holidays: dict[tuple[str, ...], dict[str, int]]  # by words (words_of)
    period_words: frozenset[str]
    period_qualifiers: frozenset[str]
    range_openers: frozenset[str]


def _words(name: str) -> tuple[str, ...]:
    """A name split as `timex_parse.words_of` splits text ("new year's day" -> new, year, 's, day)."""
    return tuple(name.replace("'s", " 's").split())


@lru_cache(maxsize=1)
def load_timex_vocabulary() -> TimexVocabulary:
    """The vocabulary (parsed once per process)."""
    text = resources.files("newsgraph.data").joinpath("timex_vocabulary.json").read_text("utf-8")
    raw: dict[str, Any] = json.loads(text)
    triggers = sorted((tuple(p.split()) for p in raw["reference_triggers"]), key=lambda p: -len(p))
    return TimexVocabulary(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        weekday_plurals=dict(raw["weekday_plurals"]),
        seasons=dict(raw["seasons"]),
        season_start_months=dict(raw["season_start_months"]),
        numbers={k: float(v) for k, v in raw["numbers"].items()},
        multipliers=dict(raw["multipliers"]),
        ordinals=dict(raw["ordinals"]),
        vague_quantities=frozenset(raw["vague_quantities"]),
        units=dict(raw["units"]),
        unit_adjectives=frozenset(raw["unit_adjectives"]),
        unit_words_kept_alone=frozenset(raw["unit_words_kept_alone"]),
        decade_words=dict(raw["decade_words"]),
        day_parts=dict(raw["day_parts"]),
        clock_words=dict(raw["clock_words"]),
        meridiems=dict(raw["meridiems"]),
        deictic_days=dict(raw["deictic_days"]),
        references=dict(raw["references"]),
        reference_triggers=tuple(triggers),
        set_adverbs=dict(raw["set_adverbs"]),
        set_triggers=frozenset(raw["set_triggers"]),
        set_quantifiers=frozenset(raw["set_quantifiers"]),
        set_rates=frozenset(raw["set_rates"]),
        directions=dict(raw["directions"]),
        anaphoric_directions=frozenset(raw["anaphoric_directions"]),
        anaphoric_same=frozenset(raw["anaphoric_same"]),
        latest_words=frozenset(raw["latest_words"]),
        shift_words=dict(raw["shift_words"]),
        position_words=frozenset(raw["position_words"]),
        fiscal_words=frozenset(raw["fiscal_words"]),
        weekend_words=frozenset(raw["weekend_words"]),
        leading_prepositions=frozenset(raw["leading_prepositions"]),
        leading_conjunctions=frozenset(raw["leading_conjunctions"]),
        determiners=frozenset(raw["determiners"]),
        cycle_quantifiers=frozenset(raw["cycle_quantifiers"]),
        cycle_counts=frozenset(raw["cycle_counts"]),
        rate_cues=frozenset(raw["rate_cues"]),
        duration_prepositions=frozenset(raw["duration_prepositions"]),
        kept_modifiers=frozenset(raw["kept_modifiers"]),
        trailing_drop=frozenset(raw["trailing_drop"]),
        age_words=frozenset(raw["age_words"]),
        future_auxiliaries=frozenset(raw["future_auxiliaries"]),
        future_verbs=frozenset(raw["future_verbs"]),
        future_cues=tuple(raw["future_cues"]),
        range_joiners=frozenset(raw["range_joiners"]),
        period_verbs=frozenset(raw["period_verbs"]),
        holidays={_words(name): dict(rule) for name, rule in raw["holidays"].items()},
        period_words=frozenset(raw["period_words"]),
        period_qualifiers=frozenset(raw["period_qualifiers"]),
        range_openers=frozenset(raw["range_openers"]),
    )
