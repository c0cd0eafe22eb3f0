"""The general vocabulary (titles, particles, cue words, trigger phrases) as data.

Read once from ``newsgraph/data/lexicon.json`` by the package's one vocabulary
loader (``newsgraph.vocab``); code never branches on long lists of literal strings
(followthemoney's habit: vocabulary is data). Words are lower case, bar
``allcaps_nonnames`` and the phrases, which are matched as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import load_vocabulary


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
    alias_name_openers: frozenset[str]  # between an alias phrase and the name: "is", ":"
    not_same_triggers: tuple[str, ...]
    person_descriptions: frozenset[str]
    org_descriptions: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    acronym_stopwords: frozenset[str]
    hedges: tuple[str, ...]
    group_nouns: frozenset[str]
    collective_agents: frozenset[str]  # unnamed groups that act: "police", "security services"
    collective_light_verbs: frozenset[str]  # "police are ...": no action, no group entity
    allcaps_nonnames: frozenset[str]
    metonymy_exclude_verbs: frozenset[str]
    agentive_prepositions: frozenset[str]
    generic_org_modifiers: frozenset[str]
    meeting_heads: frozenset[str]  # a named meeting is an organised body, not a place: "... Summit"
    document_heads: frozenset[str]  # a named agreement or plan is no entity: "... Framework Agreement"
    place_heads: frozenset[str]  # a named building or structure is a place: "the Korvik Gate"
    place_classifiers: frozenset[str]  # a geographic word naming a place: "Fort Korvik", "the river Korvik"
    portfolio_words: frozenset[str]  # a title's portfolio, not an organisation: "Finance Minister"


def load_lexicon() -> Lexicon:
    """The shared lexicon (cached by the loader)."""
    return load_vocabulary(Lexicon, "lexicon.json")
