"""What the fact and event extractors share: mentions by token, sources, hedging, statements.

`Context` is built once per Doc after coreference. It answers "which entity does
this token refer to" (through relative pronouns and appositions), "who says this
sentence" (the speaker of the sentence, else the speaker of a quotation that
spans it), and builds statements in the contract's shape with evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..nlp.attribution import is_hedged, mention_index, speaker_entity
from ..nlp.identity import evidence
from ..nlp.lexicon import Lexicon, load_lexicon
from ..nlp.spans import quote_regions

RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
CARRY = 2  # paragraphs a speaker is carried over


@dataclass(frozen=True, slots=True)
class Patterns:
    title_predicates: dict[str, str]
    member_adjectives: frozenset[str]
    role_nouns: frozenset[str]
    birth_lemmas: frozenset[str]
    residence_lemmas: frozenset[str]
    leadership_nouns: frozenset[str]
    leadership_verbs: frozenset[str]
    lead_verbs: frozenset[str]
    position_nouns: frozenset[str]
    position_verbs: frozenset[str]
    event_triggers: dict[str, tuple[str, str | None]]
    verbal_only_triggers: frozenset[str]
    nominal_only_triggers: frozenset[str]
    mode_context: dict[str, tuple[str, ...]]
    commander_verbs: frozenset[str]
    participation_phrases: tuple[tuple[str, ...], ...]
    partner_phrases: tuple[tuple[str, ...], ...]
    place_prepositions: frozenset[str]
    negators: frozenset[str]
    denial_verbs: frozenset[str]
    needs_person_target: frozenset[str]
    thing_objects: frozenset[str]
    death_lemmas: frozenset[str]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    raw = json.loads(resources.files("newsgraph.data").joinpath("patterns.json").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(raw[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(p.split()) for p in raw[key]), key=lambda p: -len(p)))

    return Patterns(
        title_predicates=dict(raw["title_predicates"]),
        member_adjectives=words("member_adjectives"),
        role_nouns=words("role_nouns"),
        birth_lemmas=words("birth_lemmas"),
        residence_lemmas=words("residence_lemmas"),
        leadership_nouns=words("leadership_nouns"),
        leadership_verbs=words("leadership_verbs"),
        lead_verbs=words("lead_verbs"),
        position_nouns=words("position_nouns"),
        position_verbs=words("position_verbs"),
        event_triggers={k: (v[0], v[1]) for k, v in raw["event_triggers"].items()},
        verbal_only_triggers=words("verbal_only_triggers"),
        nominal_only_triggers=words("nominal_only_triggers"),
        mode_context={k: tuple(v) for k, v in raw["mode_context"].items()},
        commander_verbs=words("commander_verbs"),
        participation_phrases=phrases("participation_phrases"),
        partner_phrases=phrases("partner_phrases"),
        place_prepositions=words("place_prepositions"),
        negators=words("negators"),
        denial_verbs=words("denial_verbs"),
        needs_person_target=words("needs_person_target"),
        thing_objects=words("thing_objects"),
        death_lemmas=words("death_lemmas"),
    )


CONTEXT_KEY = "newsgraph_context"


class Context:
    """Per-Doc lookups for the statement extractors."""

    @classmethod
    def of(cls, doc: Any) -> Context:
        """The Doc's context, built once for the fact and event components (the event
        component, which runs last, removes it so that the Doc stays serialisable)."""
        ctx = doc.user_data.get(CONTEXT_KEY)
        if not isinstance(ctx, cls):
            ctx = cls(doc)
            doc.user_data[CONTEXT_KEY] = ctx
        return ctx

    def __init__(self, doc: Any, *, lex: Lexicon | None = None, patterns: Patterns | None = None) -> None:
        self.doc = doc
        self.lex = lex or load_lexicon()
        self.patterns = patterns or load_patterns()
        self.index = mention_index(doc)
        self.types = {s.kb_id_: s.label_ for s in doc.spans.get("ng_mentions", [])}
        self.quotes = quote_regions(doc)
        self.sources = self._sources()

    def _sources(self) -> dict[int, str | None]:
        """Sentence start -> speaker; a quote that spans sentences lends its speaker to each."""
        sents = list(self.doc.sents)
        own = {s.start: speaker_entity(s, self.lex, self.quotes, self.index) for s in sents}
        out = dict(own)
        for start, end in self.quotes:
            inside = [s for s in sents if s.start < end and start < s.end]
            if len(inside) < 2:
                continue
            closing = self.doc[min(end, len(self.doc) - 1)].sent
            speaker = own.get(closing.start) or own.get(inside[0].start)
            for s in inside:
                if out.get(s.start) is None:
                    out[s.start] = speaker
        return self._carry_over(sents, out)

    def _carry_over(self, sents: list[Any], sources: dict[int, str | None]) -> dict[int, str | None]:
        """A paragraph with no attribution of its own, right after attributed ones, goes on
        reporting the same speaker (at most CARRY paragraphs on)."""
        paragraphs: list[list[Any]] = []
        for sent in sents:
            starts_paragraph = sent.start == 0 or "\n" in self.doc[sent.start - 1].text_with_ws
            if starts_paragraph or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(sent)
        last: str | None = None
        carried = 0
        for paragraph in paragraphs:
            own = [sources.get(s.start) for s in paragraph if sources.get(s.start) is not None]
            if own:
                last, carried = own[-1], 0
                continue
            if last is None or carried >= CARRY or len(paragraph[0]) < 4:
                last = None if len(paragraph[0]) >= 4 else last
                continue
            carried += 1
            for sent in paragraph:
                sources[sent.start] = last
        return sources

    def source(self, sent: Any) -> str | None:
        return self.sources.get(sent.start)

    def hedged(self, sent: Any) -> bool:
        return is_hedged(sent, self.lex)

    def entity_at(self, token: Any) -> str | None:
        """The entity a token refers to, through relative pronouns and appositions."""
        if token.i in self.index:
            own = self.index[token.i]
            for child in token.children:
                # '"Org Name" (ORG) leader' parsed with the person noun as an apposition of the org
                other = self.index.get(child.i)
                misparsed = (
                    child.dep_ == "appos" and child.tag_ == "NN" and other is not None and other != own
                )
                if misparsed and self.types.get(own) == "ORG" and self.types.get(other or "") == "PERSON":
                    return other
            return own
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            return self.entity_at(token.head.head)
        for child in token.children:
            bracketed = child.i > 0 and self.doc[child.i - 1].text in ("(", "[")
            if child.dep_ == "appos" and child.i in self.index and not bracketed:
                return self.index[child.i]
        return None

    def entities_at(self, token: Any) -> list[str]:
        """The entity of a token and of every token coordinated with it ("Kirkuk, Mosul and X")."""
        out: list[str] = []
        stack = [token]
        seen: set[int] = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            eid = self.entity_at(t)
            if eid is not None and eid not in out:
                out.append(eid)
            stack.extend(c for c in t.children if c.dep_ == "conj")
        return out

    def subject_of(self, token: Any, *, label: str | None = None) -> str | None:
        """The entity that is the grammatical subject governing a token, walking up the heads."""
        node = token
        for _ in range(8):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                    eid = self.entity_at(child)
                    if eid is not None and (label is None or self.types.get(eid) == label):
                        return eid
            if node.dep_ == "relcl":
                eid = self.entity_at(node.head)
                if eid is not None and (label is None or self.types.get(eid) == label):
                    return eid
            if node.head.i == node.i:
                break
            node = node.head
        return None

    def nearest_before(self, token: Any, label: str, *, exclude: set[str] | None = None) -> str | None:
        sent = token.sent
        for i in range(token.i - 1, sent.start - 1, -1):
            eid = self.index.get(i)
            if eid is not None and self.types.get(eid) == label and eid not in (exclude or set()):
                return eid
        return None

    def evidence(self, sent: Any) -> dict[str, Any]:
        return evidence(sent)

    def negated(self, token: Any) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in self.patterns.negators for c in token.children)
