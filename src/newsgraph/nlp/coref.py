"""In-document coreference for pronouns and definite descriptions.

``newsgraph_coref`` adds mentions to ``doc.spans["ng_mentions"]`` for "he", "his",
"they", "its", "the militant", "the group", "the ministry" ... A news report keeps
two people apart that a naive "nearest name" rule mixes up: the *speaker* who is
quoted and the *subject* the quote is about. So:

- a pronoun that is the subject of a reporting verb outside quotes ("..., he said")
  is the current speaker, carried over sentences and paragraphs;
- any other person pronoun or description is the most salient person of the last
  few sentences (most mentions so far, then most recent) other than the speaker;
- an organisation description takes the organisation whose name holds its head
  noun ("the ministry"), else the most salient recent organisation ("the group").
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .attribution import mention_index, speaker_entity
from .lexicon import Lexicon, load_lexicon
from .names import fold
from .spans import is_cap, lower_words, quote_regions

WINDOW = 3  # sentences back that a pronoun may reach


@Language.factory("newsgraph_coref", assigns=["doc.spans"], requires=["doc.spans", "token.dep"])
def make_coref(nlp: Language, name: str) -> CorefComponent:
    return CorefComponent(load_lexicon())


class CorefComponent:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get("ng_mentions", []))
        types = {s.kb_id_: s.label_ for s in spans}
        names = {}
        for record in doc._.ng_entities or []:
            names[record["id"]] = {fold(w) for w in record["name"].split()}
        index = mention_index(doc)
        quotes = quote_regions(doc)
        lows = lower_words(doc)
        counts: Counter[str] = Counter()
        last_seen: dict[str, int] = {}
        speaker: str | None = None
        added: list[Span] = []
        for si, sent in enumerate(doc.sents):
            named = speaker_entity(sent, self.lex, quotes, index, types)
            if named is not None and types.get(named) not in ("PERSON", "ORG"):
                named = None
            persons_here = 0
            i = sent.start
            while i < sent.end:
                if i in index:
                    eid = index[i]
                    counts[eid] += 1
                    last_seen[eid] = si
                    persons_here += types.get(eid) == "PERSON"
                    while i + 1 < sent.end and index.get(i + 1) == eid:
                        i += 1
                    i += 1
                    continue
                low = lows[i]
                target: str | None = None
                end = i + 1
                if low in self.lex.person_pronouns:
                    if self._reporting_subject(doc[i], quotes):
                        target = named or speaker
                    if target is None:
                        target = self._topic(types, counts, last_seen, si, {named, speaker}, "PERSON")
                elif low in self.lex.plural_pronouns and persons_here < 2 or low in self.lex.neuter_pronouns:
                    target = self._recent(types, last_seen, si, "ORG", 1)
                elif low == "the":
                    end, head = self._description(doc, i, sent.end, index)
                    if head in self.lex.person_descriptions:
                        target = self._topic(types, counts, last_seen, si, {named, speaker}, "PERSON")
                    elif head in self.lex.org_descriptions:
                        modifiers = {t.lower_ for t in doc[i + 1 : end - 1]}
                        # "the interior ministry" names a body of its own; "the terror group" and
                        # "the group" point back to the group in the story
                        generic = modifiers <= self.lex.generic_org_modifiers
                        target = self._org_for(head, types, names, counts, last_seen, si, salient=generic)
                    else:
                        end = i + 1
                if target is not None:
                    added.append(Span(doc, i, end, label=types[target], kb_id=target))
                    for j in range(i, end):
                        index[j] = target
                    last_seen[target] = si
                i = end
            if named is not None:
                speaker = named
            elif (said := speaker_entity(sent, self.lex, quotes, index, types)) is not None:
                speaker = said
        added += self._lede(doc, spans, types)
        doc.spans["ng_mentions"] = sorted(spans + added, key=lambda s: s.start)
        return doc

    def _lede(self, doc: Doc, spans: list[Span], types: dict[str, str]) -> list[Span]:
        """A report's first sentence often names its protagonist only by description
        ("A senior militant leader has been arrested"): link that subject to the person the
        report names most, when the first sentence names no person."""
        first = next(iter(doc.sents), None)
        if first is None or any(s.label_ == "PERSON" and s.start < first.end for s in spans):
            return []
        named = Counter(s.kb_id_ for s in spans if s.label_ == "PERSON")
        if not named:
            return []
        top, _ = named.most_common(1)[0]
        for token in first:
            subject = token.head if token.dep_ == "appos" else token
            verb = subject.head
            main = verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT")
            if subject.dep_ not in ("nsubj", "nsubjpass") or not main or token.tag_ != "NN":
                continue
            described = token.lower_ in self.lex.person_descriptions or token.lower_ in self.lex.person_titles
            if described and token.i not in {i for s in spans for i in range(s.start, s.end)}:
                return [Span(doc, token.i, token.i + 1, label="PERSON", kb_id=top)]
        return []

    def _reporting_subject(self, token: Any, quotes: list[tuple[int, int]]) -> bool:
        head = token.head
        return (
            token.dep_ == "nsubj"
            and head.lemma_.lower() in self.lex.reporting_verbs
            and not any(s <= token.i < e for s, e in quotes)
        )

    def _topic(
        self,
        types: dict[str, str],
        counts: Counter[str],
        last_seen: dict[str, int],
        si: int,
        exclude: set[str | None],
        label: str,
    ) -> str | None:
        recent = [e for e, s in last_seen.items() if types.get(e) == label and si - s <= WINDOW]
        preferred = [e for e in recent if e not in exclude] or recent
        if not preferred:
            return None
        return max(preferred, key=lambda e: (counts[e], last_seen[e]))

    def _recent(
        self, types: dict[str, str], last_seen: dict[str, int], si: int, label: str, window: int
    ) -> str | None:
        recent = [e for e, s in last_seen.items() if types.get(e) == label and si - s <= window]
        return max(recent, key=lambda e: last_seen[e]) if recent else None

    def _org_for(
        self,
        head: str,
        types: dict[str, str],
        names: dict[str, set[str]],
        counts: Counter[str],
        last_seen: dict[str, int],
        si: int,
        *,
        salient: bool = True,
    ) -> str | None:
        named = [e for e in last_seen if types.get(e) == "ORG" and head in names.get(e, set())]
        if named:
            return max(named, key=lambda e: last_seen[e])
        if not salient:
            return None
        recent = [e for e, s in last_seen.items() if types.get(e) == "ORG" and si - s <= WINDOW + 2]
        return max(recent, key=lambda e: (counts[e], last_seen[e])) if recent else None

    def _description(self, doc: Doc, i: int, sent_end: int, index: dict[int, str]) -> tuple[int, str]:
        """'the' + up to two lower-case modifiers + a singular head noun: (end, head)."""
        for size in (1, 2, 3):
            j = i + size
            if j >= sent_end or j in index:
                break
            token = doc[j]
            if not token.text.islower() or token.pos_ not in ("NOUN", "ADJ", "PROPN"):
                break
            if token.pos_ == "NOUN" and token.tag_ == "NN":
                nxt = doc[j + 1] if j + 1 < len(doc) else None
                if nxt is not None and nxt.tag_ in ("NN", "NNS") and nxt.text.islower():
                    continue  # a compound: "the terror group"
                if nxt is not None and (nxt.lower_ == "of" or is_cap(nxt)):
                    break
                return j + 1, token.lower_
        return i + 1, ""
