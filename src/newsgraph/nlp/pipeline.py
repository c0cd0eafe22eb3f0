"""The newsgraph pipeline: the pinned English model plus our registered components.

Every stage is a spaCy component (`Doc -> Doc`); results live on the Doc:

- ``doc.spans["ng_mentions"]``: every entity mention; ``span.label_`` is the entity
  type (PERSON, ORG, PLACE) and ``span.kb_id_`` the in-document entity id ("e1").
- ``doc._.ng_entities``: one dict per entity (id, type, name, aliases).
- ``doc._.ng_facts`` / ``doc._.ng_events``: statements in the contract's JSON shape.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .model import load_model

EXTENSIONS = ("ng_entities", "ng_facts", "ng_events")
COMPONENTS = ("newsgraph_entities",)


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def build_nlp() -> Any:
    """The model with newsgraph's components added after the NER."""
    register_extensions()
    from . import entities  # noqa: F401  (registers the components)

    nlp = load_model()
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
