"""Stage 4: identity statements that name an alias ("whose real name is Y", "also known as Y").

The name after the phrase becomes an alias mention of the mention before it in the
sentence, so that it is carried on that entity instead of becoming a second one;
mentions the alias overlaps are dropped. The identity component later turns the
alias mentions into ``alias`` facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..spans import OPEN_QUOTES, lower_words, read_name
from .mentions import PATTERN, Mention


@dataclass(frozen=True, slots=True)
class AliasTriggers:
    """The lexicon's alias phrases as word tuples, longest first, with their kinds."""

    phrases: tuple[tuple[tuple[str, ...], str], ...]
    first_words: frozenset[str]

    @classmethod
    def from_lexicon(cls, lex: Lexicon) -> AliasTriggers:
        phrases = sorted(
            ((tuple(p.lower().split()), kind) for kind, ps in lex.alias_triggers.items() for p in ps),
            key=lambda x: -len(x[0]),
        )
        return cls(tuple(phrases), frozenset(phrase[0] for phrase, _kind in phrases))


def read_aliases(
    doc: Doc, mentions: list[Mention], *, lex: Lexicon, triggers: AliasTriggers
) -> list[Mention]:
    """The mentions less those an alias name overlaps, followed by the alias mentions."""
    lows = lower_words(doc)
    if not any(word in triggers.first_words for word in lows):
        return list(mentions)
    kept = list(mentions)
    aliases: list[Mention] = []
    resume = 0
    for i in range(len(doc)):
        if i < resume or lows[i] not in triggers.first_words:
            continue
        for phrase, kind in triggers.phrases:
            if tuple(lows[i : i + len(phrase)]) != phrase:
                continue
            j = i + len(phrase)
            while j < len(doc) and (doc[j].lower_ in lex.alias_name_openers or doc[j].text in OPEN_QUOTES):
                j += 1
            end = read_name(doc, j, lex, sent_end=doc[i].sent.end)
            if end == j:
                break
            subject = _alias_subject(doc, kept, i)
            if subject is None:
                break
            for other in list(kept):
                if other is not subject and other.start < end and j < other.end:
                    kept.remove(other)
            aliases.append(
                Mention(j, end, subject.label, PATTERN, "alias_" + kind, alias_kind=kind, alias_of=subject)
            )
            resume = end
            break
    return kept + aliases


def _alias_subject(doc: Doc, mentions: list[Mention], i: int) -> Mention | None:
    """The mention an alias phrase at token i speaks of: the last one before it in the sentence."""
    sent = doc[i].sent
    before = [m for m in mentions if sent.start <= m.start and m.end <= i and m.acronym_of is None]
    if not before:
        return None
    return max(before, key=lambda m: m.end)
