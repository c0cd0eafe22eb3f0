"""What the fact and event extractors share: mentions by token, sources, hedging, statements.

``newsgraph_context`` runs after coreference and identity and sets
``doc._.ng_context``, a `Context` built once per Doc. It answers "which entity does
this token refer to" (through relative pronouns and appositions), "who says this
sentence" (the speaker of the sentence, else the speaker of a quotation that spans
it), "who says this fact" (`fact_source`: what a title, an apposition, a nationality
word or a pair of place names tells is the publisher's narration unless it lies inside
the quoted words, and so is what describes the speaker), "is this attack told as a
suspicion" (`told_as_suspicion`: its actors are only called suspects), and builds
statements in the contract's shape with evidence. The fact and event components read
it with `context_of(doc)`; ``newsgraph_context_release``, the last component, drops it
again so that the Doc stays serialisable.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.attribution import is_hedged, mention_index, speaker_entity, speaker_phrase
from ..nlp.identity import evidence
from ..nlp.lexicon import Lexicon, load_lexicon
from ..nlp.pipeline import register_extensions
from ..nlp.spans import in_regions, quote_regions, release_caches
from .patterns import Patterns, load_patterns

CARRY = 2  # paragraphs a speaker is carried over
# fact rules that read a noun phrase, not a reported clause: the publisher's words unless quoted
NARRATION_EXTRACTORS = frozenset(
    {"facts.title", "facts.title_of", "facts.apposition", "facts.nationality", "facts.located_in"}
)
SUSPECT_ACTS = frozenset({"ASSAULT", "THREATEN"})  # what a suspect is suspected of doing


@Language.factory("newsgraph_context", assigns=["doc._.ng_context"], requires=["doc.spans", "token.dep"])
def make_context(nlp: Language, name: str) -> ContextComponent:
    register_extensions()
    return ContextComponent(load_lexicon(), load_patterns())


class ContextComponent:
    def __init__(self, lex: Lexicon, patterns: Patterns) -> None:
        self.lex = lex
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_context = Context(doc, lex=self.lex, patterns=self.patterns)
        return doc


@Language.component("newsgraph_context_release", assigns=["doc._.ng_context"])
def release_context(doc: Doc) -> Doc:
    """Drop the context once its readers have run: it holds objects no Doc serialiser knows."""
    doc._.ng_context = None
    release_caches(doc)
    return doc


def context_of(doc: Doc) -> Context:
    """The Doc's shared context; ``newsgraph_context`` must have run before the caller."""
    ctx = doc._.ng_context if Doc.has_extension("ng_context") else None
    if not isinstance(ctx, Context):
        raise ValueError(
            "doc._.ng_context is not set: add the 'newsgraph_context' component before "
            "'newsgraph_facts' and 'newsgraph_events' (newsgraph.components.build_nlp does)."
        )
    return ctx


class Context:
    """Per-Doc lookups for the statement extractors."""

    def __init__(self, doc: Any, *, lex: Lexicon | None = None, patterns: Patterns | None = None) -> None:
        self.doc = doc
        self.lex = lex or load_lexicon()
        self.patterns = patterns or load_patterns()
        self.index = mention_index(doc)
        self.types = {s.kb_id_: s.label_ for s in doc.spans.get("ng_mentions", [])}
        self.quotes = quote_regions(doc)
        self.sources = self._sources()
        self._suspects: frozenset[str] | None = None

    def _sources(self) -> dict[int, str | None]:
        """Sentence start -> speaker; a quote that spans sentences lends its speaker to each."""
        sents = list(self.doc.sents)
        own = {s.start: speaker_entity(s, self.lex, self.quotes, self.index, self.types) for s in sents}
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

    def fact_source(self, sent: Any, extractor: str, subject: str, obj: str | dict[str, str]) -> str | None:
        """The source of a fact read from a sentence: the sentence's source, except for what
        a noun phrase tells outside the quoted words ("Judge Anna Keller", "Korvik, Velland")
        and for what describes the speaker ("Anna Keller, who lives in Korvik, said ...")."""
        source = self.source(sent)
        if source is None:
            return None
        own = [i for i in range(sent.start, sent.end) if self.index.get(i) in (subject, obj)]
        if any(in_regions(i, self.quotes) for i in own):
            return source
        if extractor in NARRATION_EXTRACTORS:
            return None
        phrase = speaker_phrase(sent, self.lex, self.quotes)
        if phrase is None or not isinstance(obj, str):
            return source
        inside = [i for i in own if phrase[0] <= i < phrase[1]]
        told = {self.index[i] for i in inside}
        objects = [i for i in own if self.index[i] == obj]
        if subject in told and objects and all(phrase[0] <= i < phrase[1] for i in objects):
            return None
        return source

    def suspects(self) -> frozenset[str]:
        """Entities the report calls suspects: "suspected bomber Anna Keller", "attack suspect
        Tarvo Lindqvist", "the alleged attackers, Keller and Lindqvist" (read once per Doc)."""
        if self._suspects is None:
            words = self.patterns.hedge_modifiers
            found: set[str] = set()
            for span in self.doc.spans.get("ng_mentions", []):
                node, inside = span.root, range(span.start, span.end)
                for _ in range(4):
                    modifiers = [c for c in node.children if c.dep_ in ("amod", "compound", "nmod")]
                    if any(t.lower_ in words and t.i not in inside for c in modifiers for t in c.subtree):
                        found.add(span.kb_id_)
                        break
                    if node.dep_ not in ("appos", "conj") or node.head.i == node.i:
                        break
                    node = node.head
            self._suspects = frozenset(found)
        return self._suspects

    def told_as_suspicion(self, event_type: str, actors: set[str]) -> bool:
        """An attack whose actors the report only calls suspects is told as a suspicion."""
        return event_type in SUSPECT_ACTS and bool(actors) and actors <= self.suspects()

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
        if token.lower_ in self.patterns.relative_pronouns and token.head.dep_ == "relcl":
            return self.entity_at(token.head.head)
        for child in token.children:
            bracketed = child.i > 0 and self.doc[child.i - 1].text in ("(", "[")
            if child.dep_ == "appos" and child.i in self.index and not bracketed:
                return self.index[child.i]
        return None

    def entities_at(self, token: Any) -> list[str]:
        """The entity of a token and of every token coordinated with it ("Korvik, Dalsvik and X")."""
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
