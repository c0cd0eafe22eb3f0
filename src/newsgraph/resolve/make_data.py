"""Rebuild the frequency list that weighs name units, from a general resource only.

``data/resolve_english_words.txt``: English words with their wordfreq Zipf
frequency (>= 3.0, i.e. at least once per million words), from the ``wordfreq``
package (install it to rebuild; newsgraph does not need it at run time). In an
organisation's name a common word ("national", "bank", "trading") says less about
which organisation it is than a rare one or a proper name; in a person's name a
name common in English text ("john", "ali", "muhammad") says less than a rare one.

No evaluation data is read.

Example:

    .venv/bin/pip install wordfreq && .venv/bin/python -m newsgraph.resolve.make_data
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

MIN_ZIPF = 3.0


def english_word_frequencies(*, min_zipf: float = MIN_ZIPF) -> list[tuple[str, float]]:
    """(word, Zipf frequency) of lower-case ASCII English words, most frequent first."""
    wordfreq = importlib.import_module("wordfreq")
    words: list[tuple[str, float]] = []
    for word in wordfreq.top_n_list("en", 100_000):
        if word.isascii() and word.isalpha():
            zipf = float(wordfreq.zipf_frequency(word, "en"))
            if zipf >= min_zipf:
                words.append((word, zipf))
    return words


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.parse_args(argv)
    data = Path(str(resources.files("newsgraph.data")))
    with (data / "resolve_english_words.txt").open("w", encoding="utf-8") as out:
        out.write(
            "# word<TAB>wordfreq Zipf frequency (English, >= 3.0); made by newsgraph.resolve.make_data\n"
        )
        out.writelines(f"{word}\t{zipf:.2f}\n" for word, zipf in english_word_frequencies())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
