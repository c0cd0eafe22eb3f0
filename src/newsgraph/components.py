"""newsgraph's spaCy pipeline: importing this module registers every component.

It sits above ``nlp/`` (mentions, coreference, identity) and ``extract/`` (the
shared context, facts, events), so neither has to import the other's components;
``build_nlp()`` assembles the pinned model with them:

- ``newsgraph_paragraphs`` before the parser: a line break ends a sentence;
- ``newsgraph_entities``: typed mentions clustered into entities
  (``doc.spans["ng_mentions"]``, ``doc._.ng_entities``, ``doc._.ng_identity``);
- ``newsgraph_coref``: pronoun and description mentions added to the same groups;
- ``newsgraph_identity``: alias and not_same_as facts (``doc._.ng_facts``);
- ``newsgraph_context``: what the fact and event extractors share (``doc._.ng_context``);
- ``newsgraph_facts`` / ``newsgraph_events``: statements (``doc._.ng_facts``,
  ``doc._.ng_events``), times anchored on ``doc._.ng_published``;
- ``newsgraph_times``: every temporal expression, TIMEX3 type and value (``doc._.ng_times``);
- ``newsgraph_context_release``: drops ``doc._.ng_context`` so the Doc stays serialisable.
"""

from __future__ import annotations

from typing import Any

from .extract import context, events, facts, timex
from .nlp import coref, entities, identity
from .nlp.model import load_model
from .nlp.pipeline import paragraphs, register_extensions, split_brackets

__all__ = ["COMPONENTS", "build_nlp", "register_extensions"]

# The modules whose import registers the components (kept referenced, so the imports read as used).
REGISTERING = (paragraphs, entities, coref, identity, context, facts, events, timex)

COMPONENTS = (
    "newsgraph_entities",
    "newsgraph_coref",
    "newsgraph_identity",
    "newsgraph_context",
    "newsgraph_facts",
    "newsgraph_events",
    "newsgraph_times",
    "newsgraph_context_release",
)
"""The components that run after the NER, in order."""


def build_nlp() -> Any:
    """The model with newsgraph's components: paragraphs before the parser, the rest after the NER."""
    register_extensions()
    nlp = load_model()
    split_brackets(nlp)
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
