"""What a user types, made a full-text query: bounded in cost, always quoted.

The one place where a search box or a command line becomes an FTS5 ``MATCH`` string, for
`newsgraph search`, `newsgraph entity` (words of a name) and the HTTP API's search. Every
word is taken as a quoted string, so nothing typed reaches FTS5's query syntax (AND, OR,
NEAR, ``*``, ``^``, column filters); a query longer than `MAX_QUERY_CHARS` characters or of
more than `MAX_QUERY_WORDS` words is refused (E082, E083): each word costs a posting list
read, and a pasted page of text would hold the base for seconds.
"""

from __future__ import annotations

import re

from ..db import StoreError

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32
_WORD = re.compile(r"\w+")


def search_words(text: str) -> list[str]:
    """The words of `text` (runs of letters and digits: "al-Korvik" is "al", "Korvik");
    raises `StoreError` (E082, E083) when the query is too long to search."""
    if len(text) > MAX_QUERY_CHARS:
        raise StoreError("E082", length=len(text), limit=MAX_QUERY_CHARS)
    words = _WORD.findall(text)
    if len(words) > MAX_QUERY_WORDS:
        raise StoreError("E083", count=len(words), limit=MAX_QUERY_WORDS)
    return words


def quote(word: str) -> str:
    """`word` as an FTS5 string (a double quote inside is doubled)."""
    return '"' + word.replace('"', '""') + '"'


def match_words(words: list[str], *, prefix: bool) -> str:
    """Every word must occur (the last one as a prefix when `prefix`); '' for no words."""
    if not words:
        return ""
    quoted = [quote(word) for word in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def fts_query(text: str, *, prefix: bool = True) -> str:
    """A safe FTS5 query for what a user typed: every word must occur (as a prefix for the last);
    '' when it holds no word. Raises `StoreError` (E082, E083) for a query too long to search."""
    return match_words(search_words(text), prefix=prefix)
