"""Stage 3: one document, one reading of each name.

A word seen as part of a person's full name is that person everywhere ("Whitfield"
after "Marcus Delaney Whitfield"); a name that ends in a person's full name is cut
to it ("Central Asia John Smith" -> "John Smith"); one surface form gets one type, the
type with the strongest evidence over all its mentions; and a country named anywhere
but as a location is its state acting ("Greece has sent troops"): the mention is
flagged (``Mention.state``) but the entity stays a PLACE, one entity per country.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..spans import is_acronym
from .mentions import NER, PATTERN, RULE, Mention, is_part, m_text, name_tokens, surface


def make_consistent(doc: Doc, mentions: list[Mention], *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """The mentions with document-level types (new mentions where a type or span changed)."""
    full_people = [name_tokens(doc, m, lex) for m in mentions if m.label == "PERSON" and m.strength >= NER]
    full_people = list(dict.fromkeys(t for t in full_people if len(t) >= 2))  # each name once, in order
    out = [_person_part(doc, m, full_people, lex=lex) for m in mentions]
    org_names = {name_tokens(doc, m, lex) for m in out if m.label == "ORG" and m.strength >= NER}
    out = [_org_short_form(doc, m, org_names, lex=lex, gaz=gaz) for m in out]
    # one surface form, one type: the type with the strongest evidence wins
    votes: dict[str, Counter[str]] = {}
    for m in out:
        votes.setdefault(surface(doc, m), Counter())[m.label] += m.strength
    out = [_voted(doc, m, votes) for m in out]
    return [
        replace(m, state=True)
        if m.label == "PLACE" and m.strength < PATTERN and country_acts(doc, m, lex=lex, gaz=gaz)
        else m
        for m in out
    ]


def _person_part(doc: Doc, m: Mention, full_people: list[tuple[str, ...]], *, lex: Lexicon) -> Mention:
    if m.label == "PERSON" or m.strength >= PATTERN:
        return m
    words = name_tokens(doc, m, lex)
    if words and any(is_part(words, full) for full in full_people):
        return replace(m, label="PERSON", strength=RULE, rule="person_name_part")
    for full in full_people:
        if len(words) > len(full) and words[-len(full) :] == full:
            # "Central Asia John Smith" -> "John Smith"
            return replace(m, start=m.end - len(full), label="PERSON", strength=RULE, rule="person_name_tail")
    return m


def _org_short_form(
    doc: Doc, m: Mention, org_names: set[tuple[str, ...]], *, lex: Lexicon, gaz: Gazetteer
) -> Mention:
    """A name the NER alone calls a place, that opens an organisation's name in the same
    document, is that organisation's short form ("Korvik News ... Korvik broadcasts"),
    unless the gazetteer knows it or a locative preposition stands before it."""
    if m.label != "PLACE" or m.strength != NER or doc[m.start].ent_type_ != "GPE":
        return m  # a building keeps its name: "the Kremlin" is a place beside "Kremlin officials"
    if gaz.lookup(m_text(doc, m)) is not None:
        return m
    if m.start > 0 and doc[m.start - 1].lower_ in lex.locative_prepositions:
        return m
    words = name_tokens(doc, m, lex)
    n = len(words)
    if n and any(len(org) > n and org[:n] == words for org in org_names):
        return replace(m, label="ORG", strength=RULE, rule="org_short_form")
    return m


def _voted(doc: Doc, m: Mention, votes: dict[str, Counter[str]]) -> Mention:
    if m.strength >= PATTERN or m.acronym_of is not None:
        return m
    label, _ = votes[surface(doc, m)].most_common(1)[0]
    return m if label == m.label else replace(m, label=label)


def country_acts(doc: Doc, m: Mention, *, lex: Lexicon, gaz: Gazetteer) -> bool:
    """A country named anywhere but as a location is its state (GPE metonymy, as in ACE).

    "in Lebanon", "across Egypt", "travel to Greece", "Sidon, Lebanon" are places;
    "Greece has sent troops", "the UK's commitment", "U.S. support", "working with
    Greece" are the state acting.
    """
    text = m_text(doc, m)
    place = gaz.lookup(text)
    state = place is not None and place.kind == "country"
    if not state and not (is_acronym(text) and doc[m.start].ent_type_ == "GPE"):
        return False
    root = doc[m.start : m.end].root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        if root.dep_ == "appos":
            return False
        root = root.head
    head = root.head
    if root.dep_ == "pobj":
        return head.lower_ in lex.agentive_prepositions
    if root.dep_ == "nsubj":
        verb = head.lemma_.lower()
        return verb not in lex.metonymy_exclude_verbs or (
            verb == "be" and not any(c.dep_ == "attr" for c in head.children)
        )
    if root.dep_ in ("compound", "nmod", "amod") and head.pos_ == "NOUN":
        low = head.lower_
        return low not in lex.place_of_cues and low not in lex.place_suffix_cues
    return root.dep_ in ("poss", "dobj", "nsubjpass", "dative")
