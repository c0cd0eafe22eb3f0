"""Entities: typed mentions, document-level consistency and clustering into entities.

The component ``newsgraph_entities`` (`component`) runs after the statistical NER
and chains stages that are plain functions of the Doc and the mentions so far,
each returning new `Mention` records (`mentions`), so each can be run and tested
alone on a hand-built Doc:

1. `candidates.find_candidates`: the NER's spans, trimmed and grown, and mentions
   from the general patterns of `cues` (acronym pairs, place and media cues, group
   phrases, titled names, names built with "of");
   `headlines.confirm_headlines`: in title-case lines, only what the body confirms;
2. `retype.retype`: types from evidence (titles, name particles, organisation head
   words, the gazetteer, locative prepositions, coordination);
3. `consistency.make_consistent`: a word of a person's full name is that person
   everywhere; one surface form, one type; a country acting is its state;
4. `aliases.read_aliases`: "whose real name is Y" makes Y an alias, not an entity;
5. `clusters.cluster` and `clusters.extend`: mentions into entities, then the other
   occurrences of their names.

Results: ``doc.spans["ng_mentions"]`` (label_ = type, kb_id_ = entity id) and
``doc._.ng_entities``; identity statements wait in ``doc._.ng_identity`` for the
identity component, which needs coreference and attribution first.
"""

from __future__ import annotations

from .component import EntityComponent, make_entities, write_entities
from .mentions import NER, PATTERN, RULE, Entity, Mention

__all__ = [
    "NER",
    "PATTERN",
    "RULE",
    "Entity",
    "EntityComponent",
    "Mention",
    "make_entities",
    "write_entities",
]
