"""Facts from titles: "Korvikian Prime Minister Tomas Verlin", "Anna Keller, a spokeswoman for O".

A title phrase sits before a person's name or in apposition after it. It is read
right to left into segments, each ending at a title word of ``data/titles.json``
("Interior Ministry press director Army Col. X" is two: a post of the Interior
Ministry and an Army rank). Each segment may name its owner: an organisation or place
mention, a nationality word (-> the country), a possessive ("the group's
spokesman"). From a segment:

- ``role`` (the title's words as a literal: "chief prosecutor", "prime minister");
- a post with an owner -> ``position_held`` (``qualifiers.title``), a leader word ->
  ``leader_of`` (``member_of`` after "a"), a spokesman -> ``spokesperson_of``, a rank
  or membership word -> ``member_of``;
- a nationality word -> ``citizen_of`` ("Kazakh citizen" explicit, "Lebanese
  preacher" good), "Jordanian-born" -> ``born_in``;
- a post without an owner whose words name a ministry of the document ("Finance
  Minister" and "the Finance Ministry") -> ``position_held``, a guess;
- after the name: "X, a student from Y" -> ``citizen_of`` (a guess), "X, Minister for
  Y", "X, a spokesman for O" -> the title's object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..nlp.spans import mentions_in, positions, within
from .facts_common import EXPLICIT, GOOD, GUESS, FactDoc, make_fact
from .facts_vocab import name_key

STOP_POS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "PUNCT", "NUM", "SYM", "PART", "DET"})
OBJECT_PREPOSITIONS = ("of", "for", "at", "to", "with")


@dataclass
class Segment:
    head: str  # the title word(s) as the vocabulary has them
    kind: str  # position_held, leader_of, spokesperson_of, member_of, role, citizen_of, rank
    words: list[str] = field(default_factory=list)  # the title as written, lower case
    owners: list[str] = field(default_factory=list)  # ORG / PLACE entities named in it
    countries: list[str] = field(default_factory=list)  # entities of nationality words
    born: list[str] = field(default_factory=list)  # "Jordanian-born"
    indefinite: bool = False


def title_facts(fd: FactDoc, sent: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for span in mentions_in(fd.doc, sent):
        if span.label_ != "PERSON":
            continue
        if not span[0].text[:1].isupper():
            continue  # pronouns and descriptions
        person = span.kb_id_
        inner = span.start
        while inner < span.end - 1 and _title_word(fd, span.doc[inner]):
            inner += 1
        left = _phrase_start(fd, sent, span.start)
        doc = span.doc
        tokens = [t for t in doc[left:inner] if _low(t) and not _abbreviation_stop(fd, doc, t.i)]
        # a title the parser cut from its name ("Army Col. | X") keeps its own sentence as evidence
        where = sent if left >= sent.start else doc[doc[left].sent.start : sent.end]
        indefinite = left > where.start and doc[left - 1].lower_ in ("a", "an")
        for segment in _segments(fd, tokens, person, indefinite=indefinite):
            out += _segment_facts(fd, where, person, segment, "facts.title")
        out += _apposition(fd, sent, span, person)
    return out


def _title_word(fd: FactDoc, token: Any) -> bool:
    low = _low(token)
    vocab = fd.vocab
    return low in vocab.title_heads or low in vocab.rank_words or low in vocab.title_modifiers


def _low(token: Any) -> str:
    return str(token.lower_).strip("\u200e\u200f\u200b")


def _phrase_start(fd: FactDoc, sent: Any, end: int) -> int:
    """The first token of the title phrase that ends before token ``end``."""
    doc, ctx = fd.doc, fd.ctx
    floor = sent.start
    i = end - 1
    while i >= 0:
        if i < floor:
            if not _missplit(fd, doc, floor):
                break
            floor = doc[floor - 1].sent.start  # the title goes on before a false sentence start
        token = doc[i]
        eid = ctx.index.get(i)
        if not _low(token) or _abbreviation_stop(fd, doc, i):
            pass  # an invisible mark ("Minister\u200e Name"), the period of "Col." split off
        elif eid is not None:
            if ctx.types.get(eid) == "PERSON":
                break
        elif token.lower_ in ("'s", "’s") and i - 1 >= floor:
            return i - 1  # "the group's spokesman": the owner is the token before
        elif token.lower_ == "born" or token.text == "-" and doc[i + 1].lower_ == "born":
            pass  # "Jordanian-born"
        elif token.pos_ in STOP_POS and not _title_word(fd, token) or not token.text.strip():
            break
        i -= 1
    return i + 1


def _missplit(fd: FactDoc, doc: Any, i: int) -> bool:
    """A sentence start the parser put inside a title: "Finance | Minister X" on one line,
    "Army Col. | Aren Holt" after the period of a rank."""
    if i <= 0 or not doc[i].is_sent_start:
        return False
    before = doc[i - 1]
    if _abbreviation_stop(fd, doc, i - 1):
        return True
    return bool(before.is_alpha and not before.whitespace_.count("\n"))


def _abbreviation_stop(fd: FactDoc, doc: Any, i: int) -> bool:
    """The period of a rank abbreviation that the tokenizer split off: "Col" + "."."""
    if i <= 0 or doc[i].text != "." or doc[i - 1].whitespace_:
        return False
    return f"{_low(doc[i - 1])}." in fd.vocab.rank_words


def _head_at(fd: FactDoc, tokens: list[Any], k: int) -> tuple[str, str, int] | None:
    """The title word ending at tokens[k]: (head, kind, first index), two-word heads first."""
    heads, ranks = fd.vocab.title_heads, fd.vocab.rank_words
    if k >= 1:
        pair = f"{_low(tokens[k - 1])} {_low(tokens[k])}"
        if pair in heads:
            return pair, heads[pair], k - 1
    low = _low(tokens[k])
    if low in ranks:
        return ranks[low], "rank", k
    if low in heads:
        return low, heads[low], k
    return None


def _segments(fd: FactDoc, tokens: list[Any], person: str, *, indefinite: bool) -> list[Segment]:
    """The title segments of a phrase, left to right; empty unless it ends in a title word."""
    if not tokens or _head_at(fd, tokens, len(tokens) - 1) is None:
        return []
    ctx = fd.ctx
    cuts: list[tuple[int, int, str, str]] = []  # (start, end, head, kind)
    k, start = 0, 0
    while k < len(tokens):
        found = _head_at(fd, tokens, k)
        later = k + 1 < len(tokens) and _head_at(fd, tokens, k + 1) is not None
        if found is not None and not (later and found[1] != "rank" and _is_modifier(fd, tokens[k])):
            cuts.append((start, k + 1, found[0], found[1]))
            start = k + 1
        k += 1
    segments = []
    for a, b, head, kind in cuts:
        seg = Segment(head=head, kind=kind, indefinite=indefinite and a == 0)
        j = a
        while j < b:
            token = tokens[j]
            eid = ctx.index.get(token.i)
            if eid is not None and eid != person and fd.demonym([token]) is None:
                if ctx.types.get(eid) in ("ORG", "PLACE") and eid not in seg.owners:
                    code = fd.entity_country(eid)
                    nxt = tokens[j + 1] if j + 1 < b else None
                    if nxt is not None and nxt.text == "-" and j + 2 < b and tokens[j + 2].lower_ == "born":
                        seg.born.append(eid)
                        j += 3
                        continue
                    (
                        seg.countries if code is not None and _is_demonym_text(fd, token) else seg.owners
                    ).append(eid)
                j += 1
                continue
            if eid == person:
                j += 1
                continue
            two = fd.demonym(tokens[j : j + 2]) if j + 1 < b else None
            width = 2 if two else 1
            country = two or fd.demonym([token])
            if country is not None:
                eid = fd.country(country, token.doc[token.i : token.i + width])
                j += width
                if eid is None:
                    continue
                if j + 1 < b and tokens[j].text == "-" and tokens[j + 1].lower_ == "born":
                    seg.born.append(eid)
                    j += 2
                    continue
                seg.countries.append(eid)
                continue
            if token.lower_ in ("'s", "’s") and j >= 1:
                owner = ctx.entity_at(tokens[j - 1]) if ctx.index.get(tokens[j - 1].i) is None else None
                if owner is not None and ctx.types.get(owner) in ("ORG", "PLACE") and owner not in seg.owners:
                    seg.owners.append(owner)
                seg.words = []
                j += 1
                continue
            if _low(token) and (token.pos_ in ("NOUN", "PROPN", "ADJ") or _title_word(fd, token)):
                seg.words.append(_low(token))
            j += 1
        if seg.words:
            segments.append(seg)
    return segments


def _is_modifier(fd: FactDoc, token: Any) -> bool:
    return _low(token) in fd.vocab.title_modifiers


def _is_demonym_text(fd: FactDoc, token: Any) -> bool:
    return fd.demonym([token]) is not None


def _segment_facts(fd: FactDoc, sent: Any, person: str, seg: Segment, extractor: str) -> list[dict[str, Any]]:
    ctx = fd.ctx
    out: list[dict[str, Any]] = []
    title = " ".join(seg.words)
    kind = seg.kind

    def add(predicate: str, obj: str | dict[str, str], confidence: float, qualifiers: Any = None) -> None:
        out.append(make_fact(ctx, sent, predicate, person, obj, extractor, confidence, qualifiers))

    if kind != "citizen_of":
        add("role", {"value": title}, GOOD)
    for eid in seg.born:
        add("born_in", eid, GOOD)
    for eid in seg.countries:
        add("citizen_of", eid, EXPLICIT if kind == "citizen_of" else GOOD)
        if kind == "position_held":
            add("position_held", eid, GOOD, {"title": title})
    for eid in seg.owners:
        is_org = ctx.types.get(eid) == "ORG" and fd.entity_country(eid) is None
        if kind == "position_held":
            add("position_held", eid, EXPLICIT, {"title": title})
        elif kind == "citizen_of" and not is_org:
            add("citizen_of", eid, EXPLICIT)
        elif not is_org:
            continue
        elif kind == "leader_of":
            add("member_of" if seg.indefinite else "leader_of", eid, GOOD)
        elif kind == "spokesperson_of":
            add("spokesperson_of", eid, EXPLICIT)
        elif kind in ("member_of", "rank"):
            add("member_of", eid, GOOD)
    if kind == "position_held" and not seg.owners and not seg.countries:
        ministry = _ministry(fd, seg.words[:-1])
        if ministry is not None:
            add("position_held", ministry, GUESS, {"title": title})
    return out


def _ministry(fd: FactDoc, words: list[str]) -> str | None:
    """An organisation of the document whose name holds a title's portfolio word and a ministry
    word ("Finance Minister" -> "the Finance Ministry")."""
    portfolio = {w for w in words if w not in ("deputy", "vice", "acting", "former", "interim", "assistant")}
    if not portfolio:
        return None
    for record in fd.doc._.ng_entities or []:
        if record.get("type") != "ORG":
            continue
        for name in (record["name"], *(a["name"] for a in record.get("aliases", []))):
            words_of = set(name_key(name).split())
            if words_of & fd.vocab.ministry_words and portfolio <= words_of:
                return str(record["id"])
    return None


def _apposition(fd: FactDoc, sent: Any, span: Any, person: str) -> list[dict[str, Any]]:
    """'X, a spokesman for O', 'X, Minister for Y', 'X, a student from Y', 'X, the group's leader'."""
    doc, ctx = fd.doc, fd.ctx
    i = span.end
    if i + 1 >= sent.end or doc[i].text != ",":
        return []
    j = i + 1
    indefinite = doc[j].lower_ in ("a", "an")
    if doc[j].lower_ in ("a", "an", "the"):
        j += 1
    end = j
    while end < sent.end:
        token = doc[end]
        eid = ctx.index.get(end)
        if eid is not None and ctx.types.get(eid) == "PERSON":
            break
        if (
            eid is None
            and token.lower_ not in ("'s", "’s")
            and token.pos_ in STOP_POS
            and not _title_word(fd, token)
        ):
            break
        end += 1
    tokens = [t for t in doc[j:end] if _low(t)]
    while tokens and _head_at(fd, tokens, len(tokens) - 1) is None:
        tokens.pop()
    if not tokens or tokens[-1].i + 1 != end:
        return []
    segments = _segments(fd, tokens, person, indefinite=indefinite)
    if not segments:
        return []
    last = segments[-1]
    out: list[dict[str, Any]] = []
    after = doc[end] if end < sent.end else None
    if after is not None and after.pos_ == "ADP":
        objects = [
            eid
            for obj in after.children
            if obj.dep_ == "pobj"
            for eid in ctx.entities_at(obj)
            if eid != person and ctx.types.get(eid) in ("ORG", "PLACE")
        ]
        if not objects and end + 1 < sent.end:
            k = end + 1 + (doc[end + 1].lower_ == "the")
            eid = ctx.index.get(k) if k < sent.end else None
            objects = [eid] if eid is not None and ctx.types.get(eid) in ("ORG", "PLACE") else []
        if after.lower_ in fd.vocab.origin_prepositions:
            for eid in objects:
                if fd.entity_country(eid) is not None:
                    out.append(make_fact(ctx, sent, "citizen_of", person, eid, "facts.apposition", GUESS))
        elif after.lower_ in OBJECT_PREPOSITIONS:
            last.owners += [o for o in objects if o not in last.owners]
    for seg in segments:
        out += _segment_facts(fd, sent, person, seg, "facts.apposition")
    return out


COPULA_DEPS = frozenset({"attr", "appos"})  # "X is a Korvikian racer", "X, a Korvikian national"


def nationality_facts(fd: FactDoc, sent: Any) -> list[dict[str, Any]]:
    """'X is a Korvikian skeleton racer', 'X, a Korvikian national' -> citizen_of (good)."""
    ctx = fd.ctx
    out: list[dict[str, Any]] = []
    for i in within(positions(fd.doc, "dep", COPULA_DEPS), sent):
        token = fd.doc[i]
        if token.pos_ != "NOUN":
            continue
        if token.dep_ == "attr":
            if token.head.lemma_ != "be" or ctx.negated(token.head):
                continue
            person = ctx.subject_of(token.head, label="PERSON")
        else:
            person = ctx.entity_at(token.head)
        if person is None or ctx.types.get(person) != "PERSON":
            continue
        for child in token.children:
            if child.dep_ not in ("amod", "compound", "nmod") or child.i > token.i:
                continue
            country = fd.demonym([child])
            if country is None and child.i + 1 < token.i:
                country = fd.demonym([child, token.doc[child.i + 1]])
            if country is None:
                continue
            nxt = token.doc[child.i + 1] if child.i + 1 < len(token.doc) else None
            if nxt is not None and nxt.text == "-":
                continue  # "Jordanian-born", "Egyptian-led"
            eid = fd.country(country, token.doc[child.i : child.i + 1])
            if eid is not None and eid != person:
                out.append(make_fact(ctx, sent, "citizen_of", person, eid, "facts.nationality", GOOD))
    return out
