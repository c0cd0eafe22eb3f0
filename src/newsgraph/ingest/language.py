"""An offline check that a text is English, from its script and its function words.

No model and no download: newsgraph reads English only, so the check needs only to
tell English from what else arrives in a news feed. Two signals, in order:

1. the script: when fewer than ``MIN_LATIN_SHARE`` of the letters are Latin, the text
   is named after its most common other script (Cyrillic, Arabic, Chinese, ...);
2. the words: among the word tokens, the share that are common English function words
   ("the", "of", "and", ...) against the share for each other language in
   ``languages.json``. English text scores far above any other; a French or German
   paragraph scores higher on its own list than on the English one.

Short inputs (a headline) carry little evidence, so they are rejected only on clear
counter-evidence: a non-Latin script, or more function words of another language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

ENGLISH = "English"
MIN_LATIN_SHARE = 0.7  # below this share of Latin letters the text is named by its script
MIN_ENGLISH_SHARE = 0.08  # English news prose runs at ~0.35-0.5 function words per token; lists lower
SHORT_TOKENS = 20  # texts with fewer tokens need only not to look like another language
SAMPLE_CHARS = 20_000  # the check reads this much of a long text

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _vocabulary() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    raw = json.loads(Path(__file__).with_name("languages.json").read_text(encoding="utf-8"))
    words = {name: frozenset(items) for name, items in raw["function_words"].items()}
    return words, dict(raw["scripts"])


def script_of(char: str) -> str:
    """The Unicode script of a letter, as the first word of its name ("LATIN", "CJK", ...)."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def guess_language(text: str) -> str:
    """The language or script a text looks like: "English", "French", "Cyrillic script ..."."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(script_of(char) for char in sample if char.isalpha())
    total = sum(scripts.values())
    if total == 0:
        return "no letters"
    if scripts["LATIN"] / total < MIN_LATIN_SHARE:
        names = _vocabulary()[1]
        script = next(s for s, _ in scripts.most_common() if s != "LATIN")
        return names.get(script, f"{script.title()} script")
    return _guess_latin(_WORD.findall(sample))


def _guess_latin(words: list[str]) -> str:
    """English unless the running words (not names) say otherwise.

    Names, numbers and headline capitals are no evidence of a language: the share of
    function words is taken over the lower-case words alone, so a results table or a
    list of names and places is judged on its few running words, and a text without
    enough of them is English unless another language's function words outnumber
    English ones.
    """
    running = [word.lower() for word in words if _is_running(word)]
    if len(running) < SHORT_TOKENS and sum(word.isupper() for word in words) > len(words) / 2:
        running = [word.lower() for word in words]  # a headline in capitals
    if not running:
        return ENGLISH
    vocabulary = _vocabulary()[0]
    hits = {name: sum(word in vocab for word in running) for name, vocab in vocabulary.items()}
    english = hits.pop(ENGLISH)
    other, other_hits = max(hits.items(), key=lambda item: item[1])
    if other_hits > english and (other_hits >= 2 or len(running) >= SHORT_TOKENS):
        return other
    if len(running) < SHORT_TOKENS or english / len(running) >= MIN_ENGLISH_SHARE:
        return ENGLISH
    return "a Latin-script language other than English (few English function words)"


def _is_running(word: str) -> bool:
    """A word of running text: lower-case first letter (not a name, not a headline capital)."""
    return word[:1].islower()


def is_english(text: str) -> bool:
    """True when `guess_language` finds the text English."""
    return guess_language(text) == ENGLISH
