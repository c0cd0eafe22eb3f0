"""Event triggers and arguments read from a verb's context rather than from the verb alone.

- custody: "held in a federal prison", "ordered X held until trial", "remanded in custody"
  (COERCE/remand): "hold" and "keep" are events only with a place or term of confinement;
- captures: "X was found hiding in a boat" (COERCE/arrest);
- court states: "X awaits trial", "X faces charges" (not "faces prison if convicted"): the
  subject is the one the court acts upon (COERCE, target);
- group names: "commended Korvik Brigade fighters", "strikes against Tarn Front targets": a common noun
  modified by an organisation's name stands for that organisation;
- speakers: "I commend X", "our resolve ... in condemning these attacks" inside a
  quotation: the one quoted makes the praise or the condemnation.
"""

from __future__ import annotations

from typing import Any

from ..schema import TimeJSON
from .context import Context
from .patterns import Patterns

_FIRST_PERSON = frozenset({"i", "we", "my", "our"})
_PARTIES = frozenset({"PERSON", "ORG"})  # who can be held, tried or charged


def court_entry(pat: Patterns, token: Any) -> tuple[str, str | None] | None:
    """The (type, mode) of a custody verb or a court-state verb in its context, else None."""
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB":
        return None
    hidden = pat.capture_contexts.get(lemma)
    if hidden and any(c.pos_ == "VERB" and c.lemma_.lower() in hidden for c in token.children):
        return ("COERCE", "arrest")  # "X was found hiding in a boat"
    if lemma in pat.custody_verbs:
        for prep in token.children:
            nouns = pat.custody_places.get(prep.lower_) if prep.dep_ == "prep" else None
            if nouns and any(_names(o, nouns) for o in prep.children if o.dep_ == "pobj"):
                return ("COERCE", "remand")
        return None
    if lemma in pat.court_state_verbs:
        for obj in token.children:
            if obj.dep_ not in ("dobj", "prep"):
                continue  # "awaits trial", "stands trial", "faces 20 years in prison on a charge"
            for t in obj.subtree:
                if t.i - obj.i > 6:
                    break
                entry = pat.court_state_objects.get(t.lemma_.lower())
                if entry is not None and t.pos_ == "NOUN":
                    return entry
    return None


def _names(phrase: Any, nouns: frozenset[str]) -> bool:
    """A noun phrase whose head or a word before it is one of `nouns` ("a federal prison west of")."""
    return any(t.lemma_.lower() in nouns for t in phrase.subtree if t.i <= phrase.i)


def court_verb(pat: Patterns, lemma: str) -> bool:
    """A verb that is an event only in context (custody, court state, capture)."""
    return lemma in pat.custody_verbs or lemma in pat.court_state_verbs or lemma in pat.capture_contexts


def court_target(ctx: Context, token: Any) -> list[str]:
    """The one a court-state or custody verb befalls when the verb names no one itself: the
    subject of the clause it depends on ("held in prison awaiting trial"), or the object of the
    order ("ordered X held")."""
    aux = [c for c in token.children if c.dep_ == "auxpass" and c.i > token.sent.start]
    if aux:  # "police and X was found hiding": a coordinated clause the parse left without subject
        eid = ctx.index.get(aux[0].i - 1)
        return [eid] if eid is not None and ctx.types.get(eid) in _PARTIES else []
    head = token.head
    if token.dep_ == "ccomp" or token.dep_ == "xcomp":
        for child in head.children:
            if child.dep_ == "dobj":
                return [e for e in ctx.entities_at(child) if ctx.types.get(e) in _PARTIES]
    eid = ctx.subject_of(token, label="PERSON") or ctx.subject_of(token, label="ORG")
    return [eid] if eid is not None else []


def group_entities(ctx: Context, token: Any) -> list[str]:
    """The entities of a phrase; a common noun without one is the organisation that modifies it
    ("Korvik Brigade and Tarn Front fighters", "Tarn Front targets")."""
    found = ctx.entities_at(token)
    if found or token.pos_ != "NOUN":
        return found
    out: list[str] = []
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            for eid in ctx.entities_at(child):
                if ctx.types.get(eid) == "ORG" and eid not in out:
                    out.append(eid)
    return out


def speaker_actor(ctx: Context, token: Any) -> str | None:
    """The speaker of a quotation when a praise or condemnation in it is told in the first person."""
    node = token
    for _ in range(6):
        if any(c.dep_ in ("nsubj", "poss") and c.lower_ in _FIRST_PERSON for c in node.children):
            return ctx.source(token.sent)
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) or node.head.i == node.i:
            return None
        node = node.head
    return None


def present_state_time(pat: Patterns, token: Any, published: str | None) -> TimeJSON | None:
    """A custody or a court state told in the present ("is being held", "faces charges",
    "is in prison awaiting trial") holds on the day the report was published."""
    if published is None:
        return None
    lemma = token.lemma_.lower()
    if lemma not in pat.court_state_verbs and lemma not in pat.custody_verbs:
        return None
    node = token
    for _ in range(5):  # up to the finite verb of the clause ("is in prison awaiting trial")
        verbs = [node, *(c for c in node.children if c.dep_ in ("aux", "auxpass", "cop"))]
        if any(v.tag_ in ("VBD", "MD") or v.lower_ in ("has", "have", "had") for v in verbs):
            return None  # "was held", "will face", "has faced": not a state at publication
        if any(v.tag_ in ("VBZ", "VBP") for v in verbs):
            return {"text": "", "value": published, "precision": "day", "relation": "on"}
        if node.dep_ in ("ccomp", "conj", "relcl", "parataxis") or node.head.i == node.i:
            return None
        node = node.head
    return None
