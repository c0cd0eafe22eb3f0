"""The ``newsgraph_entities`` component: the entity stages in order, and their output on the Doc."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer, load_gazetteer
from ..lexicon import Lexicon, load_lexicon
from ..names import fold
from ..pipeline import register_extensions
from .aliases import AliasTriggers, read_aliases
from .candidates import find_candidates
from .clusters import cluster, extend
from .consistency import make_consistent
from .groups import find_groups
from .headlines import confirm_headlines
from .mentions import TYPES, Entity, Mention, m_text
from .retype import retype

STATE = "state"
GROUP = "group"  # span.id_ of an unnamed collective agent ("police", "federal investigators")
"""``span.id_`` of a place mention that names a country acting as its state ("Norland sent troops")."""


@Language.factory(
    "newsgraph_entities",
    assigns=["doc.spans", "doc._.ng_entities", "doc._.ng_identity"],
    requires=["doc.ents", "token.dep", "token.tag"],
)
def make_entities(nlp: Language, name: str) -> EntityComponent:
    register_extensions()
    return EntityComponent(load_lexicon(), load_gazetteer())


class EntityComponent:
    def __init__(self, lex: Lexicon, gazetteer: Gazetteer) -> None:
        self.lex = lex
        self.gaz = gazetteer
        self.triggers = AliasTriggers.from_lexicon(lex)

    def __call__(self, doc: Doc) -> Doc:
        lex, gaz = self.lex, self.gaz
        mentions = find_candidates(doc, lex=lex, gaz=gaz)
        mentions = confirm_headlines(doc, mentions, lex=lex, gaz=gaz)
        mentions = retype(doc, mentions, lex=lex, gaz=gaz)
        mentions = make_consistent(doc, mentions, lex=lex, gaz=gaz)
        mentions = read_aliases(doc, mentions, lex=lex, triggers=self.triggers)
        entities = extend(doc, cluster(doc, mentions, lex=lex, gaz=gaz), lex=lex)
        entities = entities + find_groups(doc, entities, lex=lex)
        write_entities(doc, entities)
        return doc


def write_entities(doc: Doc, entities: list[Entity]) -> None:
    """Entities of the reported types onto the Doc, numbered "e1", "e2" ... in order:
    ``doc.spans["ng_mentions"]`` (``span.id_`` is `STATE` where a country acts as its
    state), ``doc._.ng_entities`` and the alias statements for the identity component in
    ``doc._.ng_identity``."""
    spans: list[Span] = []
    records: list[dict[str, Any]] = []
    kept = [e for e in entities if e.mentions and e.label in TYPES]
    for n, entity in enumerate(kept, start=1):
        eid = f"e{n}"
        naming = [m for m in entity.mentions if m.alias_of is None and m.acronym_of is None] or list(
            entity.mentions
        )
        name = max((m_text(doc, m) for m in naming), key=lambda t: (len(t.split()), len(t)))
        aliases = [{"name": a, "kind": k} for a, k in entity.aliases if fold(a) != fold(name)]
        records.append({"id": eid, "type": entity.label, "name": name, "aliases": aliases})
        for m in sorted(entity.mentions, key=lambda m: m.start):
            spans.append(Span(doc, m.start, m.end, label=entity.label, kb_id=eid, span_id=_span_id(m)))
    doc.spans["ng_mentions"] = spans
    doc._.ng_entities = records
    statements = []
    for entity, record in zip(kept, records, strict=True):
        for m in entity.mentions:
            if m.alias_of is not None or m.acronym_of is not None:
                evidence = doc[m.start].sent
                statements.append(
                    {
                        "entity": record["id"],
                        "name": m_text(doc, m),
                        "kind": m.alias_kind or "acronym",
                        "sent": (evidence.start, evidence.end),
                    }
                )
    doc._.ng_identity = statements


def _span_id(m: Mention) -> str:
    """What a mention's span says beyond its type: a country acting as its state, a group."""
    return STATE if m.state else GROUP if m.rule == "group" else ""
