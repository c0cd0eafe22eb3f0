"""The newsgraph pipeline: the pinned English model plus our registered components.

Every stage is a spaCy component (`Doc -> Doc`); results live on the Doc:

- ``newsgraph_paragraphs`` (before the parser): a line break ends a sentence, so
  headlines and paragraphs never run together.
- ``newsgraph_entities``: ``doc.spans["ng_mentions"]`` holds every entity mention;
  ``span.label_`` is the entity type (PERSON, ORG, PLACE) and ``span.kb_id_`` the
  in-document entity id ("e1"); ``doc._.ng_entities`` one dict per entity.
- ``newsgraph_coref``: pronoun and definite-description mentions added to the same group.
- ``newsgraph_identity``: alias and not_same_as statements in ``doc._.ng_facts``.
- ``newsgraph_facts`` / ``newsgraph_events`` (``extract/``): statements in the contract's
  JSON shape in ``doc._.ng_facts`` / ``doc._.ng_events``; times are anchored on
  ``doc._.ng_published``, which the API sets from the document before the pipeline runs.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .model import load_model

EXTENSIONS = ("ng_entities", "ng_facts", "ng_events", "ng_identity", "ng_published")
COMPONENTS = (
    "newsgraph_entities",
    "newsgraph_coref",
    "newsgraph_identity",
    "newsgraph_facts",
    "newsgraph_events",
)


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A token after a line break starts a sentence (the parser keeps preset boundaries)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def split_brackets(nlp: Any) -> None:
    """Split brackets and footnote marks glued to words ("al-Freiji.[2", "Qanbar(Arabic")."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[\w.,])[\[\(](?=\w)", r"(?<=\w)[.,](?=\[)"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp() -> Any:
    """The model with newsgraph's components: paragraphs before the parser, the rest after the NER."""
    register_extensions()
    from ..extract import events, facts  # noqa: F401  (registers the components)
    from . import coref, entities, identity  # noqa: F401

    nlp = load_model()
    split_brackets(nlp)
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
