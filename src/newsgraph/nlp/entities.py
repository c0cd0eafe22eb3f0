"""Entities: typed mentions, document-level consistency and clustering into entities.

The component ``newsgraph_entities`` runs after the statistical NER. It

1. takes the NER's PERSON/ORG/GPE/LOC/FAC/NORP spans as candidates (trimmed of
   determiners, quotes and possessives);
2. adds mentions from general patterns: full-name/acronym pairs ("Full Name
   (ACR)", "ACR (Full Name)"), place cues ("the province of X", "the battle of
   X", "X province"), the object of "told" as a media organisation;
3. re-types candidates with evidence: person titles and name particles, organisation
   head words, the gazetteer, locative prepositions, coordination with places;
4. makes the document consistent: a word seen as part of a person's full name is
   that person everywhere; one surface form gets one type;
5. finds identity statements that name an alias ("whose real name is Y") so the
   alias is carried on its entity, not made a second entity;
6. clusters mentions into entities and adds the remaining occurrences of their names.

Results: ``doc.spans["ng_mentions"]`` (label_ = type, kb_id_ = entity id) and
``doc._.ng_entities``; identity statements wait in ``doc._.ng_identity`` for the
identity component, which needs coreference and attribution first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import Lexicon, load_lexicon
from .names import fold, place_key
from .spans import BRACKETS, CLOSE_QUOTES, HYPHENS, OPEN_QUOTES, is_acronym, is_cap, read_name, trim

NER_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
}
TYPES = ("PERSON", "ORG", "PLACE")
# Strength of the evidence behind a mention's type: patterns beat rules beat the NER.
PATTERN, RULE, NER = 3, 2, 1


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    label: str
    strength: int
    rule: str
    alias_kind: str | None = None  # set when the mention is an alias phrase of another mention
    alias_of: Mention | None = None
    acronym_of: Mention | None = None
    entity: int = -1


@dataclass(slots=True)
class Entity:
    label: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # alias text -> kind
    place_key: str | None = None


def register() -> None:
    for name in ("ng_identity",):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory(
    "newsgraph_entities",
    assigns=["doc.spans", "doc._.ng_entities", "doc._.ng_identity"],
    requires=["doc.ents", "token.dep", "token.tag"],
)
def make_entities(nlp: Language, name: str) -> EntityComponent:
    register()
    return EntityComponent(load_lexicon(), load_gazetteer())


class EntityComponent:
    def __init__(self, lex: Lexicon, gazetteer: Gazetteer) -> None:
        self.lex = lex
        self.gaz = gazetteer
        self.alias_phrases = sorted(
            ((tuple(p.lower().split()), kind) for kind, ps in lex.alias_triggers.items() for p in ps),
            key=lambda x: -len(x[0]),
        )
        self.alias_first_words = frozenset(phrase[0] for phrase, _kind in self.alias_phrases)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.candidates(doc)
        mentions = self.retype(doc, mentions)
        mentions = self.consistent(doc, mentions)
        mentions += self.alias_mentions(doc, mentions)
        entities = self.cluster(doc, mentions)
        self.extend(doc, entities)
        self.write(doc, entities)
        return doc

    # 1-2. candidates ---------------------------------------------------------------

    def candidates(self, doc: Doc) -> list[Mention]:
        found: list[Mention] = []
        found += self.acronym_pairs(doc)
        found += self.place_cues(doc)
        found += self.media_cues(doc)
        found += self.group_phrases(doc)
        found += self.titled_names(doc)
        found += self.of_names(doc)
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
            if label == "PERSON":
                start = self._expand_person(doc, start, end)
            elif label != "ORG":
                start, end = self._expand_place(doc, start, end)
            if start >= end or not any(
                is_cap(doc[i]) or doc[i].text[:1].isupper() for i in range(start, end)
            ):
                continue
            if any(i in taken for i in range(start, end)):
                continue
            found.append(Mention(start, end, label, NER, "ner"))
        found += self.untagged(doc, taken | ner_tokens)
        return _dedupe(found)

    def group_phrases(self, doc: Doc) -> list[Mention]:
        """A nationality or country heading a group noun is an organisation: "Iraqi security forces"."""
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
                if token.lower_ in self.lex.group_nouns and token.pos_ in ("NOUN", "PROPN"):
                    nxt = doc[k + 1] if k + 1 < len(doc) else None
                    if nxt is not None and nxt.lower_ in self.lex.group_nouns and nxt.pos_ == "NOUN":
                        continue
                    out.append(Mention(start, k + 1, "ORG", RULE, "group_phrase"))
                    found = True
                    break
            plural = doc[end - 1].tag_ in ("NNPS", "NNS") and doc[end - 1].dep_ not in ("amod", "compound")
            if not found and ent.label_ == "NORP" and plural:
                out.append(Mention(start, end, "ORG", RULE, "group_plural"))
        return out

    def of_names(self, doc: Doc) -> list[Mention]:
        """Organisation names built with "of": "Ministry of Defence", "Government of Iraq"."""
        out: list[Mention] = []
        n = len(doc)
        for token in doc:
            if token.lower_ != "of" or token.i == 0 or token.i + 1 >= n:
                continue
            head = doc[token.i - 1]
            if not is_cap(head) or head.lower_ not in self.lex.org_heads:
                continue
            start = head.i
            sent = token.sent
            while (
                start > sent.start
                and is_cap(doc[start - 1])
                and doc[start - 1].lower_ not in self.lex.person_titles
            ):
                start -= 1
            j = token.i + 1
            end = j
            while j < sent.end:
                if doc[j].lower_ == "the" and j + 1 < sent.end and is_cap(doc[j + 1]):
                    j += 1
                stop = read_name(doc, j, self.lex, sent_end=sent.end)
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
                    stop = read_name(doc, nxt, self.lex, sent_end=sent.end)
                    if doc[j].lower_ == "and" and any(
                        doc[t].lower_ in self.lex.org_heads for t in range(nxt, stop)
                    ):
                        break  # "the Government of X and the Y Regional Government": two names
                    j += 1
                    continue
                break
            if end > token.i + 1:
                out.append(Mention(start, end, "ORG", RULE, "of_name"))
        return out

    def titled_names(self, doc: Doc) -> list[Mention]:
        """A capitalised title before a name makes the name a person: "Gen. Smith", "Ambassador Jones"."""
        out: list[Mention] = []
        org_tokens = {i for ent in doc.ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
        for token in doc:
            low = token.lower_.rstrip(".")
            if not token.text[:1].isupper() or low not in self.lex.person_titles or token.i in org_tokens:
                continue
            start = token.i + 1
            if start < len(doc) and doc[start].text == ".":
                start += 1
            while (
                start < len(doc)
                and doc[start].lower_.rstrip(".") in self.lex.person_titles
                and is_cap(doc[start])
            ):
                start += 1
            end = read_name(doc, start, self.lex, limit=4, sent_end=token.sent.end)
            if end == start or any(i in org_tokens for i in range(start, end)):
                continue
            place = self.gaz.lookup(doc[start:end].text)
            if doc[end - 1].lower_ in self.lex.org_heads or (place is not None and place.kind != "city"):
                continue
            out.append(Mention(start, end, "PERSON", RULE, "title_name"))
        return out

    def untagged(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """Names the NER missed: gazetteer places, organisation acronyms, "the Coalition"."""
        out: list[Mention] = []
        surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON"}
        i = 0
        n = len(doc)
        while i < n:
            token = doc[i]
            if i in taken or not is_cap(token):
                i += 1
                continue
            sent = token.sent
            caps = sum(1 for t in sent if t.is_alpha and t.text.isupper())
            shouting = caps > 0.5 * max(1, sum(1 for t in sent if t.is_alpha))
            if is_acronym(token.text) and not shouting and token.text not in self.lex.allcaps_nonnames:
                place = self.gaz.lookup(token.text)
                label = "PLACE" if place is not None and place.kind == "country" else "ORG"
                out.append(Mention(i, i + 1, label, NER, "acronym_untagged"))
                i += 1
                continue
            end = read_name(doc, i, self.lex, sent_end=sent.end)
            if any(j in taken for j in range(i, end)):
                end = next(j for j in range(i, end) if j in taken)
            hit = None
            for stop in range(end, i, -1):
                place = self.gaz.lookup(doc[i:stop].text, strict=True)
                if place is not None:
                    hit = (stop, place)
                    break
            before = doc[i - 1].lower_ if i > 0 else ""
            if hit is not None and not token.is_sent_start:
                stop, place = hit
                big = place.kind in ("country", "admin1") or place.population >= 100_000
                if big or before in self.lex.locative_prepositions:
                    out.append(Mention(i, stop, "PLACE", RULE, "gazetteer_span"))
                    i = stop
                    continue
            names = [t for t in doc[i:end] if t.tag_ == "NNP"]
            plain = not any(
                t.lower_ in self.lex.org_heads or t.lower_ in self.lex.person_titles for t in names
            )
            if end - i >= 2 and len(names) == end - i and doc[end - 1].text in surnames and plain:
                out.append(Mention(i, end, "PERSON", NER, "surname_known"))
                i = end
                continue
            if (
                end == i + 1
                and before == "the"
                and token.lower_ in self.lex.org_heads
                and not token.is_sent_start
                and token.pos_ in ("PROPN", "NOUN")
            ):
                out.append(Mention(i, i + 1, "ORG", NER, "the_org_head"))
            i = max(end, i + 1)
        return out

    def _expand_person(self, doc: Doc, start: int, end: int) -> int:
        """Take in given names the NER left out: "Marcus [Delaney Whitfield]" -> the whole name."""
        sent_start = doc[start].sent.start
        while start > sent_start:
            prev = doc[start - 1]
            if not (
                is_cap(prev) and prev.tag_ == "NNP" and prev.dep_ == "compound" and start <= prev.head.i < end
            ):
                break
            if prev.lower_.rstrip(".") in self.lex.person_titles or prev.ent_type_ not in ("", "PERSON"):
                break
            start -= 1
        return start

    def _expand_place(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Grow a partial place span to the full name the gazetteer knows: "Zawr" -> "Dayr az Zawr"."""
        if self.gaz.lookup(doc[start:end].text) is not None:
            return start, end
        sent = doc[start].sent
        left = start
        while left > sent.start and start - left < 3:
            prev = doc[left - 1]
            if (
                is_cap(prev)
                or prev.lower_ in self.lex.name_connectors
                or (prev.text in HYPHENS and not prev.whitespace_)
            ):
                left -= 1
            else:
                break
        right = read_name(doc, start, self.lex, sent_end=sent.end)
        for s0 in range(left, start + 1):
            for e0 in range(max(right, end), end - 1, -1):
                if (
                    (s0, e0) != (start, end)
                    and is_cap(doc[s0])
                    and self.gaz.lookup(doc[s0:e0].text, strict=True) is not None
                ):
                    return s0, e0
        return start, end

    def acronym_pairs(self, doc: Doc) -> list[Mention]:
        out: list[Mention] = []
        n = len(doc)
        for i, token in enumerate(doc):
            if token.text != "(" or i + 2 >= n or doc[i + 2].text != ")" or not is_acronym(doc[i + 1].text):
                continue
            acr = doc[i + 1]
            k = i - 1
            while k >= 0 and doc[k].text in CLOSE_QUOTES:
                k -= 1
            span = self._full_before(doc, k + 1, acr.text)
            if span is None:
                continue
            label = self._pair_label(doc, *span)
            full = Mention(span[0], span[1], label, PATTERN, "acronym_pair")
            out.append(full)
            out.append(Mention(acr.i, acr.i + 1, label, PATTERN, "acronym", acronym_of=full))
        for i, token in enumerate(doc):
            if not is_acronym(token.text) or i + 2 >= n or doc[i + 1].text != "(":
                continue
            close = next((j for j in range(i + 2, min(n, i + 14)) if doc[j].text == ")"), None)
            if close is None:
                continue
            start, end = trim(doc, i + 2, close)
            if start < end and self._initials_match(doc, start, end, token.text):
                label = self._pair_label(doc, start, end)
                full = Mention(start, end, label, PATTERN, "acronym_pair")
                out.append(full)
                out.append(Mention(i, i + 1, label, PATTERN, "acronym", acronym_of=full))
        return out

    def _full_before(self, doc: Doc, end: int, acronym: str) -> tuple[int, int] | None:
        for start in range(end - 1, max(-1, end - 14), -1):
            token = doc[start]
            if not (is_cap(token) or token.lower_ in self.lex.acronym_stopwords or token.text in HYPHENS):
                return None
            if is_cap(token) and self._initials_match(doc, start, end, acronym):
                return start, end
        return None

    def _initials_match(self, doc: Doc, start: int, end: int, acronym: str) -> bool:
        letters = "".join(c for c in acronym if c.isalpha()).upper()
        words = [
            t for t in doc[start:end] if t.text not in HYPHENS and t.text not in OPEN_QUOTES | CLOSE_QUOTES
        ]
        if not words or not is_cap(words[0]):
            return False
        caps = "".join(t.text[0].upper() for t in words if t.text[:1].isupper())
        every = "".join(t.text[0].upper() for t in words if t.is_alpha)
        return letters in (caps, every)

    def _pair_label(self, doc: Doc, start: int, end: int) -> str:
        text = doc[start:end].text
        place = self.gaz.lookup(text)
        if place is not None and place.kind in ("country", "admin1", "continent"):
            return "PLACE"
        return "ORG"

    def place_cues(self, doc: Doc) -> list[Mention]:
        out: list[Mention] = []
        n = len(doc)
        for i, token in enumerate(doc):
            low = token.lower_
            lower_case = token.text == low or (token.is_sent_start and token.text[1:] == low[1:])
            if low in self.lex.place_of_cues and lower_case and i + 2 < n and doc[i + 1].lower_ == "of":
                plural = token.tag_ in ("NNS", "NNPS") or low.endswith("s")
                out += self._place_list(doc, i + 2, plural=plural)
            if low in self.lex.place_suffix_cues and token.text == low and i > 0:
                k = i
                while k > 0 and (
                    is_cap(doc[k - 1])
                    or (doc[k - 1].text in HYPHENS and not doc[k - 1].whitespace_)
                    or (doc[k - 1].lower_ in self.lex.name_connectors and k < i)
                ):
                    k -= 1
                while k < i and not is_cap(doc[k]) and doc[k].lower_ not in self.lex.name_connectors:
                    k += 1
                if k < i and not any(doc[j].lower_ in self.lex.org_heads for j in range(k, i)):
                    out.append(Mention(k, i, "PLACE", PATTERN, "place_suffix_cue"))
        return out

    def _place_list(self, doc: Doc, start: int, *, plural: bool) -> list[Mention]:
        out: list[Mention] = []
        j = start
        sent_end = doc[start].sent.end
        while j < sent_end:
            if doc[j].lower_ == "the":
                j += 1
            end = read_name(doc, j, self.lex, sent_end=sent_end)
            if end == j or (j > 0 and doc[j - 1].lower_ in self.lex.person_titles):
                break
            if any(doc[t].lower_ in self.lex.org_heads for t in range(j, end)):
                break
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

    def media_cues(self, doc: Doc) -> list[Mention]:
        out: list[Mention] = []
        for token in doc:
            if token.pos_ != "VERB" or token.lemma_ not in self.lex.media_cue_verbs:
                continue
            for child in token.children:
                if child.dep_ not in ("dobj", "dative", "iobj") or not is_cap(child):
                    continue
                start, end = self._name_around(doc, child)
                if end - start == 1 or doc[end - 1].lower_ in self.lex.org_heads:
                    if start > 0 and doc[start - 1].lower_ in self.lex.person_titles:
                        continue
                    out.append(Mention(start, end, "ORG", RULE, "told_media"))
        return out

    def _name_around(self, doc: Doc, token: Any) -> tuple[int, int]:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return trim(doc, ent.start, ent.end)
        return token.i, read_name(doc, token.i, self.lex) or token.i + 1

    # 3. types ------------------------------------------------------------------------

    def retype(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for m in mentions:
            if m.strength >= PATTERN:
                out.append(m)
                continue
            label = self._evidence_label(doc, m)
            if label is None:
                continue
            m.label = label
            out.append(m)
        # coordination with an organisation: "the security forces and Peshmerga"
        orgs = {i for m in out if m.label == "ORG" for i in range(m.start, m.end)}
        for m in out:
            if m.label == "PLACE" and m.strength == NER and self.gaz.lookup(m_text(doc, m)) is None:
                before = doc[m.start - 1].lower_ if m.start > 0 else ""
                if self._conj_with(doc, m, orgs) or before in self.lex.agentive_prepositions:
                    m.label, m.strength, m.rule = "ORG", RULE, "org_context"
        # coordination with a place: "Palmyra, Aleppo and Damascus"
        for _ in range(2):
            places = {i for m in out if m.label == "PLACE" for i in range(m.start, m.end)}
            for m in out:
                if (
                    m.label == "PLACE"
                    or m.strength >= PATTERN
                    or m.rule in ("person_title", "person_particle")
                ):
                    continue
                if self._conj_with(doc, m, places) and m.end - m.start <= 4:
                    m.label, m.strength, m.rule = "PLACE", RULE, "conj_place"
        return out

    def _evidence_label(self, doc: Doc, m: Mention) -> str | None:
        span = doc[m.start : m.end]
        lows = [t.lower_ for t in span]
        before = doc[m.start - 1] if m.start > 0 else None
        before_low = before.lower_ if before is not None else ""
        ntok = sum(1 for t in span if t.text not in HYPHENS)
        place = self.gaz.lookup(span.text, strict=m.label == "PERSON")
        if lows[-1] in self.lex.org_heads and m.label != "ORG" and ntok > 1:
            m.strength, m.rule = RULE, "org_head"
            return "ORG"
        titled = before is not None and before_low in self.lex.person_titles and before.text[:1].islower()
        if titled and (m.label in ("PERSON", "NORP") or (m.label != "ORG" and place is None)):
            m.strength, m.rule = RULE, "person_title"
            return "PERSON"
        particles = [t for t in span if t.lower_ in self.lex.person_particles and t.text[:1].isupper()]
        if particles and ntok > 1 and (place is None or place.kind == "city") and m.label != "ORG":
            m.strength, m.rule = RULE, "person_particle"
            return "PERSON"
        locative = (
            before_low in self.lex.locative_prepositions and before is not None and before.dep_ == "prep"
        )
        if place is not None and m.label == "NORP":
            head = span.root
            if (
                head.dep_ not in ("amod", "compound")
                and head.tag_ not in ("NNS", "NNPS")
                and not lows[-1].endswith("s")
            ):
                m.strength, m.rule = RULE, "gazetteer"
                return "PLACE"
        if place is not None and m.label in ("PERSON", "PLACE"):
            big = place.kind != "city" or place.population >= 100_000
            if m.label != "PERSON" or big or locative:
                m.strength, m.rule = RULE, "gazetteer"
                return "PLACE"
        if m.label == "ORG" and place is not None and ntok <= 3:
            big = place.kind in ("country", "admin1") or place.population >= 100_000
            if locative or (big and not any(w in self.lex.org_heads for w in lows)):
                m.strength, m.rule = RULE, "gazetteer_org"
                return "PLACE"
        if m.label == "PERSON" and locative and ntok <= 3 and before_low != "from":
            m.strength, m.rule = RULE, "locative"
            return "PLACE"
        if m.label == "NORP":
            return None
        return m.label

    def _conj_with(self, doc: Doc, m: Mention, places: set[int]) -> bool:
        head = doc[m.start : m.end].root
        linked = [head.head] if head.dep_ == "conj" else []
        linked += [c for c in head.children if c.dep_ == "conj"]
        if head.dep_ == "conj":
            linked += [c for c in head.head.children if c.dep_ == "conj" and c.i != head.i]
        return any(t.i in places for t in linked)

    # 4. consistency ------------------------------------------------------------------

    def consistent(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        full_people = [
            _name_tokens(doc, m, self.lex) for m in mentions if m.label == "PERSON" and m.strength >= NER
        ]
        full_people = [t for t in full_people if len(t) >= 2]
        for m in mentions:
            if m.label == "PERSON" or m.strength >= PATTERN:
                continue
            words = _name_tokens(doc, m, self.lex)
            if words and any(_is_part(words, full) for full in full_people):
                m.label, m.strength, m.rule = "PERSON", RULE, "person_name_part"
                continue
            for full in full_people:
                if len(words) > len(full) and words[-len(full) :] == full:
                    m.start = m.end - len(full)  # "Middle East John Smith" -> "John Smith"
                    m.label, m.strength, m.rule = "PERSON", RULE, "person_name_tail"
                    break
        # one surface form, one type: the type with the strongest evidence wins
        votes: dict[str, Counter[str]] = {}
        for m in mentions:
            votes.setdefault(_surface(doc, m), Counter())[m.label] += m.strength
        for m in mentions:
            if m.strength >= PATTERN or m.acronym_of is not None:
                continue
            label, _ = votes[_surface(doc, m)].most_common(1)[0]
            m.label = label
        for m in mentions:
            if m.label == "PLACE" and m.strength < PATTERN and self._country_acts(doc, m):
                m.label, m.rule = "ORG", "country_acts"
        return mentions

    def _country_acts(self, doc: Doc, m: Mention) -> bool:
        """A country named anywhere but as a location is its state (GPE metonymy, as in ACE).

        "in Syria", "across Iraq", "travel to Turkey", "Dayr az Zawr, Syria" are places;
        "Turkey has sent troops", "the UK's commitment", "U.S. support", "working with
        Turkey" are the state acting.
        """
        text = m_text(doc, m)
        place = self.gaz.lookup(text)
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
            return head.lower_ in self.lex.agentive_prepositions
        if root.dep_ == "nsubj":
            verb = head.lemma_.lower()
            return verb not in self.lex.metonymy_exclude_verbs or (
                verb == "be" and not any(c.dep_ == "attr" for c in head.children)
            )
        if root.dep_ in ("compound", "nmod", "amod") and head.pos_ == "NOUN":
            low = head.lower_
            return low not in self.lex.place_of_cues and low not in self.lex.place_suffix_cues
        return root.dep_ in ("poss", "dobj", "nsubjpass", "dative")

    # 5. identity statements that name an alias -------------------------------------

    def alias_mentions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not any(t.lower_ in self.alias_first_words for t in doc):
            return out
        lows = [t.lower_ for t in doc]
        resume = 0
        for i in range(len(doc)):
            if i < resume:
                continue
            if lows[i] not in self.alias_first_words:
                continue
            for phrase, kind in self.alias_phrases:
                if tuple(lows[i : i + len(phrase)]) != phrase:
                    continue
                j = i + len(phrase)
                while j < len(doc) and (
                    doc[j].lower_ in ("is", "was", ":", ",", "as") or doc[j].text in OPEN_QUOTES
                ):
                    j += 1
                end = read_name(doc, j, self.lex, sent_end=doc[i].sent.end)
                if end == j:
                    break
                subject = self._alias_subject(doc, mentions, i)
                if subject is None:
                    break
                for other in list(mentions):
                    if other is not subject and other.start < end and j < other.end:
                        mentions.remove(other)
                out.append(
                    Mention(
                        j, end, subject.label, PATTERN, "alias_" + kind, alias_kind=kind, alias_of=subject
                    )
                )
                resume = end
                break
        return out

    def _alias_subject(self, doc: Doc, mentions: list[Mention], i: int) -> Mention | None:
        sent = doc[i].sent
        before = [m for m in mentions if sent.start <= m.start and m.end <= i and m.acronym_of is None]
        if not before:
            return None
        return max(before, key=lambda m: m.end)

    # 6. clustering ---------------------------------------------------------------------

    def cluster(self, doc: Doc, mentions: list[Mention]) -> list[Entity]:
        entities: list[Entity] = []
        by_key: dict[tuple[str, str], int] = {}
        acronyms: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.acronym_of is not None:
                acronyms.setdefault(id(m.acronym_of), []).append(m)
        ordered = sorted(
            (m for m in mentions if m.alias_of is None and m.acronym_of is None),
            key=lambda m: (-len(_name_tokens(doc, m, self.lex)), m.start),
        )
        for m in ordered:
            key = self._key(doc, m)
            eid = by_key.get((m.label, key))
            if eid is None:
                eid = self._partial(doc, m, entities)
            if eid is None:
                entities.append(Entity(m.label))
                eid = len(entities) - 1
            entities[eid].mentions.append(m)
            m.entity = eid
            by_key[(m.label, key)] = eid
            for acr in acronyms.get(id(m), []):
                entities[eid].aliases.setdefault(m_text(doc, acr), "acronym")
                entities[eid].mentions.append(acr)
                acr.entity = eid
                by_key[(m.label, fold(m_text(doc, acr)))] = eid
        for m in mentions:
            if m.alias_of is not None and m.alias_of.entity >= 0:
                entity = entities[m.alias_of.entity]
                entity.aliases.setdefault(m_text(doc, m), m.alias_kind or "alias")
                entity.mentions.append(m)
                m.entity = m.alias_of.entity
        return entities

    def _key(self, doc: Doc, m: Mention) -> str:
        text = m_text(doc, m)
        if m.label == "PLACE":
            place = self.gaz.lookup(text)
            return "gaz:" + place.name if place is not None else place_key(text)
        return fold(text)

    def _partial(self, doc: Doc, m: Mention, entities: list[Entity]) -> int | None:
        words = _name_tokens(doc, m, self.lex)
        if not words:
            return None
        choices: list[int] = []
        for eid, entity in enumerate(entities):
            if entity.label != m.label:
                continue
            if m.label == "PERSON" and any(
                _is_part(words, _name_tokens(doc, o, self.lex)) for o in entity.mentions
            ):
                choices.append(eid)
            elif m.label == "ORG" and len(words) >= 2:
                if any(_is_suffix(words, _name_tokens(doc, o, self.lex)) for o in entity.mentions):
                    choices.append(eid)
            elif m.label == "ORG" and m_text(doc, m) in entity.aliases:
                choices.append(eid)
        if not choices:
            return None
        return max(choices, key=lambda e: (len(entities[e].mentions), -entities[e].mentions[0].start))

    # 7. remaining occurrences of known names -------------------------------------------------

    def extend(self, doc: Doc, entities: list[Entity]) -> None:
        forms: dict[tuple[str, ...], int] = {}
        owners: dict[tuple[str, ...], set[int]] = {}
        for eid, entity in enumerate(entities):
            for m in entity.mentions:
                words = tuple(t.text for t in doc[m.start : m.end])
                owners.setdefault(words, set()).add(eid)
                if entity.label == "PERSON" and m.alias_of is None:
                    surname = _surname(doc, m, self.lex)
                    if surname and surname != words:
                        owners.setdefault(surname, set()).add(eid)
        for words, eids in owners.items():
            forms[words] = max(
                eids, key=lambda e: (len(entities[e].mentions), -entities[e].mentions[0].start)
            )
        if not forms:
            return
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
                m = Mention(i, end, entities[eid].label, NER, "name_repeat", entity=eid)
                entities[eid].mentions.append(m)
                covered.update(range(i, end))
                i = end - 1
                break
            i += 1

    # output --------------------------------------------------------------------------------

    def write(self, doc: Doc, entities: list[Entity]) -> None:
        spans: list[Span] = []
        records: list[dict[str, Any]] = []
        kept = [e for e in entities if e.mentions and e.label in TYPES]
        for n, entity in enumerate(kept, start=1):
            eid = f"e{n}"
            naming = [
                m for m in entity.mentions if m.alias_of is None and m.acronym_of is None
            ] or entity.mentions
            name = max((m_text(doc, m) for m in naming), key=lambda t: (len(t.split()), len(t)))
            aliases = [{"name": a, "kind": k} for a, k in entity.aliases.items() if fold(a) != fold(name)]
            records.append({"id": eid, "type": entity.label, "name": name, "aliases": aliases})
            for m in sorted(entity.mentions, key=lambda m: m.start):
                spans.append(Span(doc, m.start, m.end, label=entity.label, kb_id=eid))
        doc.spans["ng_mentions"] = spans
        doc._.ng_entities = records
        statements = []
        for entity, record in zip(kept, records, strict=True):
            for m in entity.mentions:
                if m.alias_of is not None or m.acronym_of is not None:
                    evidence = doc[m.start].sent
                    kind = m.alias_kind or "acronym"
                    statements.append(
                        {
                            "entity": record["id"],
                            "name": m_text(doc, m),
                            "kind": kind,
                            "sent": (evidence.start, evidence.end),
                        }
                    )
        doc._.ng_identity = statements


def m_text(doc: Doc, m: Mention) -> str:
    return str(doc[m.start : m.end].text)


def _surface(doc: Doc, m: Mention) -> str:
    return fold(m_text(doc, m))


def _name_tokens(doc: Doc, m: Mention, lex: Lexicon) -> tuple[str, ...]:
    """The words of a name, folded, without hyphens and connectors: "al-Baghdadi" -> ("baghdadi",)."""
    return tuple(
        fold(t.text)
        for t in doc[m.start : m.end]
        if t.text not in HYPHENS and t.lower_ not in lex.name_connectors
    )


def _surname(doc: Doc, m: Mention, lex: Lexicon) -> tuple[str, ...] | None:
    tokens = list(doc[m.start : m.end])
    words = [t for t in tokens if t.text not in HYPHENS and t.lower_ not in lex.name_connectors]
    if len(words) < 2:
        return None
    last = tokens.index(words[-1])
    start = last
    while start > 0 and (tokens[start - 1].text in HYPHENS or tokens[start - 1].lower_ in ("al", "el")):
        start -= 1
    return tuple(t.text for t in tokens[start : last + 1])


def _is_part(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A shorter name that is the full name's surname part or its first name."""
    if not words or len(words) >= len(full):
        return False
    return full[-len(words) :] == words or (len(words) == 1 and full[0] == words[0])


def _is_suffix(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return 0 < len(words) < len(full) and full[-len(words) :] == words


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Keep the strongest of overlapping mentions (then the longest, then the first)."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-m.strength, -(m.end - m.start), m.start)):
        if m.acronym_of is None and any(i in taken for i in range(m.start, m.end)):
            continue
        if m.acronym_of is not None and any(i in taken for i in range(m.start, m.end)):
            continue
        chosen.append(m)
        taken.update(range(m.start, m.end))
    return [m for m in chosen if m.acronym_of is None or m.acronym_of in chosen]
