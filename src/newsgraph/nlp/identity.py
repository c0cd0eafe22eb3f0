"""Identity statements as facts: aliases and "is not the same as" judgements.

``newsgraph_identity`` turns the alias phrases the entity component found
("whose real name is", "Full Name (ACR)") into ``alias`` facts, and finds
``not_same_as`` statements ("X is not the same as Y", "not to be confused with"),
each with its evidence sentence and its source (the speaker of the sentence).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import is_hedged, mention_index, speaker_entity
from .lexicon import Lexicon, load_lexicon
from .spans import lower_words, positions, quote_regions


@Language.factory("newsgraph_identity", assigns=["doc._.ng_facts"], requires=["doc.spans"])
def make_identity(nlp: Language, name: str) -> IdentityComponent:
    return IdentityComponent(load_lexicon())


def evidence(sent: Any) -> dict[str, Any]:
    """The evidence span of a statement: its sentence, without trailing white space."""
    text = str(sent.text).rstrip()
    return {"start": sent.start_char, "end": sent.start_char + len(text), "text": text}


def add_fact(doc: Doc, fact: dict[str, Any]) -> None:
    facts = list(doc._.ng_facts or [])
    fact = {"id": f"f{len(facts) + 1}", **fact}
    facts.append(fact)
    doc._.ng_facts = facts


class IdentityComponent:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.triggers = sorted((tuple(p.split()) for p in lex.not_same_triggers), key=lambda t: -len(t))
        self.firsts = frozenset(t[0] for t in self.triggers)

    def __call__(self, doc: Doc) -> Doc:
        index = mention_index(doc)
        quotes = quote_regions(doc)
        types = {s.kb_id_: s.label_ for s in doc.spans.get("ng_mentions", [])}
        for statement in doc._.ng_identity or []:
            start, end = statement["sent"]
            sent = doc[start:end]
            add_fact(
                doc,
                {
                    "predicate": "alias",
                    "subject": statement["entity"],
                    "object": {"value": statement["name"]},
                    "qualifiers": {"kind": statement["kind"]},
                    "time": None,
                    "source": speaker_entity(sent, self.lex, quotes, index),
                    "hedged": is_hedged(sent, self.lex),
                    "negated": False,
                    "evidence": evidence(sent),
                    "confidence": 0.9,
                    "extractor": "newsgraph_identity.alias",
                },
            )
        lows = lower_words(doc)
        seen: set[tuple[str, str]] = set()
        for i in positions(doc, "lower", self.firsts):  # where a trigger phrase may start
            for phrase in self.triggers:
                if tuple(lows[i : i + len(phrase)]) != phrase:
                    continue
                sent = doc[i].sent
                left = [j for j in range(sent.start, i) if j in index]
                right = [j for j in range(i + len(phrase), sent.end) if j in index]
                if not left or not right:
                    break
                a, b = index[left[-1]], index[right[0]]
                if a == b or types.get(a) != types.get(b) or (a, b) in seen:
                    break
                seen.add((a, b))
                add_fact(
                    doc,
                    {
                        "predicate": "not_same_as",
                        "subject": a,
                        "object": b,
                        "qualifiers": {},
                        "time": None,
                        "source": speaker_entity(sent, self.lex, quotes, index),
                        "hedged": is_hedged(sent, self.lex),
                        "negated": False,
                        "evidence": evidence(sent),
                        "confidence": 0.85,
                        "extractor": "newsgraph_identity.not_same_as",
                    },
                )
                break
        doc._.ng_identity = None  # handed over; token ranges only, so Docs stay serialisable
        return doc
