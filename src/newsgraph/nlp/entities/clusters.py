"""Stage 5: clustering mentions into entities, then finding the other occurrences of their names.

`cluster` takes the longest names first: a mention joins the entity that has its
key (the folded name; for places the gazetteer's place or the place key), else an
entity it is part of (a person's surname or first name, an organisation's trailing
words or acronym), else starts one. Acronyms and alias names join the entity of
their full name as aliases; a one-word organisation name in capitals that spells
the initials of an organisation the report names in full ("Northern Relief Agency"
... "NRA", without "(NRA)") joins it as a mention (no alias: the report does not
state it). Organisation names with the same words in another order are one key
("Water Ministry" / "Ministry of Water"). A surname or first name that two
people of the report share joins the one the report named first, when the other
is first named in a later sentence (the report's subject comes first; a namesake
brought in later is told apart); when both are first named in one sentence ("Anna
Keller and her brother Jon Keller ... Keller said") it joins neither and stays an
entity of its own. `extend` then adds every further capitalised occurrence of a
known name or surname that no mention covers, by the same rule for namesakes.
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
    if m.label == "ORG":
        # word order and function words aside: "Water Ministry" / "Ministry of Water"
        words = [fold(t.text) for t in doc[m.start : m.end] if not t.is_stop and not t.is_punct]
        return " ".join(sorted(words)) if len(words) >= 2 else fold(text)
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
        elif m.label == "ORG" and (m_text(doc, m) in entity.aliases or _initials_of(doc, m, entity.mentions)):
            choices.append(eid)
    if not choices:
        return None
    if m.label == "PERSON" and _namesakes(doc, [entities[e].mentions for e in choices], lex=lex):
        return _first_named(doc, choices, [entities[e].mentions for e in choices], lex=lex)
    return max(choices, key=lambda e: (len(entities[e].mentions), -entities[e].mentions[0].start))


MIN_ACRONYM, MAX_ACRONYM = 2, 8


def _initials_of(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """A one-word name in capitals ("NRA", "MoW") that spells the initials of a longer name of
    the entity: of its capitalised words ("Northern Relief Agency", "Army of the North" ->
    "AN"), of all its words ("Ministry of Water" -> "MoW") or of the capitalised words
    before its "of" ("Northern Relief Agency of Korvik" -> "NRA")."""
    if m.end - m.start != 1:
        return False
    text = doc[m.start].text
    letters = text.replace(".", "")
    if not (MIN_ACRONYM <= len(letters) <= MAX_ACRONYM and letters.isalpha()):
        return False
    if sum(c.isupper() for c in letters) < max(2, len(letters) - 1):
        return False
    acronym = letters.casefold()
    for o in mentions:
        words = [t.text for t in doc[o.start : o.end] if t.text[:1].isalpha()]
        if len(words) < len(acronym) - 1 or len(words) < 2:
            continue
        capitalised = "".join(w[0] for w in words if w[0].isupper()).casefold()
        every = "".join(w[0] for w in words).casefold()
        cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
        front = "".join(w[0] for w in words[:cut] if w[0].isupper()).casefold()
        if acronym in (capitalised, every) or (cut >= 2 and acronym == front):
            return True
    return False


def _full_names(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[tuple[str, ...]]:
    return [w for o in mentions if len(w := name_tokens(doc, o, lex)) >= 2]


def _first_named(doc: Doc, choices: list[int], groups: list[list[Mention]], *, lex: Lexicon) -> int | None:
    """Of namesakes, the one the report named in full first, when every other was first named in
    full in a later sentence (a namesake brought in later is told apart: "is not the same as"); None
    when two were first named in one sentence ("Anna Keller and her brother Jon Keller")."""
    firsts = []
    for eid, mentions in zip(choices, groups, strict=True):
        starts = [o.start for o in mentions if len(name_tokens(doc, o, lex)) >= 2]
        if starts:
            firsts.append((min(starts), eid))
    if not firsts:
        return None
    firsts.sort()
    (start, eid), rest = firsts[0], firsts[1:]
    if any(_sentence_of(doc, other) == _sentence_of(doc, start) for other, _e in rest):
        return None
    return eid


def _sentence_of(doc: Doc, i: int) -> int:
    """The start of the sentence token i is in (the last full stop before it when no parse is set)."""
    if doc.has_annotation("SENT_START"):
        return int(doc[i].sent.start)
    return max((k + 1 for k in range(i) if doc[k].text in (".", "!", "?")), default=0)


def _namesakes(doc: Doc, groups: list[list[Mention]], *, lex: Lexicon) -> bool:
    """Two of the groups name different people: full names whose first names differ (neither
    is the other's start or initial: "Ben" / "Benedikt", "J" / "Jon" agree)."""
    firsts = []
    for mentions in groups:
        names = _full_names(doc, list(mentions), lex)
        if names:
            firsts.append(max(names, key=len)[0])
    for i, a in enumerate(firsts):
        for b in firsts[i + 1 :]:
            if not (a.startswith(b) or b.startswith(a)):
                return True
    return False


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
        persons = sorted(e for e in eids if entities[e].label == "PERSON")
        groups = [list(entities[e].mentions) for e in persons]
        if len(persons) > 1 and _namesakes(doc, groups, lex=lex):
            first = _first_named(doc, persons, groups, lex=lex)
            if first is not None:
                forms[words] = first
            continue
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
