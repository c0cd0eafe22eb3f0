"""Rebuild the two frequency lists that weigh name units, from general resources only.

- ``data/resolve_english_words.txt``: English words with their wordfreq Zipf
  frequency (>= 3.0, i.e. at least once per million words), from the ``wordfreq``
  package (install it to rebuild; newsgraph does not need it at run time). In an
  organisation's name a common word ("national", "bank", "trading") says less
  about which organisation it is than a rare one or a proper name.
- ``data/resolve_name_counts.txt``: how often each romanised token occurs in
  Wikidata person labels, from ``shared/evaldata/wikidata_arabic_translit`` (rows
  with count >= 2, as its README advises). ``resolve.names`` sums the counts of
  the spellings that share a key. In a person's name a common name ("Muhammad",
  "Ali") says less than a rare one.

Neither list is made from evaluation pairs.

Example:

    .venv/bin/python -m newsgraph.resolve.make_data --shared ../shared
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

WIKIDATA = Path("evaldata/wikidata_arabic_translit/wd_arabic.normalized.aligned.tokens.tsv")
MIN_ZIPF = 3.0
MIN_ROW_COUNT = 2


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


def name_token_counts(shared: Path) -> Counter[str]:
    """Occurrences of each romanised Wikidata name token (lower case)."""
    counts: Counter[str] = Counter()
    with (shared / WIKIDATA).open(encoding="utf-8") as handle:
        for line in handle:
            latin, _arabic, count = line.rstrip("\n").split("\t")
            if int(count) >= MIN_ROW_COUNT and latin.isascii() and latin.isalpha():
                counts[latin.lower()] += int(count)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    args = parser.parse_args(argv)
    data = Path(str(resources.files("newsgraph.data")))
    with (data / "resolve_english_words.txt").open("w", encoding="utf-8") as out:
        out.write(
            "# word<TAB>wordfreq Zipf frequency (English, >= 3.0); made by newsgraph.resolve.make_data\n"
        )
        out.writelines(f"{word}\t{zipf:.2f}\n" for word, zipf in english_word_frequencies())
    with (data / "resolve_name_counts.txt").open("w", encoding="utf-8") as out:
        out.write(
            "# name token<TAB>occurrences in Wikidata person labels (wikidata_arabic_translit,"
            " rows with count >= 2); made by newsgraph.resolve.make_data\n"
        )
        counts = name_token_counts(args.shared)
        out.writelines(
            f"{key}\t{count}\n" for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
