"""The vocabulary of the title, place and group fact rules, as data.

``data/titles.json``: title words and what they say about the organisation or
country named with them, military ranks, the words a title phrase may hold, place
nouns and compass words, group nouns. ``data/demonyms.json``: nationality words
-> the country's name (every country), and short country names the gazetteer
does not index. Both are read by the package's vocabulary loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import load_vocabulary


@dataclass(frozen=True, slots=True)
class TitleVocabulary:
    title_heads: dict[str, str]  # "prime minister" -> position_held
    rank_words: dict[str, str]  # "capt." -> captain
    title_modifiers: frozenset[str]  # words a title may hold inside a name span ("Special Agent X")
    ministry_words: frozenset[str]
    place_nouns: frozenset[str]  # "the city of X", "a ... capital in Y"
    region_suffixes: frozenset[str]  # "in Y province"
    directions: frozenset[str]  # "in northern Y"
    locating_verbs: frozenset[str]  # "X, also called Q in Y", "X, located in Y"
    group_nouns: frozenset[str]  # "O nations include A, B and C"
    include_lemmas: frozenset[str]
    member_nouns: frozenset[str]  # lemmas: "O fighters" are members of O
    origin_prepositions: frozenset[str]  # "a student from Y"


@dataclass(frozen=True, slots=True)
class Demonyms:
    demonyms: dict[str, str]  # "kazakh" -> Kazakhstan
    country_aliases: dict[str, str]  # "britain" -> United Kingdom


def load_titles() -> TitleVocabulary:
    return load_vocabulary(TitleVocabulary, "titles.json")


def load_demonyms() -> Demonyms:
    return load_vocabulary(Demonyms, "demonyms.json")


_PUNCT = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """Lower case, punctuation and invisible marks to single spaces: "U.S." -> "u s"."""
    return _PUNCT.sub(" ", text.lower()).strip()
