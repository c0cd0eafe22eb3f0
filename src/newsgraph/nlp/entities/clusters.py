"""Stage 5: clustering mentions into entities, then finding the other occurrences of their names.

`cluster` takes the longest names first: a mention joins the entity that has its
key (the folded name; for places the gazetteer's place or the place key), else an
entity it is part of (a person's surname or first name, an organisation's trailing
words or acronym), else starts one. Acronyms and alias names join the entity of
their full name as aliases. `extend` then adds every further capitalised
occurrence of a known name or surname that no mention covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..names import fold, place_key
from ..spans import BRACKETS, is_cap
from .mentions import NER, Entity, Mention, is_part, is_suffix, m_text, name_tokens, surname


@dataclass(slots=True)
class _Growing:
    """An entity while the clustering adds to it."""

    label: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)


def cluster(doc: Doc, mentions: list[Mention], *, lex: Lexicon, gaz: Gazetteer) -> list[Entity]:
    """The entities the mentions name, in order of their first clustered mention."""
    entities: list[_Growing] = []
    entity_of: dict[int, int] = {}  # id(mention) -> entity number
    by_key: dict[tuple[str, str], int] = {}
    acronyms: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.acronym_of is not None:
            acronyms.setdefault(id(m.acronym_of), []).append(m)
    ordered = sorted(
        (m for m in mentions if m.alias_of is None and m.acronym_of is None),
        key=lambda m: (-len(name_tokens(doc, m, lex)), m.start),
    )
    for m in ordered:
        key = _key(doc, m, gaz=gaz)
        eid = by_key.get((m.label, key))
        if eid is None:
            eid = _partial(doc, m, entities, lex=lex)
        if eid is None:
            entities.append(_Growing(m.label))
            eid = len(entities) - 1
        entities[eid].mentions.append(m)
        entity_of[id(m)] = eid
        by_key[(m.label, key)] = eid
        for acr in acronyms.get(id(m), []):
            entities[eid].aliases.setdefault(m_text(doc, acr), "acronym")
            entities[eid].mentions.append(acr)
            entity_of[id(acr)] = eid
            by_key[(m.label, fold(m_text(doc, acr)))] = eid
    for m in mentions:
        owner = entity_of.get(id(m.alias_of)) if m.alias_of is not None else None
        if owner is not None:
            entity = entities[owner]
            entity.aliases.setdefault(m_text(doc, m), m.alias_kind or "alias")
            entity.mentions.append(m)
            entity_of[id(m)] = owner
    return [Entity(e.label, tuple(e.mentions), tuple(e.aliases.items())) for e in entities]


def _key(doc: Doc, m: Mention, *, gaz: Gazetteer) -> str:
    text = m_text(doc, m)
    if m.label == "PLACE":
        place = gaz.lookup(text)
        return "gaz:" + place.name if place is not None else place_key(text)
    return fold(text)


def _partial(doc: Doc, m: Mention, entities: list[_Growing], *, lex: Lexicon) -> int | None:
    """The entity a shorter name is part of: the one with most mentions, then the earliest."""
    words = name_tokens(doc, m, lex)
    if not words:
        return None
    choices: list[int] = []
    for eid, entity in enumerate(entities):
        if entity.label != m.label:
            continue
        if m.label == "PERSON" and any(is_part(words, name_tokens(doc, o, lex)) for o in entity.mentions):
            choices.append(eid)
        elif m.label == "ORG" and len(words) >= 2:
            if any(is_suffix(words, name_tokens(doc, o, lex)) for o in entity.mentions):
                choices.append(eid)
        elif m.label == "ORG" and m_text(doc, m) in entity.aliases:
            choices.append(eid)
    if not choices:
        return None
    return max(choices, key=lambda e: (len(entities[e].mentions), -entities[e].mentions[0].start))


def extend(doc: Doc, entities: list[Entity], *, lex: Lexicon) -> list[Entity]:
    """The entities with the further occurrences of their names and surnames added."""
    forms: dict[tuple[str, ...], int] = {}
    owners: dict[tuple[str, ...], set[int]] = {}
    for eid, entity in enumerate(entities):
        for m in entity.mentions:
            words = tuple(t.text for t in doc[m.start : m.end])
            owners.setdefault(words, set()).add(eid)
            if entity.label == "PERSON" and m.alias_of is None:
                last = surname(doc, m, lex)
                if last and last != words:
                    owners.setdefault(last, set()).add(eid)
    for words, eids in owners.items():
        forms[words] = max(eids, key=lambda e: (len(entities[e].mentions), -entities[e].mentions[0].start))
    if not forms:
        return entities
    added: dict[int, list[Mention]] = {}
    covered = {i for entity in entities for m in entity.mentions for i in range(m.start, m.end)}
    longest = max(len(w) for w in forms)
    i = 0
    n = len(doc)
    while i < n:
        if i in covered or not doc[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            words = tuple(t.text for t in doc[i : i + size])
            found = forms.get(words)
            if found is None:
                continue
            eid = found
            end = i + size
            if any(j in covered for j in range(i, end)):
                continue
            if end < n and is_cap(doc[end]) and doc[end].text not in BRACKETS:
                continue
            if i > 0 and is_cap(doc[i - 1]) and not doc[i - 1].is_sent_start:
                continue
            added.setdefault(eid, []).append(Mention(i, end, entities[eid].label, NER, "name_repeat"))
            covered.update(range(i, end))
            i = end - 1
            break
        i += 1
    return [
        replace(entity, mentions=entity.mentions + tuple(added[eid])) if eid in added else entity
        for eid, entity in enumerate(entities)
    ]
