"""A synthetic stress set for cross-document identity, generated from the news-dev reports.

    .venv/bin/python benchmarks/crossdoc_stress.py --shared ../shared

Every report of ``shared/eval/news-dev`` is ingested with copies made from it in code,
each with answers known from the report's gold:

- ``space``: the report saved again with other white space (blank lines between
  paragraphs, two spaces after a full stop, spaces at line ends). Every entity is the
  original's; a store that recognises the copy as the same report and keeps no second
  document is right too.
- ``alias``: the report with each organisation that it names both in full and by an
  acronym ("Full Name (ACR)", or "Full Name" ... "ACR") called by the acronym alone. The
  acronym-only entity must be the original's organisation, through the alias the
  original states or the acronym's letters.
- ``namesake``: the report with each person named by a full name replaced by a namesake:
  the same surname with an invented given name (titles and surname-only mentions kept).
  The namesake is another person; every other entity is the original's.

A check is a pair of document-level gold entities of one type from two documents of the
same report (original and copies) that both got a prediction (matched by name, as
``crossdoc.named_items`` does): right when they share a canonical id exactly when their
referents agree. Pairs of gold entities that the original report itself already puts in
one predicted entity (an in-document merge, which the in-document evaluation counts) are
left out. The set is fully right when no check fails and each acronym and each namesake
was found in its copy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossdoc import GOLD_TYPES, REPO, Item, UnionFind, named_items, news_gold, referee_norm  # noqa: E402

# Invented given names for the namesakes; the first whose first letter and letters differ from
# the person's own given name is used.
NAMESAKE_GIVEN = ("Tobin", "Ilse", "Corwin", "Rasmund", "Brannoc", "Yselde", "Perrin", "Quillon")
ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,7}$")


@dataclass
class StressDoc:
    id: str
    origin: str  # the report's id
    variant: str  # original, space, alias or namesake
    text: str
    published: str | None
    entities: dict[str, dict[str, Any]]  # gold key -> {type, names}
    referents: dict[str, str]  # gold key -> referent
    expected: tuple[str, ...] = ()  # gold keys that must be found (the acronyms, the namesakes)


@dataclass
class StressResult:
    checks: int = 0
    failures: list[str] = field(default_factory=list)
    variants: dict[str, int] = field(default_factory=dict)


def respaced(text: str) -> str:
    """The text with other white space: blank lines, two spaces after a full stop, trailing spaces."""
    text = re.sub(r"([.!?]) (?=[A-Z])", r"\1  ", text)
    return "\n\n".join(line + "  " for line in text.split("\n"))


def acronym_only(
    text: str, entities: dict[str, dict[str, Any]]
) -> tuple[str, dict[str, dict[str, Any]], list[str]]:
    """The text with each organisation introduced as "Full (ACR)" named only "ACR"."""
    entities = {k: dict(v) for k, v in entities.items()}
    changed = []
    for key, gold in sorted(entities.items()):
        if GOLD_TYPES.get(gold["type"]) != "ORG":
            continue
        names = list(gold["names"])
        for acronym in names:
            if not ACRONYM.match(acronym) or sum(c.isupper() for c in acronym) < 2 or acronym not in text:
                continue
            long_forms = [n for n in names if len(n.split()) >= 2 and n in text]
            if not long_forms:
                continue
            for long in sorted(long_forms, key=len, reverse=True):
                text = text.replace(f"{long} ({acronym})", acronym)
            for other in sorted(
                (n for n in names if n != acronym and len(n) > len(acronym)), key=len, reverse=True
            ):
                text = re.sub(rf"(?<![\w-]){re.escape(other)}(?![\w-])", acronym, text)
            gold["names"] = [acronym]
            changed.append(key)
            break
    return text, entities, changed


def namesakes(
    text: str, entities: dict[str, dict[str, Any]]
) -> tuple[str, dict[str, dict[str, Any]], list[str]]:
    """The text with each person named by a full name replaced by a namesake (same surname)."""
    entities = {k: dict(v) for k, v in entities.items()}
    changed = []
    used: set[str] = set()
    for key, gold in sorted(entities.items()):
        if GOLD_TYPES.get(gold["type"]) != "PERSON":
            continue
        full = [
            n
            for n in gold["names"]
            if len(n.split()) >= 2
            and all(w[:1].isupper() for w in n.split())
            and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)
        ]
        if not full:
            continue
        # the core full name: the one most other names hold ("Anna Keller" in "Minister Anna Keller")
        base = max(full, key=lambda n: (sum(n in other for other in gold["names"]), -len(n)))
        given, surname = base.rsplit(" ", 1)
        first = given.split()[0]
        choice = next(
            (
                g
                for g in NAMESAKE_GIVEN
                if g not in used and g[0].lower() != first[0].lower() and g.lower() not in first.lower()
            ),
            None,
        )
        if choice is None or surname in NAMESAKE_GIVEN:
            continue
        used.add(choice)
        other = f"{choice} {surname}"
        text = re.sub(rf"(?<!\w){re.escape(base)}(?!\w)", other, text)
        gold["names"] = [n.replace(base, other) for n in gold["names"] if base in n] + [
            n for n in gold["names"] if n == surname
        ]
        changed.append(key)
    return text, entities, changed


def stress_documents(shared: Path) -> list[StressDoc]:
    """The originals and their copies, with gold and referents."""
    out: list[StressDoc] = []
    for number, report in enumerate(news_gold(shared / "eval" / "news-dev")):
        origin = f"stress-{number}"
        entities = report["entities"]
        same = {key: f"{origin}:{key}" for key in entities}
        published = report["published"]
        text = report["text"]
        out.append(StressDoc(f"{origin}-original", origin, "original", text, published, entities, same))
        out.append(StressDoc(f"{origin}-space", origin, "space", respaced(text), published, entities, same))
        alias_text, alias_entities, acronyms = acronym_only(text, entities)
        if acronyms:
            out.append(
                StressDoc(
                    f"{origin}-alias",
                    origin,
                    "alias",
                    alias_text,
                    published,
                    alias_entities,
                    same,
                    tuple(acronyms),
                )
            )
        namesake_text, namesake_entities, persons = namesakes(text, entities)
        if persons:
            referents = {k: v + ":namesake" if k in persons else v for k, v in same.items()}
            out.append(
                StressDoc(
                    f"{origin}-namesake",
                    origin,
                    "namesake",
                    namesake_text,
                    published,
                    namesake_entities,
                    referents,
                    tuple(persons),
                )
            )
    return out


def check(conn: Any, documents: list[StressDoc], norm: Callable[[str], str]) -> StressResult:
    """The checks of the module notes over a store that holds the documents, resolved."""
    result = StressResult()
    stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
    found: dict[str, dict[Item, tuple[str, str]]] = {}
    for doc in documents:
        result.variants[doc.variant] = result.variants.get(doc.variant, 0) + 1
        if doc.id not in stored:
            if doc.variant != "space":
                result.failures.append(f"{doc.id}: not stored")
            continue
        found[doc.id], _ = named_items(conn, doc.id, doc.entities, norm, UnionFind())
        for key in doc.expected:
            kind = GOLD_TYPES[doc.entities[key]["type"]]
            if (doc.id, kind, key) not in found[doc.id]:
                result.failures.append(
                    f"{doc.id}: {doc.variant} entity {key} ({doc.entities[key]['names']}) not found"
                )
    by_origin: dict[str, list[StressDoc]] = {}
    for doc in documents:
        if doc.id in found:
            by_origin.setdefault(doc.origin, []).append(doc)
    for origin, docs in by_origin.items():
        original = next((d for d in docs if d.variant == "original"), None)
        merged_in_original = _merged(found.get(original.id, {})) if original else set()
        for i, x in enumerate(docs):
            for y in docs[i + 1 :]:
                for (_dx, kind_x, key_x), (canonical_x, _) in found[x.id].items():
                    for (_dy, kind_y, key_y), (canonical_y, _) in found[y.id].items():
                        if kind_x != kind_y or (key_x != key_y and (key_x, key_y) in merged_in_original):
                            continue
                        result.checks += 1
                        gold_same = x.referents[key_x] == y.referents[key_y]
                        if gold_same != (canonical_x == canonical_y):
                            what = "split" if gold_same else "merged"
                            result.failures.append(
                                f"{origin}: {what} {x.variant}:{key_x} ({canonical_x}) / "
                                f"{y.variant}:{key_y} ({canonical_y})"
                            )
    return result


def _merged(items: dict[Item, tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of gold keys that one predicted entity of the report stands for."""
    out = set()
    for (_d, _k, a), (_c, entity_a) in items.items():
        for (_d2, _k2, b), (_c2, entity_b) in items.items():
            if a != b and entity_a == entity_b:
                out.add((a, b))
    return out


def run_stress(shared: Path, *, nlp: Any = None, keep: Path | None = None) -> StressResult:
    """Ingest the stress set into a fresh store, resolve, check (``keep``: a store file to keep)."""
    from newsgraph.pipeline import ingest_paths
    from newsgraph.resolve.run import resolve_store
    from newsgraph.store.db import connect

    norm = referee_norm(shared)
    documents = stress_documents(shared)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "stress.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            for doc in documents:
                out.write(json.dumps({"id": doc.id, "text": doc.text, "published": doc.published}) + "\n")
        conn = connect(keep or Path(tmp) / "kb.db")
        ingest_paths(conn, [str(inputs)], nlp=nlp)
        resolve_store(conn)
        result = check(conn, documents, norm)
        conn.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--keep", type=Path, help="write the store to this (new) file and keep it")
    args = parser.parse_args()
    result = run_stress(args.shared.resolve(), keep=args.keep)
    print("\n".join(result.failures) or "all right")
    print(
        json.dumps({"checks": result.checks, "failures": len(result.failures), "documents": result.variants})
    )


if __name__ == "__main__":
    main()
