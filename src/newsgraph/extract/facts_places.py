"""located_in: one place inside another, as news grammar states it.

- "Dover, Delaware", "Korvik, Norland": a place, a comma, a country or first-level
  region that the gazetteer confirms holds the first (not inside a list of places);
- "X in Y", "X in northern Y", "X, in Y province", "X, also called Q, in Y": the
  place governs (or its apposed verb governs) "in" before the outer place; refused
  when the gazetteer says X is a country, or X lies in another country than Y;
- "the Korvikian city of X", "the east Y district of X": a place noun whose owner is
  a nationality word or a place, with "of X";
- "X, a ... capital in Y": an apposed place noun with "in Y".

Confidence: explicit where the gazetteer confirms the pair, good where it knows
neither name.
"""

from __future__ import annotations

from typing import Any

from ..nlp.spans import positions, within
from .facts_common import EXPLICIT, GOOD, FactDoc, indexed_tokens, make_fact

QUOTES = frozenset({'"', "”", "’", "'"})


def located_facts(fd: FactDoc, sent: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ctx = fd.ctx
    for i in within(indexed_tokens(ctx), sent):
        token = fd.doc[i]
        inner = ctx.index[i]
        if ctx.index.get(i + 1) == inner:
            continue  # at the last token of a mention
        first = i
        while first - 1 >= sent.start and ctx.index.get(first - 1) == inner:
            first -= 1
        if fd.is_place(inner):
            out += _comma(fd, sent, inner, first, token.i)
            out += _in(fd, sent, inner, first, token.i)
            out += _apposed_noun(fd, sent, inner, token.i)
    for i in within(positions(fd.doc, "lower", fd.vocab.place_nouns), sent):
        token = fd.doc[i]
        if token.pos_ == "NOUN":
            out += _noun_of(fd, sent, token)
    return out


def _relation(fd: FactDoc, inner: str, outer: str) -> float | None:
    """Confidence that inner lies in outer by the gazetteer; None where it says no."""
    if inner == outer or not fd.is_place(outer):
        return None
    inner_country = fd.entity_country(inner)
    outer_country = fd.entity_country(outer)
    if inner_country is not None:
        return None  # a country is not inside a country or a region
    readings = [p for p in fd.places_of(inner) if p.kind in ("city", "admin1")]
    code = outer_country
    if code is None:
        outer_places = [p for p in fd.places_of(outer) if p.kind in ("admin1", "city", "continent")]
        if not outer_places or not readings:
            return GOOD
        codes = {p.country for p in outer_places}
        return EXPLICIT if any(p.country in codes for p in readings) else None
    if not readings:
        return GOOD
    return EXPLICIT if any(p.country == code for p in readings) else None


def _fact(fd: FactDoc, sent: Any, inner: str, outer: str, confidence: float) -> dict[str, Any]:
    return make_fact(fd.ctx, sent, "located_in", inner, outer, "facts.located_in", confidence)


def _comma(fd: FactDoc, sent: Any, inner: str, first: int, last: int) -> list[dict[str, Any]]:
    """'Dover, Delaware': the outer place must be a country or a first-level region."""
    ctx, doc = fd.ctx, fd.doc
    k = last + 1
    if k + 1 >= sent.end or doc[k].text != ",":
        return []
    outer = ctx.index.get(k + 1)
    if outer is None:
        return []
    end = k + 1
    while end < sent.end and ctx.index.get(end) == outer:
        end += 1
    in_list = (
        first - 1 >= sent.start and doc[first - 1].text == "," and ctx.index.get(first - 2) is not None
    ) or (end < sent.end and doc[end].lower_ in ("and", "or"))
    if end + 1 < sent.end and doc[end].text == "," and ctx.index.get(end + 1) is not None:
        in_list = in_list or doc[end + 1].lower_ in ("and", "or") or fd.is_place(ctx.index[end + 1])
    if in_list:
        return []
    kinds = {p.kind for p in fd.places_of(outer)}
    if fd.entity_country(outer) is None and "admin1" not in kinds:
        return []
    confidence = _relation(fd, inner, outer)
    return [] if confidence is None else [_fact(fd, sent, inner, outer, confidence)]


def _in(fd: FactDoc, sent: Any, inner: str, first: int, last: int) -> list[dict[str, Any]]:
    """'X in [the] [northern] Y [province]', 'X, in Y', 'X, also called Q, in Y'."""
    ctx, doc = fd.ctx, fd.doc
    k = last + 1
    while k < sent.end and doc[k].text in QUOTES:
        k += 1
    if k < sent.end and doc[k].text == ",":
        k += 1
    if k >= sent.end or doc[k].lower_ != "in":
        found = _located_verb_in(fd, sent, first, last)
        if found is None:
            return []
        k = found
    k += 1
    if k < sent.end and doc[k].lower_ == "the":
        k += 1
    while k < sent.end and doc[k].lower_ in fd.vocab.directions:
        k += 1
    outer = ctx.index.get(k) if k < sent.end else None
    if outer is None:
        return []
    confidence = _relation(fd, inner, outer)
    return [] if confidence is None else [_fact(fd, sent, inner, outer, confidence)]


def _located_verb_in(fd: FactDoc, sent: Any, first: int, last: int) -> int | None:
    """The 'in' of 'X, also called "Q" in Y' / 'X, located in Y': a locating verb on X."""
    doc = fd.doc
    for i in range(first, last + 1):
        for child in doc[i].children:
            if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in fd.vocab.locating_verbs:
                for prep in child.subtree:
                    if prep.lower_ == "in" and prep.head.i == child.i:
                        return int(prep.i)
    return None


def _apposed_noun(fd: FactDoc, sent: Any, inner: str, last: int) -> list[dict[str, Any]]:
    """'X, a self-proclaimed capital in Y': an apposed place noun with 'in Y'."""
    ctx, doc = fd.ctx, fd.doc
    k = last + 1
    if k + 1 >= sent.end or doc[k].text != ",":
        return []
    j = k + 1
    while j < sent.end and j - k < 6 and doc[j].lower_ not in fd.vocab.place_nouns:
        modifier = doc[j].text == "-" or doc[j].dep_ in ("amod", "compound", "npadvmod")
        if (
            not modifier
            and doc[j].pos_ in ("VERB", "AUX", "PUNCT", "ADP", "CCONJ")
            or ctx.index.get(j) == inner
        ):
            return []
        j += 1
    if j + 1 >= sent.end or doc[j].lower_ not in fd.vocab.place_nouns or doc[j + 1].lower_ != "in":
        return []
    n = j + 2 + (j + 2 < sent.end and doc[j + 2].lower_ == "the")
    while n < sent.end and doc[n].lower_ in fd.vocab.directions:
        n += 1
    outer = ctx.index.get(n) if n < sent.end else None
    if outer is None:
        return []
    confidence = _relation(fd, inner, outer)
    return [] if confidence is None else [_fact(fd, sent, inner, outer, confidence)]


def _noun_of(fd: FactDoc, sent: Any, noun: Any) -> list[dict[str, Any]]:
    """'the Korvikian city of X' (-> the country), 'the east Y district of X' (-> Y)."""
    ctx, doc = fd.ctx, fd.doc
    if noun.i + 2 >= sent.end or doc[noun.i + 1].lower_ != "of":
        return []
    inner = ctx.index.get(noun.i + 2)
    if inner is None or not fd.is_place(inner) and ctx.types.get(inner) != "PLACE":
        return []
    outer: str | None = None
    i = noun.i - 1
    while i >= sent.start and doc[i].pos_ in ("ADJ", "PROPN", "NOUN") and outer is None:
        eid = ctx.index.get(i)
        country = fd.demonym([doc[i]])
        if country is not None:
            outer = fd.country(country, doc[i : i + 1])
            break
        if eid is not None and eid != inner:
            outer = eid if fd.is_place(eid) else None
            break
        i -= 1
    if outer is None:
        return []
    confidence = _relation(fd, inner, outer)
    return [] if confidence is None else [_fact(fd, sent, inner, outer, confidence)]
