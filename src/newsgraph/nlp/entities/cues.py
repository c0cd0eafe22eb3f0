"""Mentions from general patterns, stronger evidence than the NER's label.

Full-name/acronym pairs ("Full Name (ACR)", "ACR (Full Name)"), place cues ("the
province of X", "the battle of X", "X province"), the object of "told" as a media
organisation, nationality + group noun ("Lebanese security forces"), titled names
("Gen. Smith"), organisation names built with "of" ("Ministry of Agriculture").
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..spans import (
    CLOSE_QUOTES,
    HYPHENS,
    OPEN_QUOTES,
    capitalised,
    doc_ents,
    doc_text,
    is_acronym,
    is_cap,
    is_format,
    lower_words,
    positions,
    read_name,
    trim,
)
from .mentions import PATTERN, RULE, Mention


def group_phrases(doc: Doc, *, lex: Lexicon) -> list[Mention]:
    """A nationality or country heading a group noun is an organisation: "Lebanese security forces"."""
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ("NORP", "GPE"):
            continue
        start, end = trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        j = end
        if j < len(doc) and doc[j].text in HYPHENS and j + 1 < len(doc) and doc[j + 1].lower_ == "led":
            j += 2
        found = False
        for k in range(j, min(j + 3, len(doc))):
            token = doc[k]
            if not token.text.islower() or token.pos_ not in ("NOUN", "ADJ", "PROPN", "VERB"):
                break
            if token.lower_ in lex.group_nouns and token.pos_ in ("NOUN", "PROPN"):
                nxt = doc[k + 1] if k + 1 < len(doc) else None
                if nxt is not None and nxt.lower_ in lex.group_nouns and nxt.pos_ == "NOUN":
                    continue
                out.append(Mention(start, k + 1, "ORG", RULE, "group_phrase"))
                found = True
                break
        plural = doc[end - 1].tag_ in ("NNPS", "NNS") and doc[end - 1].dep_ not in ("amod", "compound")
        if not found and ent.label_ == "NORP" and plural:
            out.append(Mention(start, end, "ORG", RULE, "group_plural"))
    return out


def of_names(doc: Doc, *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """Organisation names built with "of": "Ministry of Agriculture", "Government of Lebanon",
    and a lower-case organisation word of a country or region: "the government of Norland"."""
    out: list[Mention] = []
    n = len(doc)
    for i in (i for i, word in enumerate(lower_words(doc)) if word == "of"):
        token = doc[i]
        if token.i == 0 or token.i + 1 >= n:
            continue
        head = doc[token.i - 1]
        if head.lower_ not in lex.org_heads:
            continue
        sent = token.sent
        if not is_cap(head):
            if head.text != head.lower_:
                continue
            j = token.i + 2 if doc[token.i + 1].lower_ == "the" else token.i + 1
            stop = read_name(doc, j, lex, sent_end=sent.end)
            place = gaz.lookup(doc[j:stop].text) if stop > j else None
            if place is not None and place.kind in ("country", "admin1") and not place.alternate:
                out.append(Mention(head.i, stop, "ORG", RULE, "of_state"))
            continue
        start = head.i
        while (
            start > sent.start and is_cap(doc[start - 1]) and doc[start - 1].lower_ not in lex.person_titles
        ):
            start -= 1
        j = token.i + 1
        end = j
        while j < sent.end:
            if doc[j].lower_ == "the" and j + 1 < sent.end and is_cap(doc[j + 1]):
                j += 1
            stop = read_name(doc, j, lex, sent_end=sent.end)
            if stop == j:
                break
            end = j = stop
            if (
                j + 1 < sent.end
                and doc[j].lower_ in ("and", "of")
                and (
                    is_cap(doc[j + 1])
                    or (doc[j + 1].lower_ == "the" and j + 2 < sent.end and is_cap(doc[j + 2]))
                )
            ):
                nxt = j + 2 if doc[j + 1].lower_ == "the" else j + 1
                stop = read_name(doc, nxt, lex, sent_end=sent.end)
                if doc[j].lower_ == "and" and any(doc[t].lower_ in lex.org_heads for t in range(nxt, stop)):
                    break  # "the Government of X and the Y Regional Government": two names
                if all(t.ent_type_ == "NORP" or (t.tag_ == "JJ" and not t.ent_type_) for t in doc[nxt:stop]):
                    break  # "the Government of X and the Lebanese people": an adjective, not a name
                j += 1
                continue
            break
        if end > token.i + 1:
            out.append(Mention(start, end, "ORG", RULE, "of_name"))
    return out


def titled_names(doc: Doc, *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """A capitalised title before a name makes the name a person: "Gen. Smith", "Ambassador Jones"."""
    out: list[Mention] = []
    # the NER's organisations, bar those that look like a person's name (no organisation word)
    org_tokens = {
        i
        for ent in doc.ents
        if ent.label_ == "ORG" and (any(t.lower_ in lex.org_heads or is_acronym(t.text) for t in ent))
        for i in range(ent.start, ent.end)
    }
    for i in capitalised(doc):
        token = doc[i]
        low = token.lower_.rstrip(".")
        if low not in lex.person_titles or token.i in org_tokens:
            continue
        start = token.i + 1
        if start < len(doc) and doc[start].text == ".":
            start += 1
        while start < len(doc) and is_format(doc[start]):
            start += 1
        while start < len(doc) and doc[start].lower_.rstrip(".") in lex.person_titles and is_cap(doc[start]):
            start += 1
        end = read_name(doc, start, lex, limit=4, sent_end=token.sent.end)
        if end == start or any(i in org_tokens for i in range(start, end)):
            continue
        place = gaz.lookup(doc[start:end].text)
        if doc[end - 1].lower_ in lex.org_heads or (place is not None and place.kind != "city"):
            continue
        out.append(Mention(start, end, "PERSON", RULE, "title_name"))
    return out


def acronym_pairs(doc: Doc, *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    n = len(doc)
    parens = _open_brackets(doc)
    for i in parens:
        if i + 2 >= n or doc[i + 2].text != ")" or not is_acronym(doc[i + 1].text):
            continue
        acr = doc[i + 1]
        k = i - 1
        while k >= 0 and doc[k].text in CLOSE_QUOTES:
            k -= 1
        span = _full_before(doc, k + 1, acr.text, lex=lex)
        if span is None:
            continue
        label = _pair_label(doc, *span, gaz=gaz)
        full = Mention(span[0], span[1], label, PATTERN, "acronym_pair")
        out.append(full)
        out.append(Mention(acr.i, acr.i + 1, label, PATTERN, "acronym", acronym_of=full))
    for i in (p - 1 for p in parens if p > 0):
        token = doc[i]
        if not is_acronym(token.text) or i + 2 >= n:
            continue
        close = next((j for j in range(i + 2, min(n, i + 14)) if doc[j].text == ")"), None)
        if close is None:
            continue
        start, end = trim(doc, i + 2, close)
        if start < end and _initials_match(doc, start, end, token.text):
            label = _pair_label(doc, start, end, gaz=gaz)
            full = Mention(start, end, label, PATTERN, "acronym_pair")
            out.append(full)
            out.append(Mention(i, i + 1, label, PATTERN, "acronym", acronym_of=full))
    return out


def _open_brackets(doc: Doc) -> list[int]:
    """The token indices of every "(" token, found in the text rather than token by token."""
    found = []
    text = doc_text(doc)
    pos = text.find("(")
    while pos != -1:
        span = doc.char_span(pos, pos + 1)
        pos = text.find("(", pos + 1)
        if span is not None:
            found.append(span.start)
    return found


def _full_before(doc: Doc, end: int, acronym: str, *, lex: Lexicon) -> tuple[int, int] | None:
    for start in range(end - 1, max(-1, end - 14), -1):
        token = doc[start]
        if not (is_cap(token) or token.lower_ in lex.acronym_stopwords or token.text in HYPHENS):
            return None
        if is_cap(token) and _initials_match(doc, start, end, acronym):
            return start, end
    return None


def _initials_match(doc: Doc, start: int, end: int, acronym: str) -> bool:
    letters = "".join(c for c in acronym if c.isalpha()).upper()
    words = [t for t in doc[start:end] if t.text not in HYPHENS and t.text not in OPEN_QUOTES | CLOSE_QUOTES]
    if not words or not is_cap(words[0]):
        return False
    caps = "".join(t.text[0].upper() for t in words if t.text[:1].isupper())
    every = "".join(t.text[0].upper() for t in words if t.is_alpha)
    return letters in (caps, every)


def _pair_label(doc: Doc, start: int, end: int, *, gaz: Gazetteer) -> str:
    text = doc[start:end].text
    place = gaz.lookup(text)
    if place is not None and place.kind in ("country", "admin1", "continent"):
        return "PLACE"
    return "ORG"


def place_cues(doc: Doc, *, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    n = len(doc)
    cues = lex.place_of_cues | lex.place_suffix_cues
    for i in (i for i, word in enumerate(lower_words(doc)) if word in cues):
        token = doc[i]
        low = token.lower_
        lower_case = token.text == low or (token.is_sent_start and token.text[1:] == low[1:])
        if low in lex.place_of_cues and lower_case and i + 2 < n and doc[i + 1].lower_ == "of":
            plural = token.tag_ in ("NNS", "NNPS") or low.endswith("s")
            out += _place_list(doc, i + 2, plural=plural, lex=lex)
        if low in lex.place_suffix_cues and token.text == low and i > 0:
            k = i
            while k > 0 and (
                is_cap(doc[k - 1])
                or (doc[k - 1].text in HYPHENS and not doc[k - 1].whitespace_)
                or (doc[k - 1].lower_ in lex.name_connectors and k < i)
            ):
                k -= 1
            while k < i and not is_cap(doc[k]) and doc[k].lower_ not in lex.name_connectors:
                k += 1
            adjective = all(doc[j].ent_type_ == "NORP" or doc[j].tag_ == "JJ" for j in range(k, i))
            if k < i and not adjective and not any(doc[j].lower_ in lex.org_heads for j in range(k, i)):
                # "Korvik province"; not "the Norlandic city of ...", a nationality adjective
                out.append(Mention(k, i, "PLACE", PATTERN, "place_suffix_cue"))
    return out


def _place_list(doc: Doc, start: int, *, plural: bool, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    j = start
    sent_end = doc[start].sent.end
    while j < sent_end:
        if doc[j].lower_ == "the":
            j += 1
        end = read_name(doc, j, lex, sent_end=sent_end)
        if end == j or (j > 0 and doc[j - 1].lower_ in lex.person_titles):
            break
        if any(doc[t].lower_ in lex.org_heads for t in range(j, end)):
            break
        if doc[end - 1].tag_ == "NNPS" and doc[end - 1].ent_type_ in ("", "NORP"):
            break  # "the siege of the Korvikis": a people, not a place
        out.append(Mention(j, end, "PLACE", PATTERN, "place_of_cue"))
        if not plural or end >= sent_end:
            break
        if doc[end].text == "," and end + 1 < sent_end and doc[end + 1].lower_ == "and":
            j = end + 2
        elif doc[end].text in (",", "and") or doc[end].lower_ == "or":
            j = end + 1
        else:
            break
    return out


def media_cues(doc: Doc, *, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    for i in positions(doc, "lemma", lex.media_cue_verbs):  # lower-cased: the test below is exact
        token = doc[i]
        if token.pos_ != "VERB" or token.lemma_ not in lex.media_cue_verbs:
            continue
        for child in token.children:
            if child.dep_ not in ("dobj", "dative", "iobj") or not is_cap(child):
                continue
            start, end = _name_around(doc, child, lex=lex)
            if end - start == 1 or doc[end - 1].lower_ in lex.org_heads:
                if start > 0 and doc[start - 1].lower_ in lex.person_titles:
                    continue
                out.append(Mention(start, end, "ORG", RULE, "told_media"))
    return out


def _name_around(doc: Doc, token: Any, *, lex: Lexicon) -> tuple[int, int]:
    for ent in doc_ents(doc):
        if ent.start <= token.i < ent.end:
            return trim(doc, ent.start, ent.end)
    return token.i, read_name(doc, token.i, lex) or token.i + 1
