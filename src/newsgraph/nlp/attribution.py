"""Who says so: the speaker of a sentence, and hedging.

A sentence's source is the subject of a reporting verb outside quotation marks
("X said", "said X", "X told Y", "X noted that"), or the object of "according to".
The subject may be a pronoun that coreference has already resolved ("he said").
"""

from __future__ import annotations

from typing import Any

from .lexicon import Lexicon
from .spans import in_regions


def mention_index(doc: Any) -> dict[int, str]:
    """Token index -> entity id, for every mention on the Doc."""
    index: dict[int, str] = {}
    for span in doc.spans.get("ng_mentions", []):
        for i in range(span.start, span.end):
            index[i] = span.kb_id_
    return index


def speaker_token(sent: Any, lex: Lexicon, quotes: list[tuple[int, int]]) -> Any | None:
    """The token that names the speaker of a sentence, or None for the publisher's narration."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects and not in_regions(token.i, quotes):
                return objects[0]
    for token in sent:
        if token.lemma_.lower() not in lex.reporting_verbs or token.pos_ not in ("VERB", "AUX"):
            continue
        if in_regions(token.i, quotes):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
    return None


def speaker_entity(
    sent: Any, lex: Lexicon, quotes: list[tuple[int, int]], index: dict[int, str]
) -> str | None:
    """The entity id of a sentence's speaker, when the speaker is a known mention."""
    token = speaker_token(sent, lex, quotes)
    if token is None:
        return None
    if token.i in index:
        return index[token.i]
    for child in token.subtree:
        if child.i in index:
            return index[child.i]
    return None


def is_hedged(sent: Any, lex: Lexicon) -> bool:
    text = " ".join(t.lower_ for t in sent)
    return any(f" {h} " in f" {text} " for h in lex.hedges)
