"""Name matching on the OFAC development pairs, measured exactly as issue #4 defines it.

Data: ``shared/evaldata/ofac_sdn_aliases/me_name_pairs.tsv`` (3,291 positive pairs,
a primary name and one of its aliases; 540 hard negatives, primary names of two
different entries of the same type that share a rare name token). Each pair is
scored with ``newsgraph.resolve.compare.name_score``, the score ``newsgraph match``
prints (kind PERSON for individuals, ORG for entities).

- **Bands.** The Dice coefficient of the character-bigram multisets of the two
  names' normalised tokens (unidecode, casefold, apostrophes dropped, other
  punctuation as space, each token padded with one space on each side, so word
  order does not count): A >= 0.80, B 0.60-0.80, C 0.40-0.60, D < 0.40.
- **Threshold.** The lowest threshold that keeps at least 97% of the hard negative
  pairs apart: with N negatives, at most floor(0.03 N) may score at or above it,
  so it lies just above the (floor(0.03 N) + 1)-th highest negative score. All 540
  negatives count ("hard different-person pairs" in the issue: different entries;
  the figures for individuals alone are printed too).
- **F1 A+B.** At that threshold, positives of bands A and B against all negatives.
- **ROC AUC.** Over all pairs (all bands, both types); ties count one half.
- **Recall per band** at that threshold (band D is reported, not expected).

The same figures for rapidfuzz ``token_sort_ratio`` (``default_process``) are
printed as a reference. The last line is one JSON object of our figures.

Example:

    .venv/bin/python benchmarks/resolve_eval.py --shared ../shared
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, utils
from unidecode import unidecode

from newsgraph.resolve.compare import SAME_NAME_THRESHOLD, name_score

PAIRS = Path("evaldata/ofac_sdn_aliases/me_name_pairs.tsv")
HARD_NEGATIVES_KEPT_APART = 0.97
BANDS = (("A", 0.80), ("B", 0.60), ("C", 0.40), ("D", -1.0))

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")

Scorer = Callable[[str, str, str], float]


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str  # PERSON or ORG
    band: str


def band_tokens(name: str) -> list[str]:
    """The issue's normalisation: unidecode, casefold, apostrophes dropped, punctuation as space."""
    text = _APOSTROPHES.sub("", unidecode(name).casefold())
    return _PUNCTUATION.sub(" ", text).split()


def bigrams(name: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for token in band_tokens(name):
        padded = f" {token} "
        grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


def dice(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    total = x.total() + y.total()
    return 2 * (x & y).total() / total if total else 0.0


def band(a: str, b: str) -> str:
    value = dice(a, b)
    return next(name for name, lower in BANDS if value >= lower)


def load_pairs(shared: Path) -> list[Pair]:
    with (shared / PAIRS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Pair(
            row["name_a"],
            row["name_b"],
            row["same_entity"] == "1",
            "PERSON" if row["sdn_type"] == "individual" else "ORG",
            band(row["name_a"], row["name_b"]),
        )
        for row in rows
    ]


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Mann-Whitney: the chance that a random positive outscores a random negative (ties 1/2)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(rank for rank, label in zip(ranks, labels, strict=True) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def rule_threshold(
    negative_scores: Sequence[float], *, kept_apart: float = HARD_NEGATIVES_KEPT_APART
) -> float:
    """The lowest threshold with at most floor((1 - kept_apart) N) negatives at or above it."""
    allowed = math.floor((1 - kept_apart) * len(negative_scores) + 1e-9)
    ranked = sorted(negative_scores, reverse=True)
    if allowed >= len(ranked):
        return 0.0
    return math.nextafter(ranked[allowed], math.inf)


def metrics_at(pairs: Sequence[Pair], scores: Sequence[float], threshold: float) -> dict[str, float]:
    close = [s for p, s in zip(pairs, scores, strict=True) if p.same and p.band in "AB"]
    negatives = [s for p, s in zip(pairs, scores, strict=True) if not p.same]
    true_pos = sum(s >= threshold for s in close)
    false_pos = sum(s >= threshold for s in negatives)
    false_neg = len(close) - true_pos
    result = {
        "threshold": threshold,
        "f1_ab": 2 * true_pos / (2 * true_pos + false_pos + false_neg),
        "precision_ab": true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0,
        "recall_ab": true_pos / len(close),
        "negatives_apart": 1 - false_pos / len(negatives),
        "auc": roc_auc(scores, [p.same for p in pairs]),
    }
    for name, _ in BANDS:
        band_scores = [s for p, s in zip(pairs, scores, strict=True) if p.same and p.band == name]
        result[f"recall_{name}"] = sum(s >= threshold for s in band_scores) / len(band_scores)
    return result


def evaluate(pairs: Sequence[Pair], scorer: Scorer) -> dict[str, float]:
    scores = [scorer(p.a, p.b, p.kind) for p in pairs]
    negatives = [s for p, s in zip(pairs, scores, strict=True) if not p.same]
    result = metrics_at(pairs, scores, rule_threshold(negatives))
    persons = [i for i, p in enumerate(pairs) if p.kind == "PERSON"]
    person_negatives = [scores[i] for i in persons if not pairs[i].same]
    by_person = metrics_at(
        [pairs[i] for i in persons], [scores[i] for i in persons], rule_threshold(person_negatives)
    )
    result["person_threshold"] = by_person["threshold"]
    result["person_f1_ab"] = by_person["f1_ab"]
    result["person_auc"] = by_person["auc"]
    return result


def newsgraph_scorer(a: str, b: str, kind: str) -> float:
    return name_score(a, b, kind=kind)


def token_sort_scorer(a: str, b: str, kind: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process) / 100


def ofac_metrics(shared: Path) -> dict[str, float]:
    """Our figures on the OFAC dev pairs, plus F1 A+B with ``same_name``'s fixed threshold."""
    pairs = load_pairs(shared)
    result = evaluate(pairs, newsgraph_scorer)
    scores = [newsgraph_scorer(p.a, p.b, p.kind) for p in pairs]
    fixed = metrics_at(pairs, scores, SAME_NAME_THRESHOLD)
    result["same_name_threshold"] = SAME_NAME_THRESHOLD
    result["same_name_f1_ab"] = fixed["f1_ab"]
    result["same_name_negatives_apart"] = fixed["negatives_apart"]
    return result


def render(name: str, figures: dict[str, float]) -> str:
    bands = "  ".join(f"{b}={figures[f'recall_{b}']:.3f}" for b, _ in BANDS)
    return (
        f"{name:<22} threshold {figures['threshold']:.4f}  F1(A+B) {figures['f1_ab']:.3f} "
        f"(P {figures['precision_ab']:.3f} R {figures['recall_ab']:.3f})  AUC {figures['auc']:.3f}  "
        f"negatives apart {figures['negatives_apart']:.3f}  recall {bands}  "
        f"[individuals: F1(A+B) {figures['person_f1_ab']:.3f} AUC {figures['person_auc']:.3f}]"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.shared)
    counts = Counter((p.same, p.band) for p in pairs)
    print(
        "pairs: "
        + ", ".join(f"{b}: {counts[True, b]} positive / {counts[False, b]} negative" for b, _ in BANDS)
    )
    ours = ofac_metrics(args.shared)
    print(render("newsgraph name_score", ours))
    print(
        f"{'':<22} same_name (threshold {ours['same_name_threshold']:.2f}): "
        f"F1(A+B) {ours['same_name_f1_ab']:.3f}, negatives apart {ours['same_name_negatives_apart']:.3f}"
    )
    print(render("rapidfuzz token_sort", evaluate(pairs, token_sort_scorer)))
    print(json.dumps({f"ofac_{key}": round(value, 4) for key, value in ours.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
