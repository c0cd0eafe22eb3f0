"""Cross-document identity: ingest annotated reports into one store, resolve, score the clusters.

    .venv/bin/python benchmarks/crossdoc.py --shared ../shared [--errors] [--stress]

Two gold sets are ingested *together* into one fresh store (33 re3d dev documents and
the 8 reports of ``shared/eval/news-dev``, five of which are re3d documents saved again
with their title, so the same report really comes twice):

- **re3d dev**: the named Person / Organisation / Location rows (confidence >= 0.5) of
  each document, grouped by normalised value (the referee's ``common.norm``). Values
  joined by re3d's IsSynonymOf relations are one referent across documents, and so are,
  inside one document, a value and a longer value of the same type that *ends* with it
  ("Keller" / "Interior Minister Anna Keller", "Korvik" / "the city of Korvik"): a
  prediction is matched to a gold span by the mention that reaches the span's end, so
  the span stands for what its end names. A prediction for a document-level gold entity
  is the canonical entity of the predicted mentions inside a gold span that reach its
  last character, the most frequent one. The figures under the bare string gold (no
  joins inside a document, as this script measured before) are printed as ``strict_*``.
- **news-dev**: each gold entity (with all its names) of each report; a predicted entity
  of the report stands for it when one of its names or aliases equals one of the gold
  names after ``norm`` (the referee's rule; the most mentioned such entity). Gold names
  are referents across documents: two gold entities that share a normalised name (or a
  re3d value) are one referent.

Scored over document-level gold entities that got a prediction: pairwise P / R / F1 over
pairs from *different* documents (gold-same when their referents agree, predicted-same
when their canonical ids agree), B-cubed P / R / F1 over the same items, and coverage
(share of document-level gold entities with a prediction). ``re3d.*`` figures use the
re3d items only (the 8 news-dev reports still sit in the store), ``news.*`` the news-dev
items, ``all.*`` both. The re3d figures are also returned under flat keys (``pair_p``,
``pair_r``, ``pair_f1``, ``bcubed_f1``), which ``benchmarks/eval.py`` reports as the
``crossdoc`` row; the flat ``coverage`` is ``re3d.strict_coverage``, whose gold items are
the ones this script counted before the joins (coverage does not depend on resolution).

``--stress`` also runs the synthetic stress set of ``crossdoc_stress.py`` (reports saved
again with other white space, with an organisation called only by its stated alias, and
with a person replaced by a namesake) and lists what it gets wrong.
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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TYPES = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE"}
GOLD_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "PLACE": "PLACE",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}
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
Item = tuple[str, str, str]  # (document id, type, referent or gold key)
NEWS_PREFIX = "news-dev-"


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _rows(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            out.append(json.loads(line))
    return out


def _ends_with(long: str, short: str) -> bool:
    """``short``'s words end ``long``'s words ("interior minister anna keller" / "keller")."""
    a, b = long.split(), short.split()
    return len(b) < len(a) and a[-len(b) :] == b


def re3d_gold(
    data: Path, norm: Callable[[str], str], referents: UnionFind, *, strict: bool = False
) -> dict[Item, list[tuple[int, int]]]:
    """(document id, type, normalised value) -> gold spans; ``referents`` gets the joins of values
    (synonyms, and unless ``strict`` the values inside one document that end another)."""
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        rel = folder / "relations.json"
        if rel.exists():
            for r in _rows(rel):
                if r.get("type") == "IsSynonymOf" and float(r.get("confidence", 1)) >= 0.5:
                    a, b = norm(r["source"]), norm(r["target"])
                    if a and b:
                        for kind in TYPES.values():
                            referents.union(("v", kind, a), ("v", kind, b))
    raw: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
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
            raw[(f"re3d-{r['documentId']}", kind, norm(value))].append((int(r["begin"]), int(r["end"])))
    if not strict:
        values: dict[tuple[str, str], list[str]] = defaultdict(list)
        for doc, kind, value in raw:
            values[(doc, kind)].append(value)
        persons = {value for (_doc, kind), group in values.items() if kind == "PERSON" for value in group}
        for (_doc, kind), group in values.items():
            for long in group:
                for short in group:
                    same_surname = (
                        kind == "PERSON" and long != short and long.split()[-1] == short.split()[-1]
                    )
                    if _ends_with(long, short) or same_surname:
                        referents.union(("v", kind, long), ("v", kind, short))
        for long in persons:
            for short in persons:
                if len(short.split()) >= 2 and _ends_with(long, short):
                    referents.union(("v", "PERSON", long), ("v", "PERSON", short))
    return dict(raw)


def by_referent(
    raw: dict[Item, list[tuple[int, int]]], referents: UnionFind
) -> dict[Item, list[tuple[int, int]]]:
    """The gold spans of each document-level gold entity: (document id, type, referent) -> spans."""
    spans: dict[Item, list[tuple[int, int]]] = defaultdict(list)
    for (doc, kind, value), found in sorted(raw.items()):
        spans[(doc, kind, _label(referents.find(("v", kind, value))))] += found
    return dict(spans)


def _label(node: Any) -> str:
    return str(node[2])


def re3d_items(
    gold: dict[Item, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int, str, str, str]]]
) -> dict[Item, tuple[str, str]]:
    """Gold item -> (canonical id, entity id) of the prediction that stands for it."""
    mapped: dict[Item, tuple[str, str]] = {}
    for (doc, kind, value), spans in gold.items():
        votes: Counter[tuple[str, str]] = Counter()
        for gs, ge in spans:
            for ps, pe, pkind, canonical, entity in pred.get(doc, []):
                # inside the gold span and reaching its end (its head word): "NLF" alone does
                # not stand for "NLF tactical units"
                if pkind == kind and gs <= ps and ge - 1 <= pe <= ge:
                    votes[(canonical, entity)] += 1
        if votes:
            mapped[(doc, kind, value)] = votes.most_common(1)[0][0]
    return mapped


def predicted(conn: sqlite3.Connection) -> dict[str, list[tuple[int, int, str, str, str]]]:
    """document id -> (start, end, type, canonical id, entity id) of every predicted mention."""
    out: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    rows = conn.execute(
        "SELECT e.document_id, m.start, m.end, e.type, coalesce(e.canonical_id, e.id), e.id"
        " FROM mentions m JOIN entities e ON e.id = m.entity_id"
    )
    for doc, start, end, kind, canonical, entity in rows:
        out[doc].append((start, end, kind, canonical, entity))
    return out


def stored_entities(conn: sqlite3.Connection, document_id: str) -> list[tuple[str, str, str, set[str], int]]:
    """(entity id, canonical id, type, names and aliases, mention count) of one stored document."""
    rows = conn.execute(
        "SELECT e.id, coalesce(e.canonical_id, e.id), e.type, e.name,"
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e"
        " WHERE e.document_id = ?",
        (document_id,),
    ).fetchall()
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity_id, name in conn.execute(
        "SELECT a.entity_id, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE e.document_id = ?",
        (document_id,),
    ):
        aliases[entity_id].add(name)
    return [
        (eid, canonical, kind, {name} | aliases[eid], count) for eid, canonical, kind, name, count in rows
    ]


def news_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """The news-dev gold files, each with its text."""
    out = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["text"] = (gold_dir / gold["text_file"]).read_text(encoding="utf-8")
        out.append(gold)
    return out


def named_items(
    conn: sqlite3.Connection,
    document_id: str,
    entities: dict[str, dict[str, Any]],
    norm: Callable[[str], str],
    referents: UnionFind,
) -> tuple[dict[Item, tuple[str, str]], int]:
    """Gold entities of one report matched by name to the report's stored entities: item ->
    (canonical id, entity id), and how many gold items there are. Gold names join referents."""
    stored = stored_entities(conn, document_id)
    items: dict[Item, tuple[str, str]] = {}
    keys = set()
    for key, gold in sorted(entities.items()):
        kind = GOLD_TYPES.get(gold["type"])
        names = {n for n in (norm(name) for name in gold["names"]) if n}
        if kind is None or not names:
            continue
        for name in names:
            referents.union(("v", kind, min(names)), ("v", kind, name))
        item = (document_id, kind, key)
        keys.add(item)
        matches = [
            (count, eid, canonical)
            for eid, canonical, stype, snames, count in stored
            if (stype == kind or gold.get("any_type")) and names & {norm(n) for n in snames}
        ]
        if matches:
            _count, eid, canonical = max(matches, key=lambda m: (m[0], m[1]))
            items[item] = (canonical, eid)
    return items, len(keys)


def score_items(
    referent: dict[Item, Any], canonical: dict[Item, str], *, total: int, prefix: str = ""
) -> dict[str, float]:
    """Pairwise (across documents) and B-cubed P / R / F1 of the predicted clusters of the items."""
    keys = sorted(canonical)
    by_canonical: dict[str, list[Item]] = defaultdict(list)
    by_referent: dict[Any, list[Item]] = defaultdict(list)
    for key in keys:
        by_canonical[canonical[key]].append(key)
        by_referent[(key[1], referent[key])].append(key)

    def cross_pairs(groups: Iterable[list[Item]]) -> set[tuple[Item, Item]]:
        pairs = set()
        for members in groups:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if a[0] != b[0]:
                        pairs.add((min(a, b), max(a, b)))
        return pairs

    gold_pairs = cross_pairs(by_referent.values())
    pred_pairs = cross_pairs(by_canonical.values())
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 0.0
    r = tp / len(gold_pairs) if gold_pairs else 0.0
    bp = br = 0.0
    for key in keys:
        pred_set = set(by_canonical[canonical[key]])
        gold_set = set(by_referent[(key[1], referent[key])])
        both = len(pred_set & gold_set)
        bp += both / len(pred_set)
        br += both / len(gold_set)
    bp, br = (bp / len(keys), br / len(keys)) if keys else (0.0, 0.0)
    return {
        f"{prefix}pair_p": round(p, 4),
        f"{prefix}pair_r": round(r, 4),
        f"{prefix}pair_f1": round(_f1(p, r), 4),
        f"{prefix}bcubed_p": round(bp, 4),
        f"{prefix}bcubed_r": round(br, 4),
        f"{prefix}bcubed_f1": round(_f1(bp, br), 4),
        f"{prefix}gold_pairs": len(gold_pairs),
        f"{prefix}pred_pairs": len(pred_pairs),
        f"{prefix}coverage": round(len(keys) / total, 4) if total else 0.0,
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def errors(referent: dict[Item, Any], canonical: dict[Item, str]) -> list[str]:
    """Readable lines: clusters holding several referents, referents split over clusters."""
    by_canonical: dict[str, Counter[Any]] = defaultdict(Counter)
    by_referent: dict[Any, Counter[str]] = defaultdict(Counter)
    for key, cid in canonical.items():
        by_canonical[cid][(key[1], referent[key])] += 1
        by_referent[(key[1], referent[key])][cid] += 1
    lines = [f"merged  {cid}: {dict(found)}" for cid, found in sorted(by_canonical.items()) if len(found) > 1]
    lines += [
        f"split   {ref}: {dict(cids)}" for ref, cids in sorted(by_referent.items(), key=str) if len(cids) > 1
    ]
    return lines


def make_inputs(shared: Path, folder: Path) -> list[Path]:
    """The JSONL inputs: re3d dev (through the referee's make-input) and the news-dev reports."""
    re3d = folder / "re3d.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "referee" / "re3d.py"),
            "make-input",
            str(shared / "evaldata" / "re3d"),
            str(re3d),
        ],
        check=True,
        capture_output=True,
    )
    news = folder / "news-dev.jsonl"
    with news.open("w", encoding="utf-8") as out:
        for gold in news_gold(shared / "eval" / "news-dev"):
            record = {"id": NEWS_PREFIX + gold["id"], "text": gold["text"], "published": gold["published"]}
            out.write(json.dumps(record) + "\n")
    return [re3d, news]


def measure(conn: sqlite3.Connection, shared: Path, norm: Callable[[str], str]) -> dict[str, Any]:
    """Every figure of the module notes over a store that holds both gold sets, resolved."""
    data = shared / "evaldata" / "re3d"
    pred = predicted(conn)
    figures: dict[str, Any] = {}
    # the bare string gold of re3d alone, as measured before the joins inside a document
    strict = UnionFind()
    gold = by_referent(re3d_gold(data, norm, strict, strict=True), strict)
    canonical = {key: value[0] for key, value in re3d_items(gold, pred).items()}
    figures.update(score_items({k: k[2] for k in gold}, canonical, total=len(gold), prefix="re3d.strict_"))
    referents = UnionFind()
    raw = re3d_gold(data, norm, referents)
    news: dict[Item, str] = {}
    news_total = 0
    news_names: dict[Item, str] = {}
    for report in news_gold(shared / "eval" / "news-dev"):
        document_id = NEWS_PREFIX + report["id"]
        found, total = named_items(conn, document_id, report["entities"], norm, referents)
        news.update({key: value[0] for key, value in found.items()})
        news_total += total
        for key, entity in report["entities"].items():
            names = [n for n in (norm(name) for name in entity["names"]) if n]
            if names:
                news_names[(document_id, GOLD_TYPES.get(entity["type"], ""), key)] = min(names)
    gold = by_referent(raw, referents)  # after the news-dev names joined referents too
    canonical = {key: value[0] for key, value in re3d_items(gold, pred).items()}
    ref: dict[Item, Any] = {key: ("v", key[1], key[2]) for key in gold}
    ref.update({key: referents.find(("v", key[1], name)) for key, name in news_names.items()})
    figures.update(score_items(ref, canonical, total=len(gold), prefix="re3d."))
    figures.update(score_items(ref, news, total=news_total, prefix="news."))
    figures.update(score_items(ref, {**canonical, **news}, total=len(gold) + news_total, prefix="all."))
    figures["errors"] = errors(ref, {**canonical, **news})
    for name in ("pair_p", "pair_r", "pair_f1", "bcubed_f1"):
        figures[name] = figures[f"re3d.{name}"]
    # coverage does not depend on resolution: the share of re3d's document-level gold entities
    # (values joined by synonyms only, as before) that got a prediction
    figures["coverage"] = figures["re3d.strict_coverage"]
    return figures


def referee_norm(shared: Path) -> Callable[[str], str]:
    sys.path.insert(0, str(shared / "eval" / "referee"))
    from common import norm

    return norm  # type: ignore[no-any-return]


def crossdoc_metrics(shared: Path, *, nlp: Any = None) -> dict[str, Any]:
    """Ingest re3d dev and news-dev into a fresh store, resolve, and score the shared clusters."""
    from newsgraph.pipeline import ingest_paths
    from newsgraph.resolve.run import resolve_store
    from newsgraph.store.db import connect

    norm = referee_norm(shared)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(shared, Path(tmp))
        conn = connect(Path(tmp) / "kb.db")
        started = time.perf_counter()
        ingest_paths(conn, [str(path) for path in inputs], nlp=nlp)
        resolve_store(conn)
        seconds = time.perf_counter() - started
        figures = measure(conn, shared, norm)
        conn.close()
    figures["seconds"] = round(seconds, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list merged and split referents")
    parser.add_argument("--stress", action="store_true", help="also run the synthetic stress set")
    args = parser.parse_args()
    shared = args.shared.resolve()
    figures = crossdoc_metrics(shared)
    lines = figures.pop("errors")
    if args.errors:
        print("\n".join(lines))
    if args.stress:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from crossdoc_stress import run_stress

        stress = run_stress(shared)
        print("\n".join(stress.failures) or "stress set: all right")
        figures["stress_checks"] = stress.checks
        figures["stress_failures"] = len(stress.failures)
    for key, value in figures.items():
        print(f"{key:>22}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
