"""Who says so: the speaker of a sentence, and hedging.

A sentence's source is the subject of a reporting verb outside quotation marks
("X said", "said X", "X told Y", "X noted that"), or the object of "according to".
The subject may be a pronoun that coreference has already resolved ("he said").
A reporting verb of a subordinate clause ("X ordered Y held, after Z noted that ...")
does not source the main clause, and a person who owns the speaker ("his attorney said",
"Y's brother said") is not the speaker; an organisation speaks through its people ("the
ministry's spokesman said").
"""

from __future__ import annotations

from typing import Any

from .lexicon import Lexicon
from .spans import in_regions, lower_words, positions, within


def mention_index(doc: Any) -> dict[int, str]:
    """Token index -> entity id, for every mention on the Doc."""
    index: dict[int, str] = {}
    for span in doc.spans.get("ng_mentions", []):
        for i in range(span.start, span.end):
            index[i] = span.kb_id_
    return index


ACCORDING = frozenset({"according"})  # "according to X"
SUBORDINATE = frozenset({"advcl", "relcl", "acl"})  # clauses whose verb reports only its own clause
REPORTED = frozenset({"ccomp", "parataxis", "xcomp", "dobj"})  # what a reporting verb tells


def speaker_token(sent: Any, lex: Lexicon, quotes: list[tuple[int, int]]) -> Any | None:
    """The token that names the speaker of a sentence, or None for the publisher's narration."""
    doc = sent.doc
    for i in within(positions(doc, "lower", ACCORDING), sent):
        token = doc[i]
        if token.i + 1 < sent.end and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects and not in_regions(token.i, quotes):
                return objects[0]
    quoted = any(start < sent.end and sent.start < end for start, end in quotes)
    for i in within(positions(doc, "lemma", lex.reporting_verbs), sent):
        token = doc[i]
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if in_regions(token.i, quotes) or token.dep_ in SUBORDINATE:
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if subjects and (quoted or _reports(token)):
            return subjects[0]
    return None


def _reports(verb: Any) -> bool:
    """A reporting verb that tells what was said ("X said that ...", "..., X said"), not
    one that only narrates an act ("X responded to the claims", "X commented on Y"). "X
    said:" introduces the statement that follows."""
    return (
        verb.dep_ in REPORTED
        or any(c.dep_ in REPORTED or c.text == ":" for c in verb.children)
        or verb.sent[-1].text == ":"
    )


def speaker_entity(
    sent: Any,
    lex: Lexicon,
    quotes: list[tuple[int, int]],
    index: dict[int, str],
    types: dict[str, str] | None = None,
) -> str | None:
    """The entity id of a sentence's speaker, when the speaker is a known mention."""
    token = speaker_token(sent, lex, quotes)
    if token is None:
        return None
    return phrase_entity(token, index, types or mention_types(sent.doc))


def phrase_entity(token: Any, index: dict[int, str], types: dict[str, str]) -> str | None:
    """The entity a speaker phrase names: its head, else a mention inside it, passing over
    a person who owns the speaker ("his attorney", "Keller's brother")."""
    if token.i in index:
        return index[token.i]
    owners = {
        t.i
        for child in token.children
        if child.dep_ == "poss" and types.get(index.get(child.i, "")) != "ORG"
        for t in child.subtree
    }
    for child in token.subtree:
        if child.i in index and child.i not in owners:
            return index[child.i]
    return None


def mention_types(doc: Any) -> dict[str, str]:
    """Entity id -> its mention label."""
    return {s.kb_id_: s.label_ for s in doc.spans.get("ng_mentions", [])}


def speaker_phrase(sent: Any, lex: Lexicon, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The token range of a sentence's speaker phrase ("Anna Keller, a lawyer who lives in
    Korvik"), or None: what it says of the speaker is the publisher's description."""
    token = speaker_token(sent, lex, quotes)
    if token is None:
        return None
    words = list(token.subtree)
    return words[0].i, words[-1].i + 1


def is_hedged(sent: Any, lex: Lexicon) -> bool:
    text = " ".join(lower_words(sent.doc)[sent.start : sent.end])
    return any(f" {h} " in f" {text} " for h in lex.hedges)
