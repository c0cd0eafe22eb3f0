"""Long documents: cut a text into parts the model can take, and join the parsed parts
into one Doc whose text is the original, character for character.

spaCy refuses a text longer than ``nlp.max_length`` (E088), and its parser and NER need
about a gigabyte per 100,000 characters. A longer document is cut into parts of at most
`PART_CHARS` characters (and never more than the limit), each part run through the model's
own components (tokenizer, tagger, parser, NER and the paragraph splitter), and the parts
joined with ``Doc.from_docs(..., ensure_whitespace=False)``: the joined Doc's text is the
concatenation of the parts, which is the document, so every character offset read from it
points into the document's text. newsgraph's components then run once on the joined Doc.

A cut is made at the last boundary of the best kind in the last three quarters of the
window: after a blank line (a paragraph), else after a line break, else after a sentence
end (".", "!" or "?", perhaps with a closing quote or bracket, then whitespace), else after
any whitespace; failing these, at the last boundary anywhere in the window; else (one word
longer than the window) a hard cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

PART_CHARS = 100_000
"""The most characters of one part of a long document."""

# The boundaries a cut may follow, best first; the cut falls after the match.
BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),  # a blank line: a paragraph ends
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),  # a sentence-ish end
    re.compile(r"\s+"),  # any whitespace
)


def split_text(text: str, limit: int) -> list[str]:
    """`text` cut into parts of at most `limit` characters whose concatenation is `text`."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start, start + limit)
        parts.append(text[start:cut])
        start = cut
    if start < len(text) or not parts:
        parts.append(text[start:])
    return parts


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the part that begins at `start` and may run to `end` (exclusive)."""
    lowest = start + max(1, (end - start) // 4)  # a part is best at least a quarter of the window
    for low in (lowest, start + 1):  # else a shorter part, rather than a cut inside a word
        for boundary in BOUNDARIES:
            ends = [match.end() for match in boundary.finditer(text, low, end)]  # each ends by `end`
            if ends:
                return ends[-1]
    return end


def part_limit(max_length: int) -> int:
    """The size of the parts of a document longer than `max_length`."""
    return max(1, min(max_length, PART_CHARS))


def parse_parts(nlp: Any, parts: Sequence[str], run: Callable[[Any], Any]) -> Any:
    """Each part tokenised by `nlp`, passed through `run` (the model's components), and the
    parts joined into one Doc (its text is the parts' concatenation)."""
    from spacy.tokens import Doc

    return Doc.from_docs([run(nlp.make_doc(part)) for part in parts], ensure_whitespace=False)
