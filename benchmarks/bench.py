"""Throughput: newsgraph's extract_documents against bare spaCy on the same texts.

The corpus is built from the texts of the shared evaluation data (re3d, the
Iraq/Syria news texts, WikiEvents, MUC-4, Re-DocRED, CASE-2021, PLOVER), taken
in turn from each source until it holds the requested number of words
(whitespace-separated tokens), repeating the texts if they run out.

For each process count, in the same run and on the same texts:

- bare spaCy: ``nlp.pipe`` of the pinned model (no newsgraph components);
- newsgraph: ``extract_documents`` (our components plus the contract JSON
  assembly), each result serialised with ``json.dumps`` as the CLI would.

Reports words/s, the newsgraph/bare ratio and peak resident memory
(``ru_maxrss`` of this process and of its finished child processes).

Example:

    .venv/bin/python benchmarks/bench.py --shared ../shared --words 20000
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import cycle
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.document import Document

DEFAULT_WORDS = 150_000
stderr = Console(stderr=True)


# ---------------------------------------------------------------- corpus sources
def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]


def re3d_texts(data: Path) -> list[str]:
    folders = sorted(p for p in (data / "re3d").iterdir() if (p / "documents.json").exists())
    return [row["text"] for folder in folders for row in read_jsonl(folder / "documents.json")]


def news_texts(data: Path) -> list[str]:
    paths = sorted((data / "iraq_syria_news_texts" / "articles").glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def wikievents_texts(data: Path) -> list[str]:
    return [row["text"] for row in read_jsonl(data / "wikievents" / "dev.jsonl")]


def muc4_texts(data: Path) -> list[str]:
    return [row["doctext"] for row in read_jsonl(data / "muc4" / "dev.json")]


def redocred_texts(data: Path) -> list[str]:
    rows = json.loads((data / "redocred" / "dev_revised.json").read_text(encoding="utf-8"))
    return ["\n".join(" ".join(sent) for sent in row["sents"]) for row in rows]


def case2021_texts(data: Path) -> list[str]:
    path = data / "case2021_task2_acled_types" / "test_set_final_release_with_labels.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["EventSnippet"] for row in csv.DictReader(fh, delimiter="\t") if row.get("EventSnippet")]


def plover_texts(data: Path) -> list[str]:
    rows = json.loads((data / "plover_gsr" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    return [row["text"] for row in rows if row.get("text")]


SOURCES: dict[str, Callable[[Path], list[str]]] = {
    "re3d": re3d_texts,
    "iraq_syria_news_texts": news_texts,
    "wikievents": wikievents_texts,
    "muc4": muc4_texts,
    "redocred": redocred_texts,
    "case2021": case2021_texts,
    "plover_gsr": plover_texts,
}


def word_count(text: str) -> int:
    return len(text.split())


def interleave(sources: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(source, text) taking one text from each source in turn until all are used."""
    iterators = {name: iter(texts) for name, texts in sources.items()}
    while iterators:
        for name in list(iterators):
            text = next(iterators[name], None)
            if text is None:
                del iterators[name]
            else:
                yield name, text


def build_corpus(shared: Path, *, words: int = DEFAULT_WORDS) -> tuple[list[str], dict[str, int]]:
    """Texts adding up to at least `words` words, and the words taken from each source."""
    data = shared / "evaldata"
    sources = {name: [t for t in load(data) if t.strip()] for name, load in SOURCES.items()}
    pool = list(interleave(sources))
    if not pool:
        raise SystemExit(f"error: no texts found under {data}; pass --shared")
    texts: list[str] = []
    per_source: dict[str, int] = {}
    total = 0
    for name, text in cycle(pool):
        if total >= words:
            break
        texts.append(text)
        n = word_count(text)
        per_source[name] = per_source.get(name, 0) + n
        total += n
    return texts, per_source


# ---------------------------------------------------------------- timing
@dataclass
class Row:
    n_process: int
    bare_seconds: float
    newsgraph_seconds: float | None
    bare_words_per_s: float
    newsgraph_words_per_s: float | None
    ratio: float | None
    peak_rss_self_mib: float
    peak_rss_children_mib: float
    error: str | None = None


def peak_rss_mib() -> tuple[float, float]:
    """ru_maxrss (KiB on Linux) of this process and of its waited-for children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return own / scale, children / scale


def run_bare(nlp: Any, texts: list[str], *, n_process: int, batch_size: int) -> None:
    for _doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        pass


def run_newsgraph(nlp: Any, documents: list[Document], *, n_process: int, batch_size: int) -> None:
    from newsgraph.pipeline import extract_documents

    for result in extract_documents(documents, nlp=nlp, n_process=n_process, batch_size=batch_size):
        json.dumps(result, ensure_ascii=False)


def timed(fn: Callable[[], None]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench(
    texts: list[str], *, processes: Sequence[int], batch_size: int, ng_nlp: Any, bare_nlp: Any
) -> list[Row]:
    """Time bare spaCy and newsgraph on the same texts for each process count."""
    documents = [Document.create(text, id=f"bench-{i}") for i, text in enumerate(texts)]
    same_texts = [document.text for document in documents]
    words = sum(word_count(text) for text in same_texts)
    warm = min(len(documents), 8)
    run_bare(bare_nlp, same_texts[:warm], n_process=1, batch_size=batch_size)
    run_newsgraph(ng_nlp, documents[:warm], n_process=1, batch_size=batch_size)
    rows = []
    for n in processes:
        stderr.print(f"n_process={n}: bare spaCy …")
        bare_s = timed(lambda n=n: run_bare(bare_nlp, same_texts, n_process=n, batch_size=batch_size))
        stderr.print(f"n_process={n}: newsgraph … (bare took {bare_s:.1f}s)")
        ng_s: float | None = None
        error = None
        try:  # a failing configuration is reported in the table; the others still run
            ng_s = timed(lambda n=n: run_newsgraph(ng_nlp, documents, n_process=n, batch_size=batch_size))
            stderr.print(f"n_process={n}: newsgraph took {ng_s:.1f}s")
        except Exception as exc:
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:300]}"
            stderr.print(f"n_process={n}: newsgraph failed: {error}")
        own, children = peak_rss_mib()
        rows.append(
            Row(
                n_process=n,
                bare_seconds=round(bare_s, 2),
                newsgraph_seconds=round(ng_s, 2) if ng_s else None,
                bare_words_per_s=round(words / bare_s),
                newsgraph_words_per_s=round(words / ng_s) if ng_s else None,
                ratio=round(bare_s / ng_s, 3) if ng_s else None,
                peak_rss_self_mib=round(own, 1),
                peak_rss_children_mib=round(children, 1),
                error=error,
            )
        )
    return rows


def bench_ingest(texts: list[str], *, nlp: Any, batch_size: int) -> dict[str, float]:
    """Ingest the same texts into a fresh store (one process), then resolve it; seconds and words/s."""
    import tempfile

    from newsgraph.pipeline import ingest_paths
    from newsgraph.resolve.run import resolve_store
    from newsgraph.store.db import connect

    words = sum(word_count(text) for text in texts)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"bench-{i}", "text": text}) + "\n")
        conn = connect(Path(tmp) / "bench.db")
        stderr.print("ingest: storing the corpus …")
        ingest_s = timed(lambda: ingest_paths(conn, [str(corpus)], nlp=nlp, batch_size=32))
        stderr.print(f"ingest took {ingest_s:.1f}s; resolving …")
        resolve_s = timed(lambda: resolve_store(conn))
        entities = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        conn.close()
    return {
        "ingest_seconds": round(ingest_s, 2),
        "ingest_words_per_s": round(words / ingest_s),
        "resolve_seconds": round(resolve_s, 2),
        "entities": int(entities),
    }


def render(rows: list[Row], *, words: int, docs: int) -> Table:
    table = Table(title=f"throughput on {words:,} words in {docs:,} texts (same texts, same run)")
    for header in (
        "n_process",
        "bare spaCy\nwords/s",
        "newsgraph\nwords/s",
        "newsgraph\n/ bare",
        "bare spaCy\nseconds",
        "newsgraph\nseconds",
        "peak RSS\nself MiB",
        "peak RSS\nchildren MiB",
    ):
        table.add_column(header, justify="right")
    for row in rows:
        table.add_row(
            str(row.n_process),
            f"{row.bare_words_per_s:,.0f}",
            "failed" if row.newsgraph_words_per_s is None else f"{row.newsgraph_words_per_s:,.0f}",
            "–" if row.ratio is None else f"{row.ratio:.2f}",
            f"{row.bare_seconds:.1f}",
            "–" if row.newsgraph_seconds is None else f"{row.newsgraph_seconds:.1f}",
            f"{row.peak_rss_self_mib:,.0f}",
            f"{row.peak_rss_children_mib:,.0f}",
        )
    table.caption = (
        "newsgraph / bare = newsgraph words/s ÷ bare spaCy words/s; peak RSS is cumulative "
        "(the highest so far when the row finished); children = worker processes of n_process > 1"
    )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python benchmarks/bench.py --shared ../shared --words 20000",
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    parser.add_argument(
        "--words", type=int, default=DEFAULT_WORDS, help=f"corpus size (default {DEFAULT_WORDS:,})"
    )
    parser.add_argument("--processes", default="1,2", help="n_process values, comma-separated (default 1,2)")
    parser.add_argument("--batch-size", type=int, default=16, help="batch size for both systems (default 16)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-ingest", action="store_true", help="skip the knowledge-base ingest row")
    args = parser.parse_args(argv)
    processes = [int(p) for p in args.processes.split(",") if p.strip()]

    from newsgraph.components import build_nlp
    from newsgraph.nlp.model import load_model

    texts, per_source = build_corpus(args.shared.resolve(), words=args.words)
    words = sum(per_source.values())
    stderr.print(
        f"corpus: {words:,} words in {len(texts):,} texts ("
        + ", ".join(f"{name} {n:,}" for name, n in per_source.items())
        + ")"
    )
    rows = bench(
        texts, processes=processes, batch_size=args.batch_size, ng_nlp=build_nlp(), bare_nlp=load_model()
    )
    console = Console(width=None if sys.stdout.isatty() else 120)
    console.print(f"corpus: {words:,} words, {len(texts):,} texts")
    console.print(render(rows, words=words, docs=len(texts)))
    for row in rows:
        if row.error:
            console.print(f"newsgraph with n_process={row.n_process} failed: {row.error}")
    ingest: dict[str, float] = {}
    if not args.no_ingest:
        ingest = bench_ingest(texts, nlp=build_nlp(), batch_size=args.batch_size)
        bare = next((row for row in rows if row.n_process == 1), rows[0])
        ratio = ingest["ingest_words_per_s"] / bare.bare_words_per_s
        ingest["ratio_to_bare_1_process"] = round(ratio, 3)
        own, _children = peak_rss_mib()
        console.print(
            f"ingest into a fresh store (1 process, NLP + SQLite): {ingest['ingest_words_per_s']:,.0f} "
            "words/s "
            f"= {ratio:.2f} of bare nlp.pipe ({bare.bare_words_per_s:,.0f} words/s, same run); "
            f"then resolution of {ingest['entities']:,} entities in {ingest['resolve_seconds']:.1f}s; "
            f"peak RSS {own:,.0f} MiB"
        )
    if args.json:
        payload = {"words": words, "texts": len(texts), "per_source_words": per_source, "ingest": ingest}
        payload["rows"] = [asdict(row) for row in rows]
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 1 if any(row.error for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
