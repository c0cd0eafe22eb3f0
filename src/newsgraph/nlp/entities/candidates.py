"""Stage 1: candidate mentions, from the NER and from the general patterns of `cues`.

The NER's PERSON/ORG/GPE/LOC/FAC/NORP spans are trimmed of determiners, quotes and
possessives, a person grows to the given names the NER left out, a place to the
full name the gazetteer knows; names the NER missed are added (gazetteer places,
acronyms, "the Coalition"). Overlaps keep the strongest evidence (`dedupe`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..spans import HYPHENS, is_acronym, is_cap, next_capitalised, previous_word, read_name, trim
from .cues import acronym_pairs, group_phrases, media_cues, of_names, place_cues, titled_names
from .mentions import NER, NER_LABELS, RULE, Mention, dedupe


def find_candidates(doc: Doc, *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """Every candidate mention of the Doc, overlaps resolved."""
    found: list[Mention] = []
    found += acronym_pairs(doc, lex=lex, gaz=gaz)
    found += place_cues(doc, lex=lex)
    found += media_cues(doc, lex=lex)
    found += group_phrases(doc, lex=lex)
    found += titled_names(doc, lex=lex, gaz=gaz)
    found += of_names(doc, lex=lex, gaz=gaz)
    taken: set[int] = set()
    for m in found:
        taken.update(range(m.start, m.end))
    ner_tokens: set[int] = set()
    for ent in doc.ents:
        label = NER_LABELS.get(ent.label_)
        if label is None:
            continue
        ner_tokens.update(range(ent.start, ent.end))
        start, end = trim(doc, ent.start, ent.end)
        if end - start > 1 and _opening_preposition(doc[start], lex):
            start += 1  # ". Near Korvik, one strike ...": the NER took the preposition in
        if label == "PERSON":
            while (
                end - start > 1
                and _before_a_name(doc, end)
                and (doc[end - 1].text == "." or doc[end - 1].lower_.rstrip(".") in lex.person_titles)
            ):
                end -= 1  # "[Army Col.] Aren Holt": the rank is not the name ("Tarek Wali had" keeps it)
            if end - start == 1 and doc[start].lower_ in lex.org_heads:
                label = "ORG"
            start = _expand_person(doc, start, end, lex=lex)
        elif label != "ORG":
            start, end = _expand_place(doc, start, end, lex=lex, gaz=gaz)
        if start >= end or not any(is_cap(doc[i]) or doc[i].text[:1].isupper() for i in range(start, end)):
            continue
        if end - start == 1 and doc[start].text in lex.allcaps_nonnames:
            continue  # "a VBIED", "UAV facilities": an abbreviation of a thing, not a name
        if any(i in taken for i in range(start, end)):
            continue
        found.append(Mention(start, end, label, NER, "ner"))
    found += untagged(doc, taken | ner_tokens, lex=lex, gaz=gaz)
    return dedupe(found)


def untagged(doc: Doc, taken: set[int], *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """Names the NER missed: gazetteer places, organisation acronyms, "the Coalition"."""
    out: list[Mention] = []
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON"}
    n = len(doc)
    i = next_capitalised(doc, 0)  # a word without a capital is never a name's first
    shouting_of: dict[int, bool] = {}  # sentence start -> mostly upper case
    while i < n:
        token = doc[i]
        if i in taken or not is_cap(token) or _opening_preposition(token, lex):
            i = next_capitalised(doc, i + 1)
            continue
        sent = token.sent
        if sent.start not in shouting_of:
            caps = sum(1 for t in sent if t.is_alpha and t.text.isupper())
            shouting_of[sent.start] = caps > 0.5 * max(1, sum(1 for t in sent if t.is_alpha))
        shouting = shouting_of[sent.start]
        if (
            is_acronym(token.text)
            and not shouting
            and token.text.replace(".", "") not in lex.allcaps_nonnames
        ):
            place = gaz.lookup(token.text)
            label = "PLACE" if place is not None and place.kind == "country" else "ORG"
            out.append(Mention(i, i + 1, label, NER, "acronym_untagged"))
            i += 1
            continue
        end = read_name(doc, i, lex, sent_end=sent.end)
        if any(j in taken for j in range(i, end)):
            end = next(j for j in range(i, end) if j in taken)
        hit = None
        for stop in range(end, i, -1):
            place = gaz.lookup(doc[i:stop].text, strict=True)
            if place is not None:
                hit = (stop, place)
                break
        previous = previous_word(doc, i)
        before = previous.lower_ if previous is not None else ""
        if hit is not None and not token.is_sent_start:
            stop, place = hit
            while stop > i + 1 and doc[stop - 1].text in HYPHENS:
                stop -= 1  # "Korvik-Norland war": the place, not its hyphen
            if stop < end and before in lex.locative_prepositions:
                stop = end  # "near Ras Korvik": the whole name, not the place its first word names
            big = place.kind in ("country", "admin1") or place.population >= 100_000
            if big or before in lex.locative_prepositions:
                out.append(Mention(i, stop, "PLACE", RULE, "gazetteer_span"))
                i = stop
                continue
        names = [t for t in doc[i:end] if t.tag_ == "NNP"]
        plain = not any(t.lower_ in lex.org_heads or t.lower_ in lex.person_titles for t in names)
        if end - i >= 2 and len(names) == end - i and doc[end - 1].text in surnames and plain:
            out.append(Mention(i, end, "PERSON", NER, "surname_known"))
            i = end
            continue
        after = doc[i + 1].lower_.rstrip(".") if i + 1 < n else ""
        if (
            end == i + 1
            and token.lower_ in lex.org_heads
            and after in lex.person_titles
            and is_cap(doc[i + 1])
        ):
            # "Army Col. Aren Holt", "Navy Adm. Kovar": the service before a rank
            out.append(Mention(i, i + 1, "ORG", NER, "service_rank"))
            i += 1
            continue
        if (
            end == i + 1
            and before == "the"
            and token.lower_ in lex.org_heads
            and not token.is_sent_start
            and token.pos_ in ("PROPN", "NOUN")
        ):
            out.append(Mention(i, i + 1, "ORG", NER, "the_org_head"))
        i = max(end, i + 1)
    return out


def _opening_preposition(token: Token, lex: Lexicon) -> bool:
    """A capitalised preposition opening a sentence ("Near", "Across"): not part of a name."""
    low = token.lower_
    return bool(token.is_sent_start) and (
        low in lex.locative_prepositions or low in lex.agentive_prepositions
    )


def _expand_person(doc: Doc, start: int, end: int, *, lex: Lexicon) -> int:
    """Take in given names the NER left out: "Marcus [Delaney Whitfield]" -> the whole name."""
    sent_start = doc[start].sent.start
    while start > sent_start:
        prev = doc[start - 1]
        if not (
            is_cap(prev) and prev.tag_ == "NNP" and prev.dep_ == "compound" and start <= prev.head.i < end
        ):
            break
        if prev.lower_.rstrip(".") in lex.person_titles or prev.ent_type_ not in ("", "PERSON"):
            break
        if _opening_preposition(prev, lex):
            break
        start -= 1
    return start


def _expand_place(doc: Doc, start: int, end: int, *, lex: Lexicon, gaz: Gazetteer) -> tuple[int, int]:
    """Grow a partial place span to the full name the gazetteer knows: "Sheikh" -> "Sharm el Sheikh"."""
    if gaz.lookup(doc[start:end].text) is not None:
        return start, end
    sent = doc[start].sent
    left = start
    while left > sent.start and start - left < 3:
        prev = doc[left - 1]
        if (
            is_cap(prev)
            or prev.lower_ in lex.name_connectors
            or (prev.text in HYPHENS and not prev.whitespace_)
        ):
            left -= 1
        else:
            break
    right = read_name(doc, start, lex, sent_end=sent.end)
    for s0 in range(left, start + 1):
        for e0 in range(max(right, end), end - 1, -1):
            if (
                (s0, e0) != (start, end)
                and is_cap(doc[s0])
                and gaz.lookup(doc[s0:e0].text, strict=True) is not None
            ):
                return s0, e0
    return start, end


def _before_a_name(doc: Doc, end: int) -> bool:
    """A capitalised word follows the span (or the rank's full stop): the title is that name's."""
    i = end + 1 if end < len(doc) and doc[end].text == "." else end
    return i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()
