"""The vocabulary of the fact and event extractors, as data (``data/patterns.json``).

Trigger words and the event types they signal, titles and the predicates they
signal, the prepositions that name an event's roles, cue verbs and phrases. Read
by the package's one vocabulary loader (``newsgraph.vocab``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import load_vocabulary

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Patterns:
    title_predicates: dict[str, str]
    member_adjectives: frozenset[str]
    role_nouns: frozenset[str]
    birth_lemmas: frozenset[str]
    residence_lemmas: frozenset[str]
    leadership_nouns: frozenset[str]
    leadership_verbs: frozenset[str]
    lead_verbs: frozenset[str]
    position_nouns: frozenset[str]
    position_verbs: frozenset[str]
    event_triggers: dict[str, tuple[str, str | None]]  # word or lemma -> (type, mode)
    verbal_only_triggers: frozenset[str]
    nominal_only_triggers: frozenset[str]
    mode_context: dict[str, tuple[str, ...]]
    commander_verbs: frozenset[str]
    participation_phrases: tuple[Phrase, ...]  # longest first
    partner_phrases: tuple[Phrase, ...]  # longest first
    place_prepositions: frozenset[str]
    negators: frozenset[str]
    denial_verbs: frozenset[str]
    needs_person_target: frozenset[str]
    thing_objects: frozenset[str]
    death_lemmas: frozenset[str]
    happen_verbs: frozenset[str]  # "the arrest took place ...": the event's own time and place
    relative_pronouns: frozenset[str]
    harm_event_types: frozenset[str]  # types whose nominal "of X" / "X's" is the target
    verbal_preposition_roles: dict[str, str]  # "arrested with X" -> partner
    verbal_preposition_roles_by_type: dict[str, dict[str, str]]  # ... overridden per event type
    nominal_harm_preposition_roles: dict[str, str]  # "the arrest of X" -> target
    nominal_preposition_roles: dict[str, str]  # "the talks with X" -> participant
    pass_through_verbs: frozenset[str]  # "used <event>": look further up for a commander
    no_actor_verbs: frozenset[str]  # "involved <event>": its subject is not the actor
    perform_verbs: frozenset[str]  # "X conducted strikes": the subject of these verbs acts the event noun
    context_triggers: dict[str, tuple[str, str | None]]  # "died": an event only beside violence words
    violence_words: frozenset[str]
    law_enforcement_triggers: dict[str, tuple[str, str | None]]  # "police raids": COERCE, not ASSAULT
    law_enforcement_words: frozenset[str]
    negated_triggers: dict[str, tuple[str, str | None]]  # "pleaded not guilty": REJECT
    custody_verbs: frozenset[str]  # "held in a federal prison", "ordered X held until trial": COERCE
    custody_places: dict[str, frozenset[str]]  # preposition -> the nouns that make "held" custody
    court_state_verbs: frozenset[str]  # "X awaits trial", "X faces charges": X is the target
    court_state_objects: dict[str, tuple[str, str | None]]  # ... their object -> (type, mode)
    speech_event_types: frozenset[str]  # "I commend X" in a quotation: the speaker acts
    capture_contexts: dict[str, frozenset[str]]  # "was found hiding in a boat": COERCE/arrest
    hedge_heads: frozenset[str]  # "accused of <event>", "suspected of <event>"
    hedge_modifiers: frozenset[str]  # "the suspected bombers", "allegedly killed"
    hedge_modals: frozenset[str]  # "may have killed"
    title_prepositions: frozenset[str]  # "wali of A", "deputy to Y": the title's object
    leadership_prepositions: frozenset[str]  # "the leadership of O", "control over O"
    # Derived word gates (not in the file): the tokens a rule can start from, so that a rule
    # visits only those (``spans.positions``) instead of every token of every sentence.
    trigger_lemmas: frozenset[str] = field(init=False)  # lemmas that may start an event
    trigger_words: frozenset[str] = field(init=False)  # lower-case words that may start one
    life_lemmas: frozenset[str] = field(init=False)  # birth and death verbs
    title_words: frozenset[str] = field(init=False)  # "wali", "deputy", "mayor"

    def __post_init__(self) -> None:
        gates = {
            "trigger_lemmas": frozenset(self.event_triggers)
            | frozenset(self.context_triggers)
            | self.custody_verbs
            | self.court_state_verbs
            | frozenset(self.capture_contexts),
            "trigger_words": frozenset(self.event_triggers),
            "life_lemmas": self.birth_lemmas | self.death_lemmas,
            "title_words": frozenset(self.title_predicates),
        }
        for name, words in gates.items():
            object.__setattr__(self, name, words)
        for name in ("participation_phrases", "partner_phrases"):
            phrases: tuple[Phrase, ...] = getattr(self, name)
            object.__setattr__(self, name, tuple(sorted(phrases, key=lambda p: -len(p))))


def load_patterns() -> Patterns:
    """The shared patterns (cached by the loader)."""
    return load_vocabulary(Patterns, "patterns.json")
