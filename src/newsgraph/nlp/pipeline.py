"""The nlp-level pieces of the pipeline: the Doc extensions, the paragraph splitter
and the tokenizer's extra infixes (brackets, glued headlines, format characters).

The pipeline itself is assembled by ``newsgraph.components.build_nlp`` (one level
up, because it also registers the statement extractors of ``extract/``). Results
live on the Doc:

- ``doc.spans["ng_mentions"]``: every entity mention; ``span.label_`` is the entity
  type (PERSON, ORG, PLACE) and ``span.kb_id_`` the in-document entity id ("e1");
- ``doc._.ng_entities``: one dict per entity (id, type, name, aliases);
- ``doc._.ng_identity``: alias statements the entity component hands to the identity
  component (token ranges only; emptied once handed over);
- ``doc._.ng_context``: the per-Doc lookups the fact and event extractors share
  (``extract/context.py``; set by ``newsgraph_context``, dropped at the end);
- ``doc._.ng_facts`` / ``doc._.ng_events``: statements in the contract's JSON shape;
- ``doc._.ng_published``: the publication date times are anchored on, set from the
  document before the pipeline runs.
- ``doc._.ng_times``: every temporal expression in the contract's ``times`` shape
  (``extract/timex.py``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .spans import FORMAT_CHARS

EXTENSIONS = ("ng_entities", "ng_facts", "ng_events", "ng_identity", "ng_context", "ng_published", "ng_times")


def register_extensions() -> None:
    """Register newsgraph's ``doc._`` attributes (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# A headline glued to the text after it ("... Dam InquiryKORVIK — A farmer", "ProtestA
# crowd", "reactionAn official"): split where a capital follows three lower-case letters
# (so "McAllister", "MacArthur", "DeMarco" stay whole), and after a full stop between a
# number and a word ("300.Rescuers"). The split changes no text: a name read over both
# tokens keeps its spelling ("WhatsApp").
GLUE_INFIXES = (
    r"(?<=[a-z]{3})(?=[A-Z])",
    r"(?<=[0-9])\.(?=[A-Z][a-z])",
    # invisible format characters split off as tokens of their own, so that "Minister\u200e"
    # stays the title "Minister"; the name rules step over them (`spans.is_format`)
    "[" + "".join(sorted(FORMAT_CHARS)) + "]",
)


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A token after a line break, or after a glued headline or paragraph, starts a sentence
    (the parser keeps preset boundaries)."""
    starts = [
        i
        for i in range(1, len(doc))
        if "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_ or glued_start(doc, i)
    ]
    if starts:
        # one write of the whole column: setting `token.is_sent_start` checks the Doc's
        # annotation on each call, which is quadratic on a long text
        column: Any = doc.to_array(["SENT_START"])
        column[starts] = 1
        doc.from_array(["SENT_START"], column)
    return doc


def glued_start(doc: Doc, i: int) -> bool:
    """Whether token i begins a sentence glued to the one before without a space: a
    lower-case word, or a word then a full stop, directly before a capital ("talks" +
    "Officials", "flooding" + "." + "Khalid"); after a capitalised headline word only
    when a dateline or a capitalised function word follows ("Inquiry" + "KORVIK", "Protest"
    + "A")."""
    token = doc[i]
    prev = doc[i - 1]
    text = token.text
    if prev.whitespace_ or not text[:1].isupper() or not text.isalpha():
        return False
    word = prev.text
    if word == "." and i >= 2 and not doc[i - 2].whitespace_:
        before = doc[i - 2].text
        return before.isdigit() or (before.isalpha() and before[-3:].islower() and len(before) >= 3)
    if len(word) < 3 or not word.isalpha() or not word[-3:].islower():
        return False
    if word.islower():
        return True
    return (len(text) >= 2 and text.isupper()) or (token.is_stop and text[1:] == text[1:].lower())


def split_brackets(nlp: Any) -> None:
    """The tokenizer's extra infixes: brackets and footnote marks glued to words
    ("al-Freiji.[2", "Qanbar(Arabic"), glued headlines and paragraphs, format characters."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[\w.,])[\[\(](?=\w)", r"(?<=\w)[.,](?=\[)", *GLUE_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
