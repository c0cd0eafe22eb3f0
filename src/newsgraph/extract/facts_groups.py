"""member_of from groups: "O nations include A, B and C", "A and other O forces", "O fighters".

- a group noun ("nations", "members", "partners") owned by an organisation, the
  subject of "include" (or "are"): each entity of the object list is a member;
- "A and other O forces": A is one of O's;
- "O fighters", "O militants": an entity named by a member noun right after an
  organisation's mention is a member of it.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ..nlp.entities.component import GROUP
from ..nlp.spans import positions_of, within
from .facts_common import GOOD, FactDoc, make_fact

OTHER = frozenset({"other"})  # "X and other groups"


def group_facts(fd: FactDoc, sent: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ctx, vocab = fd.ctx, fd.vocab
    gates = (("lemma", vocab.include_lemmas), ("lower", OTHER), ("lemma", vocab.member_nouns))
    for i in within(positions_of(fd.doc, *gates), sent):
        token = fd.doc[i]
        if token.lemma_.lower() in vocab.include_lemmas and token.pos_ in ("VERB", "AUX"):
            out += _include(fd, sent, token)
        if token.lower_ == "other" and token.dep_ == "amod" and token.head.lower_ in vocab.group_nouns:
            group = token.head
            owner = _owner(fd, group)
            if owner is not None and group.dep_ == "conj":
                for eid in ctx.entities_at(group.head):
                    if eid != owner and ctx.types.get(eid) in ("ORG", "PLACE"):
                        out.append(make_fact(ctx, sent, "member_of", eid, owner, "facts.group", GOOD))
        member = ctx.index.get(token.i)
        if member is not None and token.lemma_.lower() in vocab.member_nouns and token.pos_ == "NOUN":
            out += _named_members(fd, sent, token, member)
    return out


def _named_members(fd: FactDoc, sent: Any, token: Any, member: str) -> list[dict[str, Any]]:
    """'O fighters': the entity of the member noun belongs to the organisation just before it."""
    ctx = fd.ctx
    before = token.i - 1
    while before >= sent.start and ctx.index.get(before) == member:
        before -= 1
    owner = ctx.index.get(before) if before >= sent.start else None
    if owner is None or owner == member or ctx.types.get(owner) != "ORG":
        return []
    if ctx.types.get(member) not in ("ORG", "PERSON"):
        return []
    return [make_fact(ctx, sent, "member_of", member, owner, "facts.group", GOOD)]


def _owner(fd: FactDoc, noun: Any) -> str | None:
    """The organisation a group noun belongs to: 'Coalition nations', 'members of O'."""
    ctx = fd.ctx
    for child in noun.children:
        eid = ctx.index.get(child.i)
        if (
            child.dep_ in ("compound", "amod", "nmod", "poss")
            and eid is not None
            and ctx.types.get(eid) == "ORG"
        ):
            return eid
        if child.dep_ == "compound" and eid is None and child.i == noun.i - 1:
            named = _named_by_word(fd, child)
            if named is not None:
                return named
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                found = ctx.index.get(obj.i)
                if obj.dep_ == "pobj" and found is not None and ctx.types.get(found) == "ORG":
                    return found
    return None


def _named_by_word(fd: FactDoc, token: Any) -> str | None:
    """The one organisation of the document whose name begins with a capitalised word that is
    not a mention itself: "Coalition nations" -> "Coalition forces", "Alliance members"."""
    if not token.text[:1].isupper() or not token.is_alpha:
        return None
    word = token.lower_
    found = {
        str(record["id"])
        for record in fd.doc._.ng_entities or []
        if record.get("type") == "ORG"
        for name in (record["name"], *(a["name"] for a in record.get("aliases", [])))
        if name.split()[:1] and name.split()[0].lower() == word
    }
    return found.pop() if len(found) == 1 else None


def _name_the_group(fd: FactDoc, noun: Any, owner: str) -> None:
    """'Coalition nations' read as the organisation of 'Coalition forces': a mention of it."""
    ctx = fd.ctx
    words = [c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1]
    if not words or any(i in ctx.index for i in range(words[0].i, noun.i + 1)):
        return
    group = fd.doc.spans["ng_mentions"]
    label = ctx.types.get(owner, "ORG")
    group.append(Span(fd.doc, words[0].i, noun.i + 1, label=label, kb_id=owner, span_id=GROUP))


def _include(fd: FactDoc, sent: Any, verb: Any) -> list[dict[str, Any]]:
    ctx = fd.ctx
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].lower_ not in fd.vocab.group_nouns:
        return []
    owner = _owner(fd, subjects[0])
    if owner is None:
        return []
    _name_the_group(fd, subjects[0], owner)
    out = []
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "attr"):
            continue
        for eid in ctx.entities_at(obj):
            if eid != owner and ctx.types.get(eid) in ("ORG", "PLACE"):
                out.append(make_fact(ctx, sent, "member_of", eid, owner, "facts.group", GOOD))
    return out
