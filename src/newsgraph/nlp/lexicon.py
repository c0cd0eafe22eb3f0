"""The general vocabulary (titles, particles, cue words, trigger phrases) as data.

Loaded once from ``newsgraph/data/lexicon.json``; code never branches on long
lists of literal strings (followthemoney's habit: vocabulary is data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    person_titles: frozenset[str]
    person_particles: frozenset[str]
    name_connectors: frozenset[str]
    org_heads: frozenset[str]
    place_of_cues: frozenset[str]
    place_suffix_cues: frozenset[str]
    locative_prepositions: frozenset[str]
    reporting_verbs: frozenset[str]
    media_cue_verbs: frozenset[str]
    alias_triggers: dict[str, tuple[str, ...]]
    not_same_triggers: tuple[str, ...]
    person_descriptions: frozenset[str]
    org_descriptions: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    acronym_stopwords: frozenset[str]
    hedges: tuple[str, ...]
    group_nouns: frozenset[str]
    allcaps_nonnames: frozenset[str]
    metonymy_exclude_verbs: frozenset[str]
    agentive_prepositions: frozenset[str]
    generic_org_modifiers: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = json.loads(resources.files("newsgraph.data").joinpath("lexicon.json").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[key])

    return Lexicon(
        person_titles=words("person_titles"),
        person_particles=words("person_particles"),
        name_connectors=words("name_connectors"),
        org_heads=words("org_heads"),
        place_of_cues=words("place_of_cues"),
        place_suffix_cues=words("place_suffix_cues"),
        locative_prepositions=words("locative_prepositions"),
        reporting_verbs=words("reporting_verbs"),
        media_cue_verbs=words("media_cue_verbs"),
        alias_triggers={kind: tuple(v) for kind, v in raw["alias_triggers"].items()},
        not_same_triggers=tuple(raw["not_same_triggers"]),
        person_descriptions=words("person_descriptions"),
        org_descriptions=words("org_descriptions"),
        person_pronouns=frozenset(raw["pronouns"]["person"]),
        plural_pronouns=frozenset(raw["pronouns"]["plural"]),
        neuter_pronouns=frozenset(raw["pronouns"]["neuter"]),
        acronym_stopwords=words("acronym_stopwords"),
        hedges=tuple(raw["hedges"]),
        group_nouns=words("group_nouns"),
        allcaps_nonnames=frozenset(raw["allcaps_nonnames"]),
        metonymy_exclude_verbs=words("metonymy_exclude_verbs"),
        agentive_prepositions=words("agentive_prepositions"),
        generic_org_modifiers=words("generic_org_modifiers"),
    )
