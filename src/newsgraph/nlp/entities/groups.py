"""Stage 6: unnamed collective agents ("police", "federal investigators", "the court") as ORG entities.

News names many actors only by what they are: "police arrested three men",
"prosecutors said", "Lebanese forces retook the town". Such a noun phrase becomes an
ORG entity when its head is a collective agent noun of the lexicon
(``collective_agents``) and it acts or is acted upon in its clause: the subject or
object of a verb that is not a light verb ("police are ..."), the agent of a
passive ("by police") or a source ("according to prosecutors"). A group mentioned
only in passing ("in court", "police cars") is no entity, so it cannot cost
precision.

The name is the head with the modifiers right before it ("federal investigators";
a named place before it stays an entity of its own: "Norland's security services"
-> "security services"). Mentions with the same modifiers are one entity; a bare
later mention ("investigators") joins the one entity of that head, as its short name.
A group of a named organisation or person ("Korvik Front fighters") is no group of
its own: it is that organisation's members.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..spans import lower_words
from .mentions import RULE, TYPES, Entity, Mention

_ROLES = ("nsubj", "nsubjpass", "dobj")
_MODIFIERS = ("amod", "compound", "nmod")
_NAMING = ("amod", "compound", "nmod", "poss", "conj")


def find_groups(doc: Doc, entities: list[Entity], *, lex: Lexicon) -> list[Entity]:
    """The group entities of a Doc, given the named entities already found."""
    covered: dict[int, str] = {}
    for entity in entities:
        if entity.label in TYPES:
            for m in entity.mentions:
                for i in range(m.start, m.end):
                    covered[i] = entity.label
    found: list[tuple[str, str, Mention]] = []  # (head phrase, full name, mention)
    heads = {agent.split()[-1] for agent in lex.collective_agents}
    for i in (i for i, word in enumerate(lower_words(doc)) if word in heads):
        token = doc[i]
        if token.tag_ not in ("NN", "NNS") or token.i in covered:
            continue
        head = _head_phrase(token, lex)  # a lexicon look-up first: it rules out most nouns
        if head is None or not _acts(token, lex):
            continue
        start = token.i - len(head.split()) + 1
        while start > 0 and _modifier(doc[start - 1], token, covered):
            start -= 1
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.dep_ in _NAMING and covered.get(before.i) in ("ORG", "PERSON"):
            continue  # "Coalition military forces", "Korvik Front fighters": a named group's own
        name = doc[start : token.i + 1].text.lower()
        found.append((head, name, Mention(start, token.i + 1, "ORG", RULE, "group")))
    return _join(found)


def _acts(token: Any, lex: Lexicon) -> bool:
    """The noun is an argument of an action or the source of a statement."""
    verb = token.head
    if token.dep_ in _ROLES:
        return bool(verb.pos_ == "VERB" and verb.lemma_.lower() not in lex.collective_light_verbs)
    if token.dep_ == "pobj":
        prep = verb
        if prep.dep_ == "agent":
            return True
        return bool(prep.lower_ == "to" and prep.i > 0 and token.doc[prep.i - 1].lower_ == "according")
    return False


def _head_phrase(token: Any, lex: Lexicon) -> str | None:
    """The lexicon entry the noun phrase ends with: "security services", else "police"."""
    if token.i > 0:
        two = f"{token.doc[token.i - 1].lower_} {token.lower_}"
        if two in lex.collective_agents:
            return two
    return token.lower_ if token.lower_ in lex.collective_agents else None


def _modifier(t: Any, head: Any, covered: dict[int, str]) -> bool:
    """An adjective or noun right before the phrase that modifies it and names nothing itself."""
    if t.i in covered or t.dep_ not in _MODIFIERS or t.is_punct or t.like_num:
        return False
    return bool(t.head.i == head.i or t.head.i == t.i + 1) and t.pos_ in ("ADJ", "NOUN", "PROPN")


def _join(found: list[tuple[str, str, Mention]]) -> list[Entity]:
    """One entity per name; a bare head joins the one named entity of that head."""
    by_name: dict[str, list[Mention]] = {}
    head_of: dict[str, str] = {}
    for head, name, m in found:
        by_name.setdefault(name, []).append(m)
        head_of[name] = head
    for head in {h for h, n, _ in found if h == n}:
        fuller = [n for n, h in head_of.items() if h == head and n != head]
        if len(fuller) == 1:
            by_name[fuller[0]].extend(by_name.pop(head))
            head_of[fuller[0] + "\0short"] = head
    out: list[Entity] = []
    for name, mentions in by_name.items():
        short = head_of.get(name + "\0short")
        aliases = ((short, "short_name"),) if short else ()
        ordered = tuple(sorted(mentions, key=lambda m: m.start))
        out.append(Entity("ORG", ordered, aliases))
    return sorted(out, key=lambda e: e.mentions[0].start)
