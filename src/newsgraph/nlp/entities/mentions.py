"""The records the entity stages pass on, and the small name helpers they share.

A `Mention` is a typed token range with the strength of the evidence behind its
type and the rule that gave it; stages never change one in place, they return new
ones (``dataclasses.replace``). Mentions from patterns (strength ``PATTERN``) are
never re-typed, so an acronym's link to its full name stays valid through every
stage. An `Entity` is a cluster of mentions with the aliases it is known by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..lexicon import Lexicon
from ..names import fold
from ..spans import HYPHENS, doc_memo, is_format

NER_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
}
TYPES = ("PERSON", "ORG", "PLACE")
# Strength of the evidence behind a mention's type: patterns beat rules beat the NER.
PATTERN, RULE, NER = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str
    strength: int
    rule: str
    alias_kind: str | None = None  # set when the mention is an alias phrase of another mention
    alias_of: Mention | None = None
    acronym_of: Mention | None = None
    state: bool = False  # a country named as its state acting ("Norland sent troops"); still a PLACE


@dataclass(frozen=True, slots=True)
class Entity:
    label: str
    mentions: tuple[Mention, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # (alias text, kind), first statement first


def m_text(doc: Any, m: Mention) -> str:
    return str(doc[m.start : m.end].text)


def surface(doc: Any, m: Mention) -> str:
    return fold(m_text(doc, m))


def name_tokens(doc: Any, m: Mention, lex: Lexicon) -> tuple[str, ...]:
    """The words of a name, folded, without hyphens, connectors and format characters:
    "al-Tawili" -> ("tawili",). A capitalised connector that opens a name of two
    words is a given name: "Al Brenner" -> ("al", "brenner")."""
    memo = doc_memo(doc)
    key = ("name_tokens", m.start, m.end, id(lex))
    if key not in memo:
        memo[key] = tuple(fold(t.text) for t in _name_words(doc[m.start : m.end], lex))
    words: tuple[str, ...] = memo[key]
    return words


def _name_words(tokens: Any, lex: Lexicon) -> list[Any]:
    words = [t for t in tokens if t.text not in HYPHENS and not is_format(t)]
    first = words[0] if words else None
    given = (
        len(words) == 2
        and first is not None
        and first.text[:1].isupper()
        and bool(first.whitespace_)
        and first.lower_ not in lex.person_particles  # "Abu Kovar" is still the "Kovar" of "Aren Abu Kovar"
    )
    return [t for k, t in enumerate(words) if t.lower_ not in lex.name_connectors or (given and k == 0)]


def surname(doc: Any, m: Mention, lex: Lexicon) -> tuple[str, ...] | None:
    """The last word of a name of two or more words, with a glued article: ("al", "-", "Tikriti")."""
    tokens = list(doc[m.start : m.end])
    words = _name_words(tokens, lex)
    if len(words) < 2:
        return None
    last = tokens.index(words[-1])
    start = last
    while start > 0 and (tokens[start - 1].text in HYPHENS or tokens[start - 1].lower_ in ("al", "el")):
        start -= 1
    return tuple(t.text for t in tokens[start : last + 1])


def is_part(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A shorter name that is the full name's surname part or its first name."""
    if not words or len(words) >= len(full):
        return False
    return full[-len(words) :] == words or (len(words) == 1 and full[0] == words[0])


def is_suffix(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return 0 < len(words) < len(full) and full[-len(words) :] == words


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """Keep the strongest of overlapping mentions (then the longest, then the first); an
    acronym only with its full name."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-m.strength, -(m.end - m.start), m.start)):
        if any(i in taken for i in range(m.start, m.end)):
            continue
        chosen.append(m)
        taken.update(range(m.start, m.end))
    return [m for m in chosen if m.acronym_of is None or m.acronym_of in chosen]
