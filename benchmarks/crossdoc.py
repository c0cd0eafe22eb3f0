"""Cross-document identity on re3d dev: ingest every document, resolve, score the clusters they share.

    .venv/bin/python benchmarks/crossdoc.py --shared ../shared

Gold: re3d's named Person / Organisation / Location rows (confidence >= 0.5) of
each document, grouped by normalised value (the referee's ``common.norm``), and
values joined by re3d's IsSynonymOf relations ("ISIL" / "Daesh") are one referent
across documents. Predicted: the canonical entity of the predicted mentions that lie
inside each gold mention and reach its last character (its head word), the most
frequent one per document-level gold entity. Gold referents are strings, so a
true merge of "Prime Minister Haider al-Abadi" with "Abadi" counts against
precision here: read pair_p as a lower bound.

Scored over pairs of document-level gold entities from *different* documents that
both got a prediction: a pair is gold-same when their referents agree and
predicted-same when their canonical ids agree; P / R / F1 over the gold-same pairs,
plus coverage (share of document-level gold entities with a prediction).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TYPES = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE"}
PRONOUNS = {
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "him",
    "her",
    "them",
    "us",
    "his",
    "its",
    "their",
    "our",
}


def _rows(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            out.append(json.loads(line))
    return out


def gold_entities(
    data: Path, norm: Any
) -> tuple[dict[tuple[str, str, str], list[tuple[int, int]]], dict[str, str]]:
    """(document id, type, referent) -> gold spans, and value -> referent (synonyms joined)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        rel = folder / "relations.json"
        if not rel.exists():
            continue
        for r in _rows(rel):
            if r.get("type") == "IsSynonymOf" and float(r.get("confidence", 1)) >= 0.5:
                a, b = norm(r["source"]), norm(r["target"])
                if a and b:
                    parent[find(a)] = find(b)
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        path = folder / "entities.json"
        if not path.exists():
            continue
        for r in _rows(path):
            kind = TYPES.get(r.get("type", ""))
            value = str(r.get("value", ""))
            if kind is None or float(r.get("confidence", 1)) < 0.5:
                continue
            words = [w for w in value.split() if w[:1].isupper() and w.lower() not in PRONOUNS]
            if not words or not norm(value):
                continue
            referent = find(norm(value))
            spans[(f"re3d-{r['documentId']}", kind, referent)].append((int(r["begin"]), int(r["end"])))
    return spans, {v: find(v) for v in list(parent)}


def predicted(conn: sqlite3.Connection) -> dict[str, list[tuple[int, int, str, str]]]:
    """document id -> (start, end, type, canonical id) of every predicted mention."""
    out: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    rows = conn.execute(
        "SELECT e.document_id, m.start, m.end, e.type, coalesce(e.canonical_id, e.id)"
        " FROM mentions m JOIN entities e ON e.id = m.entity_id"
    )
    for doc, start, end, kind, canonical in rows:
        out[doc].append((start, end, kind, canonical))
    return out


def score(
    gold: dict[tuple[str, str, str], list[tuple[int, int]]], pred: dict[str, list[Any]]
) -> dict[str, float]:
    mapped: dict[tuple[str, str, str], str] = {}
    for (doc, kind, referent), spans in gold.items():
        votes: Counter[str] = Counter()
        for gs, ge in spans:
            for ps, pe, pkind, canonical in pred.get(doc, []):
                # inside the gold span and reaching its end (its head word): "ISIL" alone does
                # not stand for "ISIL tactical units"
                if pkind == kind and gs <= ps and ge - 1 <= pe <= ge:
                    votes[canonical] += 1
        if votes:
            mapped[(doc, kind, referent)] = votes.most_common(1)[0][0]
    keys = sorted(mapped)
    by_canonical: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    by_referent: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in keys:
        by_canonical[mapped[key]].append(key)
        by_referent[(key[1], key[2])].append(key)

    def cross_pairs(groups: dict[Any, list[tuple[str, str, str]]]) -> set[tuple[Any, Any]]:
        pairs = set()
        for members in groups.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if a[0] != b[0]:
                        pairs.add((min(a, b), max(a, b)))
        return pairs

    gold_pairs = cross_pairs(by_referent)
    pred_pairs = cross_pairs(by_canonical)
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 0.0
    r = tp / len(gold_pairs) if gold_pairs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "pair_p": round(p, 4),
        "pair_r": round(r, 4),
        "pair_f1": round(f1, 4),
        "gold_pairs": len(gold_pairs),
        "pred_pairs": len(pred_pairs),
        "coverage": round(len(mapped) / len(gold), 4) if gold else 0.0,
    }


def crossdoc_metrics(shared: Path, *, nlp: Any = None) -> dict[str, float]:
    """Ingest re3d dev into a fresh store, resolve, and score the shared clusters."""
    sys.path.insert(0, str(shared / "eval" / "referee"))
    from common import norm

    from newsgraph.pipeline import ingest_paths
    from newsgraph.resolve.run import resolve_store
    from newsgraph.store.db import connect

    data = shared / "evaldata" / "re3d"
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "re3d.jsonl"
        subprocess.run(
            [
                sys.executable,
                str(shared / "eval" / "referee" / "re3d.py"),
                "make-input",
                str(data),
                str(inputs),
            ],
            check=True,
            capture_output=True,
        )
        conn = connect(Path(tmp) / "kb.db")
        started = time.perf_counter()
        ingest_paths(conn, [str(inputs)], nlp=nlp)
        resolve_store(conn)
        seconds = time.perf_counter() - started
        gold, _ = gold_entities(data, norm)
        figures = score(gold, predicted(conn))
        conn.close()
    figures["seconds"] = round(seconds, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    figures = crossdoc_metrics(args.shared.resolve())
    for key, value in figures.items():
        print(f"{key:>12}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
