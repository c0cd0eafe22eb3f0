"""Stage 1b: names in title-case lines kept only where the body confirms them.

A headline capitalises every word ("Minister Discusses Next Moves in Korvik Fight"),
so the NER reads runs of ordinary words as names. In a title-case sentence a
candidate is kept only as far as the rest of the text confirms it: its longest run
of words that the body also writes capitalised (outside a sentence start; "JAPAN"
in an all-caps headline is "Japan" in the body), or that the gazetteer knows as a
place. A text of nothing but such lines keeps its names. "Korvik Fight" becomes "Korvik"; "Discusses Next
Moves" is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from ..pipeline import glued_start
from ..spans import HYPHENS, capitalised, is_format, lower_words
from .mentions import Mention

MIN_TITLE_WORDS = 3  # content words a line needs before it counts as title case
TITLE_SHARE = 0.8  # of its content words capitalised


def title_case(sent: Span) -> bool:
    """Whether a sentence is a title-case line: a line of its own (or glued to the text
    around it, "... Bomb ProbeKORVIK — A citizen") with nearly all its content words
    capitalised."""
    if not (_line_start(sent) and _line_end(sent)):
        return False
    words = [t for t in sent if t.is_alpha and not t.is_stop and len(t.text) > 1]
    if len(words) < MIN_TITLE_WORDS:
        return False
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    if capitalised < TITLE_SHARE * len(words):
        return False
    # a sentence dense with names ("Anna Keller (1 May 1920) was a Norlandic politician for
    # the Labour Party") is no headline: the words outside the NER's names are lower case
    plain = [t for t in words if not t.ent_type_]
    return sum(1 for t in plain if t.text[:1].isupper()) >= TITLE_SHARE * len(plain)


def _line_start(sent: Span) -> bool:
    doc = sent.doc
    if sent.start == 0:
        return True
    prev = doc[sent.start - 1]
    return "\n" in prev.text or "\n" in prev.whitespace_ or glued_start(doc, sent.start)


def _line_end(sent: Span) -> bool:
    doc = sent.doc
    if sent.end >= len(doc):
        return True
    last = doc[sent.end - 1]
    return "\n" in last.text or "\n" in last.whitespace_ or glued_start(doc, sent.end)


def confirm_headlines(doc: Doc, mentions: list[Mention], *, lex: Lexicon, gaz: Gazetteer) -> list[Mention]:
    """The mentions, those inside title-case lines cut to what the body confirms (or dropped)."""
    titles = [(s.start, s.end) for s in doc.sents if title_case(s)]
    if not titles:
        return list(mentions)
    in_title: set[int] = set()
    for start, end in titles:
        in_title.update(range(start, end))
    if len(in_title) == len(doc):
        return list(mentions)  # nothing but headlines: no body to confirm anything
    lows = lower_words(doc)
    body_words = {
        lows[i]
        for i in capitalised(doc)
        if i not in in_title and (not doc[i].is_sent_start or doc[i].ent_type_)
    }
    out: list[Mention] = []
    for m in mentions:
        if m.start not in in_title or m.acronym_of is not None or m.alias_of is not None:
            out.append(m)
            continue
        run = _confirmed_run(doc, m, body_words, lex=lex, gaz=gaz)
        if run is None:
            continue
        start, end = run
        out.append(
            m if (start, end) == (m.start, m.end) else replace(m, start=start, end=end, rule="headline")
        )
    return out


def _confirmed_run(
    doc: Doc, m: Mention, body_words: set[str], *, lex: Lexicon, gaz: Gazetteer
) -> tuple[int, int] | None:
    """The longest run of tokens of the mention that the body or the gazetteer confirms."""
    best: tuple[int, int] | None = None
    for start in range(m.start, m.end):
        if not _word(doc[start], lex):
            continue
        for end in range(m.end, start, -1):
            if best is not None and end - start <= best[1] - best[0]:
                break
            if not _word(doc[end - 1], lex):
                continue
            span = doc[start:end]
            known = gaz.lookup(span.text, strict=True) is not None
            if known or all(t.lower_ in body_words for t in span if _word(t, lex)):
                best = (start, end)
                break
    return best


def _word(token: Token, lex: Lexicon) -> bool:
    return token.text not in HYPHENS and token.lower_ not in lex.name_connectors and not is_format(token)
