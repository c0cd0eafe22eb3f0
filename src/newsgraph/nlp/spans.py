"""Small token-level helpers shared by the components: name reading, trimming, quotes."""

from __future__ import annotations

from typing import Any

from .lexicon import Lexicon

HYPHENS = frozenset({"-", "‐", "‑", "–"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "«"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "'", "»"})
BRACKETS = frozenset({"(", ")", "[", "]", "{", "}"})
TRIM_WORDS = frozenset({"the", "a", "an"})
# Invisible format characters the tokenizer splits off ("Minister\u200e Haider"): a name
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

    A name is capitalised words joined by connectors and hyphens ("Deir Ezzor",
    "al-Hasakeh", "Abu Karim al-Tawili").
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
    key = ("newsgraph", "lower_words", len(doc))
    if key not in doc.user_data:
        doc.user_data[key] = [token.lower_ for token in doc]
    words: list[str] = doc.user_data[key]
    return words


def quote_regions(doc: Any) -> list[tuple[int, int]]:
    """Token ranges [start, end) inside double quotation marks, paired left to right per paragraph.

    A mark may be glued to a word ("Muslim.”The", "“He"): the word on the quoted side of
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
