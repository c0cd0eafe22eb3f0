"""Stage 2: re-typing candidates with evidence from the text and the gazetteer.

A candidate's NER label gives way to stronger evidence: an organisation head word
("... Council"), a person title or name particle ("spokesman X", "Abu X"), the
gazetteer (a known place, unless a small town's name is also a person's), a
locative preposition ("in X"); a place coordinated with an organisation or after an
agentive preposition acts as one ("the security forces and X", "with X"), and a
name coordinated with places is a place ("Homs, X and Latakia"). Pattern
mentions keep their type. A NORP candidate without such evidence is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..spans import HYPHENS, previous_word
from .mentions import NER, PATTERN, RULE, Mention, m_text


def retype(doc: Doc, mentions: list[Mention], *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """The candidates with the type their evidence supports (new mentions where it changed)."""
    out: list[Mention] = []
    for m in mentions:
        if m.strength >= PATTERN:
            out.append(m)
            continue
        typed = _by_evidence(doc, m, lex=lex, gaz=gaz)
        if typed is not None:
            out.append(typed)
    # coordination with an organisation: "the security forces and Peshmerga"
    orgs = {i for m in out if m.label == "ORG" for i in range(m.start, m.end)}
    out = [_org_context(doc, m, orgs, lex=lex, gaz=gaz) for m in out]
    # coordination with a person's full name: "Tarvo and Aren Holt"
    people = {i for m in out if m.label == "PERSON" and m.end - m.start >= 2 for i in range(m.start, m.end)}
    out = [_conj_person(doc, m, people, lex=lex) for m in out]
    # coordination with a place: "Homs, Idlib and Latakia"
    for _ in range(2):
        places = {
            i
            for m in out
            if m.label == "PLACE" and (m.strength > NER or gaz.lookup(m_text(doc, m)) is not None)
            for i in range(m.start, m.end)
        }
        out = [_conj_place(doc, m, places, lex=lex) for m in out]
    return out


def _org_context(doc: Doc, m: Mention, orgs: set[int], *, lex: Lexicon, gaz: Gazetteer) -> Mention:
    if m.label == "PLACE" and m.strength == NER and gaz.lookup(m_text(doc, m)) is None:
        before = doc[m.start - 1].lower_ if m.start > 0 else ""
        if conj_with(doc, m, orgs) or before in lex.agentive_prepositions:
            return replace(m, label="ORG", strength=RULE, rule="org_context")
    return m


def _conj_person(doc: Doc, m: Mention, people: set[int], *, lex: Lexicon) -> Mention:
    """A single name coordinated with a person's full name is a person ("Tarvo and Aren Holt"),
    but not a place after a locative preposition ("born in Korvik, the son of Aren Holt")."""
    if m.label == "PERSON" or m.strength >= PATTERN or m.end - m.start != 1 or m.rule == "gazetteer":
        return m
    before = previous_word(doc, m.start)
    if m.label == "PLACE" and before is not None and before.lower_ in lex.locative_prepositions:
        return m
    if conj_with(doc, m, people):
        return replace(m, label="PERSON", strength=RULE, rule="conj_person")
    return m


def _conj_place(doc: Doc, m: Mention, places: set[int], *, lex: Lexicon) -> Mention:
    """A name coordinated with a known place is a place ("Homs, Korvik and Latakia"),
    unless it names an organisation ("the Interior Ministry and Korvik", "the Governments
    of Norland and Korvik"). Places only the NER saw do not count: satellites, channels
    and products are often tagged GPE."""
    if (
        m.label == "PLACE"
        or m.strength >= PATTERN
        or m.rule in ("person_title", "person_particle", "person_age")
    ):
        return m
    if m.label == "ORG" and any(
        t.lower_ in lex.org_heads or t.lower_.removesuffix("s") in lex.org_heads for t in doc[m.start : m.end]
    ):
        return m
    if m.label == "PERSON" and m.end - m.start >= 2:
        return m  # a full name in a list of places is still a person ("Tarvo and Aren Holt, Korvik")
    if conj_with(doc, m, places) and m.end - m.start <= 4:
        return replace(m, label="PLACE", strength=RULE, rule="conj_place")
    return m


def _by_evidence(doc: Doc, m: Mention, *, lex: Lexicon, gaz: Gazetteer) -> Mention | None:
    """The mention re-typed by the first rule whose evidence holds; unchanged when none
    does; None for a NORP (a nationality) that is neither a place nor a person."""
    span = doc[m.start : m.end]
    lows = [t.lower_ for t in span]
    before = previous_word(doc, m.start)
    before_low = before.lower_ if before is not None else ""
    ntok = sum(1 for t in span if t.text not in HYPHENS)
    place = gaz.lookup(span.text, strict=m.label == "PERSON")
    if lows[-1] in lex.org_heads and m.label != "ORG" and ntok > 1:
        return replace(m, label="ORG", strength=RULE, rule="org_head")
    if m.label == "PERSON" and any(c.isdigit() for c in span.text):
        return None  # "Passcode 3080897": a code, not a name
    if m.label == "PERSON" and ntok == 1 and _field_label(doc, m.end):
        return None  # "Frequency: 12130 MHz": a field of a listing, not a name
    if m.label == "ORG" and ntok == 1 and lows[0] in lex.portfolio_words and _portfolio(doc, m, lex):
        return None  # "Finance Minister Aren Holt", "Secretary of State": the post's portfolio
    if m.label != "ORG" and place is None and lows[-1] in lex.group_nouns and lows[-1].endswith(("s", "men")):
        return replace(m, label="ORG", strength=RULE, rule="group_noun")  # "Reserve Airmen": a body of people
    if m.label in ("ORG", "PERSON") and place is None:
        if ntok > 1 and lows[-1] in lex.place_heads and lows[-1] not in lex.org_heads:
            return replace(m, label="PLACE", strength=RULE, rule="place_head")  # "the Korvik Gate"
        classified = ntok > 1 and lows[0] in lex.place_classifiers and span[0].text[:1].isupper()
        if classified or (before is not None and before.text in lex.place_classifiers):
            return replace(m, label="PLACE", strength=RULE, rule="place_classifier")  # "the river Korvik"
    if m.label == "PLACE" and ntok > 1 and place is None:
        if lows[-1] in lex.meeting_heads:
            return replace(m, label="ORG", strength=RULE, rule="meeting_head")  # "the Korvik Summit"
        if lows[-1] in lex.document_heads:
            return None  # "the Korvik-Norland Framework Agreement": a document, not a place
    if all(w.rstrip(".") in lex.person_titles for w in lows if w not in HYPHENS) and m.strength == NER:
        return None  # "Magistrate", "Prime Minister": a title without a name
    titled = before is not None and before_low in lex.person_titles and before.text[:1].islower()
    organisation = any(w in lex.org_heads for w in lows)
    if titled and (m.label in ("PERSON", "NORP") or (place is None and not organisation)):
        # "the preacher Tarvo Kovar": a lower-case title names a person, whatever the NER said
        return replace(m, label="PERSON", strength=RULE, rule="person_title")
    if m.label != "PERSON" and place is None and stated_age(doc, m):
        return replace(m, label="PERSON", strength=RULE, rule="person_age")
    particles = [t for t in span if t.lower_ in lex.person_particles and t.text[:1].isupper()]
    if particles and ntok > 1 and (place is None or place.kind == "city") and m.label != "ORG":
        return replace(m, label="PERSON", strength=RULE, rule="person_particle")
    locative = (
        before is not None
        and before_low in lex.locative_prepositions
        and (before.dep_ == "prep" or before.is_sent_start)
    )
    if place is not None and m.label == "NORP":
        head = span.root
        if (
            head.dep_ not in ("amod", "compound", "nmod")
            and head.tag_ not in ("NNS", "NNPS")
            and not lows[-1].endswith("s")
        ):
            return replace(m, label="PLACE", strength=RULE, rule="gazetteer")
    if place is not None and m.rule == "title_name" and not locative:
        return m  # "Major General Hassan": a title names a person, whatever town shares the name
    if place is not None and m.label in ("PERSON", "PLACE"):
        big = place.kind != "city" or place.population >= 100_000
        # a person's name that is only a former or foreign name of a city stays a person
        if m.label != "PERSON" or (big and not place.alternate) or locative:
            return replace(m, label="PLACE", strength=RULE, rule="gazetteer")
    if m.label == "ORG" and place is not None and ntok <= 3:
        big = place.kind in ("country", "admin1") or place.population >= 100_000
        if locative or (big and not any(w in lex.org_heads for w in lows)):
            return replace(m, label="PLACE", strength=RULE, rule="gazetteer_org")
    if m.label == "PERSON" and locative and ntok <= 3 and before_low != "from":
        return replace(m, label="PLACE", strength=RULE, rule="locative")
    if m.label == "NORP":
        return None
    return m


def _field_label(doc: Doc, end: int) -> bool:
    """A colon and a number follow: "Frequency: 12130"."""
    return end + 1 < len(doc) and doc[end].text == ":" and doc[end + 1].like_num


def _portfolio(doc: Doc, m: Mention, lex: Lexicon) -> bool:
    """The word names the portfolio of a person's title: before the title ("Finance
    Minister") or after "<title> of" ("Secretary of State")."""
    after = doc[m.end].lower_.rstrip(".") if m.end < len(doc) else ""
    if after in lex.person_titles:
        return True
    return m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in lex.person_titles


def stated_age(doc: Doc, m: Mention) -> bool:
    """A name with an age: "Aren Holt, 23," / "Aren Holt, now 23," / "23-year-old Aren Holt"."""
    n = len(doc)
    j = m.end
    if j + 2 < n and doc[j].text == ",":
        k = j + 1
        if doc[k].lower_ in ("now", "aged") and k + 1 < n:
            k += 1
        if _age(doc[k].text) and k + 1 < n and doc[k + 1].text in (",", ")"):
            return True
    i = m.start
    return i >= 5 and doc[i - 1].lower_ == "old" and doc[i - 3].lower_ == "year" and _age(doc[i - 5].text)


def _age(text: str) -> bool:
    return text.isdigit() and 0 < int(text) < 120


def conj_with(doc: Doc, m: Mention, tokens: set[int]) -> bool:
    """Whether the mention's head is coordinated with a token in ``tokens``."""
    head = doc[m.start : m.end].root
    linked = [head.head] if head.dep_ == "conj" else []
    linked += [c for c in head.children if c.dep_ == "conj"]
    if head.dep_ == "conj":
        linked += [c for c in head.head.children if c.dep_ == "conj" and c.i != head.i]
    return any(t.i in tokens for t in linked)
