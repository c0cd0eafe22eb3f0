"""The words of English time expressions, as data (``data/time_vocabulary.json``)."""

from __future__ import annotations

from dataclasses import dataclass

from ...vocab import load_vocabulary


@dataclass(frozen=True, slots=True)
class TimeVocabulary:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, int]
    numbers: dict[str, int]
    vague_quantities: frozenset[str]
    units: dict[str, str]
    day_parts: frozenset[str]
    deictic_days: dict[str, int]
    direction_words: dict[str, str]
    anaphoric_words: frozenset[str]
    age_words: frozenset[str]
    relation_phrases: tuple[tuple[str, str], ...]  # (phrase, relation), longest phrase first
    range_separators: tuple[str, ...]
    range_openers: frozenset[str]
    absorb_before: frozenset[str]
    absorb_after: frozenset[str]
    caption_nouns: frozenset[str]  # a date of "this photo released, May 27" belongs to the picture
    caption_verbs: frozenset[str]
    caption_markers: frozenset[str]  # a caption sentence opens "FILE - ..."

    def __post_init__(self) -> None:
        longest_first = tuple(sorted(self.relation_phrases, key=lambda item: -len(item[0])))
        object.__setattr__(self, "relation_phrases", longest_first)


def load_time_vocabulary() -> TimeVocabulary:
    """The shared time vocabulary (cached by the loader)."""
    return load_vocabulary(TimeVocabulary, "time_vocabulary.json")
