"""Small token-level helpers shared by the components: name reading, trimming, quotes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS

from .lexicon import Lexicon

HYPHENS = frozenset({"-", "‐", "‑", "–"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "«"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "'", "»"})
BRACKETS = frozenset({"(", ")", "[", "]", "{", "}"})
TRIM_WORDS = frozenset({"the", "a", "an"})
# Invisible format characters the tokenizer splits off ("Minister\u200e Tarvo"): a name
# reads over them, and a word before one is the word before the name.
FORMAT_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def is_format(token: Any) -> bool:
    """A token of invisible format characters only (left-to-right mark, zero-width space)."""
    text: str = token.text
    return bool(text) and all(c in FORMAT_CHARS for c in text)


def previous_word(doc: Any, i: int) -> Any:
    """The token before token i, stepping back over format characters; None at the start."""
    j = i - 1
    while j >= 0 and is_format(doc[j]):
        j -= 1
    return doc[j] if j >= 0 else None


def is_cap(token: Any) -> bool:
    """A capitalised word that can be part of a proper name (not a stop word at a sentence start)."""
    text: str = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    if token.is_sent_start and token.is_stop and not text.isupper():
        return False
    return token.lower_ not in TRIM_WORDS


def is_acronym(text: str) -> bool:
    if not text[:1].isupper() or len(text) > 12:
        return False
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and text.replace(".", "").isalnum()


def read_name(doc: Any, start: int, lex: Lexicon, *, limit: int = 10, sent_end: int | None = None) -> int:
    """The end (exclusive) of the proper name starting at token `start`; `start` if none.

    A name is capitalised words joined by connectors and hyphens ("Tal Hasrun",
    "al-Qasrana", "Abu Karim al-Tawili").
    """
    stop = min(len(doc), sent_end if sent_end is not None else len(doc), start + limit)
    j = start
    while j < stop:
        token = doc[j]
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if is_cap(token) or (j > start and token.text[:1].isupper() and token.is_alpha):
            j += 1
            continue
        if j > start and is_format(token) and nxt is not None and is_cap(nxt):
            j += 1
            continue
        glued = token.lower_ in lex.name_connectors and nxt is not None and not token.whitespace_
        if glued and nxt is not None and (nxt.text in HYPHENS or is_cap(nxt)):
            j += 1
            continue
        if token.lower_ in lex.name_connectors and nxt is not None and is_cap(nxt) and j > start:
            j += 1
            continue
        if (
            token.text in HYPHENS
            and j > start
            and not token.whitespace_
            and not doc[j - 1].whitespace_
            and nxt is not None
            and (is_cap(nxt) or nxt.lower_ in lex.name_connectors)
        ):
            j += 1
            continue
        break
    while j > start and (doc[j - 1].text in HYPHENS or doc[j - 1].lower_ in lex.name_connectors):
        j -= 1
    return j


def trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, quotes and brackets, and a trailing possessive or punctuation."""
    while start < end and (
        is_format(doc[start])
        or doc[start].is_space
        or doc[start].lower_ in TRIM_WORDS
        or doc[start].text in OPEN_QUOTES | BRACKETS
        or doc[start].is_punct
        or (doc[start].pos_ == "ADP" and doc[start].is_sent_start and end - start > 1)
    ):
        start += 1
    while end > start and (
        is_format(doc[end - 1])
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].text in ("'s", "’s", "'", "’")
        or doc[end - 1].text in CLOSE_QUOTES | BRACKETS
        or (doc[end - 1].is_punct and doc[end - 1].text not in HYPHENS)
    ):
        end -= 1
    return start, end


def lower_words(doc: Any) -> list[str]:
    """The lower-case text of every token, read once per Doc (kept in ``doc.user_data``), so
    that a stage looking for a few words passes over the rest without building tokens."""
    return token_strings(doc, "lower")


def lemma_words(doc: Any) -> list[str]:
    """The lower-cased lemma of every token (``token.lemma_.lower()``), read once per Doc."""
    return token_strings(doc, "lemma")


_ATTRS = {"lower": LOWER, "lemma": LEMMA, "dep": DEP, "pos": POS, "text": ORTH}


def token_strings(doc: Any, attr: str) -> list[str]:
    """One string attribute of every token ("lower", "lemma" lower-cased, "dep", "pos", "text"),
    read from ``Doc.to_array`` once per Doc without building a Token per word."""
    key = ("newsgraph", attr + "_words", len(doc))
    if key not in doc.user_data:
        strings = doc.vocab.strings
        names: dict[int, str] = {}
        words: list[str] = []
        for h in doc.to_array([_ATTRS[attr]]).tolist() if len(doc) else []:
            word = names.get(h)
            if word is None:
                word = names[h] = strings[h].lower() if attr == "lemma" else strings[h]
            words.append(word)
        doc.user_data[key] = words
    found: list[str] = doc.user_data[key]
    return found


def positions(doc: Any, attr: str, words: frozenset[str]) -> list[int]:
    """The indices, in order, of the tokens whose `attr` (see `token_strings`) is one of
    `words`, found once per Doc and word set."""
    key = ("newsgraph", "positions", attr, words, len(doc))  # a frozenset keeps its hash
    if key not in doc.user_data:
        doc.user_data[key] = [i for i, w in enumerate(token_strings(doc, attr)) if w in words]
    found: list[int] = doc.user_data[key]
    return found


def capitalised(doc: Any) -> list[int]:
    """The ordered indices of the tokens whose text starts with a capital letter, once per Doc."""
    key = ("newsgraph", "positions", "capitalised", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = [i for i, w in enumerate(token_strings(doc, "text")) if w[:1].isupper()]
    found: list[int] = doc.user_data[key]
    return found


def next_capitalised(doc: Any, i: int) -> int:
    """The index of the first capitalised token at or after i (``len(doc)`` when none)."""
    caps = capitalised(doc)
    k = bisect_left(caps, i)
    return caps[k] if k < len(caps) else len(doc)


def positions_of(doc: Any, *gates: tuple[str, frozenset[str]]) -> list[int]:
    """The ordered indices of the tokens that pass any of the (attr, words) gates."""
    if len(gates) == 1:
        return positions(doc, *gates[0])
    key = ("newsgraph", "positions", gates, len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = sorted({i for attr, words in gates for i in positions(doc, attr, words)})
    found: list[int] = doc.user_data[key]
    return found


def mentions_in(doc: Any, span: Any, group: str = "ng_mentions") -> list[Any]:
    """The spans of a span group that lie inside `span`, in the group's order; the group is
    read once per Doc (and per size), since iterating a SpanGroup builds every Span anew."""
    spans = doc.spans.get(group)
    if spans is None:
        return []
    key = ("newsgraph", "mentions_by_start", group, len(spans), len(doc))
    if key not in doc.user_data:
        listed = list(spans)
        by_start = sorted(range(len(listed)), key=lambda k: listed[k].start)
        starts = [listed[k].start for k in by_start]
        doc.user_data[key] = (listed, by_start, starts)
    listed, by_start, starts = doc.user_data[key]
    start, end = span.start, span.end
    # the spans starting inside `span` (found by bisection), those that also end in it, in group order
    first, last = bisect_left(starts, start), bisect_right(starts, end)
    inside = sorted(k for k in by_start[first:last] if listed[k].end <= end)
    return [listed[k] for k in inside]


def within(indices: list[int], span: Any) -> list[int]:
    """The ordered token indices that fall inside a span (a sentence)."""
    return indices[bisect_left(indices, span.start) : bisect_left(indices, span.end)]


def doc_text(doc: Any) -> str:
    """The Doc's text, joined once per Doc (``Doc.text`` joins every token on each read)."""
    key = ("newsgraph", "text", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = doc.text
    text: str = doc.user_data[key]
    return text


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """The NER's entity spans, built once per Doc (``Doc.ents`` builds new Spans on each read)."""
    key = ("newsgraph", "ents", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = tuple(doc.ents)
        doc.user_data[("newsgraph", "ent_starts", len(doc))] = [ent.start for ent in doc.user_data[key]]
    ents: tuple[Any, ...] = doc.user_data[key]
    return ents


def span_ents(span: Any) -> list[Any]:
    """The NER's entity spans inside a span (a sentence), from `doc_ents` (``Span.ents``
    reads every entity of the Doc on each call)."""
    ents = doc_ents(span.doc)
    starts: list[int] = span.doc.user_data[("newsgraph", "ent_starts", len(span.doc))]
    i = bisect_left(starts, span.start)
    out = []
    while i < len(ents) and ents[i].end <= span.end:
        out.append(ents[i])
        i += 1
    return out


def doc_memo(doc: Any) -> dict[Any, Any]:
    """A dictionary for values worth computing once per Doc (dropped by `release_caches`)."""
    key = ("newsgraph", "memo", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = {}
    memo: dict[Any, Any] = doc.user_data[key]
    return memo


def release_caches(doc: Any) -> None:
    """Drop the caches that hold Spans or a copy of the text, so the Doc serialises as before."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == ("newsgraph",)]:
        if key[1] in ("text", "ents", "ent_starts", "positions", "mentions_by_start", "memo"):
            del doc.user_data[key]


def quote_regions(doc: Any) -> list[tuple[int, int]]:
    """Token ranges [start, end) inside double quotation marks, paired left to right per paragraph.

    A mark may be glued to a word ("today.”The", "“He"): the word on the quoted side of
    the mark is inside, the other outside. Read once per Doc (kept in ``doc.user_data``)."""
    key = ("newsgraph", "quote_regions", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = _quote_regions(doc)
    return list(doc.user_data[key])


def _quote_regions(doc: Any) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for token in doc:
        text = token.text
        if "\n" in text:
            open_at = None
            continue
        if '"' not in text and "“" not in text and "”" not in text:
            continue
        last = len(text) - 1
        for pos, char in enumerate(text):
            if char == "“" or (char == '"' and open_at is None):
                open_at = token.i + (1 if pos == last else 0)
            elif char in '”"' and open_at is not None:
                end = token.i + (1 if pos > 0 else 0)
                if end > open_at:
                    regions.append((open_at, end))
                open_at = None
    return regions


def in_regions(i: int, regions: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in regions)
