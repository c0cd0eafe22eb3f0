"""Quality evaluation: newsgraph against bare spaCy on the shared gold sets.

Each dataset has an adapter: a function ``(context, system) -> {metric: value}``
that runs one system over the dataset's documents, writes one contract JSON per
document to a prediction folder and lets the referee scorer in ``shared/eval``
score it. Nothing here scores anything itself.

- ``dev``:  ``shared/eval/dev/*.gold.json`` scored by ``shared/eval/score.py --json``
  (entity, fact and event P/R/F1, merge and type errors, attribution, time, hedging).
- ``re3d``: entity mentions scored by ``shared/eval/referee/re3d.py`` in its default
  mode (named mentions only, coarse type PERSON/ORG/PLACE must agree, a predicted
  span inside exactly one gold span of its type counts, gold confidence >= 0.5).

The systems: ``newsgraph`` (our pipeline, through ``extract_documents``) and
``spacy`` (the same pinned model without our components; one entity per spaCy
entity: PERSON, ORG, and GPE/LOC/FAC as PLACE; other labels dropped).

A new dataset is one more adapter function and one line in ``ADAPTERS``.

Example:

    .venv/bin/python benchmarks/eval.py --shared ../shared --only re3d --json eval.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph.document import Document

Metrics = dict[str, float | int | None]
SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
CORE_TYPES = ("PERSON", "ORG", "PLACE")
SYSTEM_TITLES = {"newsgraph": "newsgraph", "spacy": "bare spaCy"}
stderr = Console(stderr=True)


class EvalError(RuntimeError):
    """The evaluation could not run (missing data, a referee that failed)."""


# ---------------------------------------------------------------- systems
@dataclass
class System:
    """Something that turns documents into contract JSON objects, in input order."""

    key: str
    run: Callable[[list[Document]], Iterator[dict[str, Any]]]

    @property
    def title(self) -> str:
        return SYSTEM_TITLES.get(self.key, self.key)


def newsgraph_system(nlp: Any) -> System:
    from newsgraph.api import extract_documents

    def run(documents: list[Document]) -> Iterator[dict[str, Any]]:
        for result in extract_documents(documents, nlp=nlp, n_process=1):
            yield dict(result)

    return System("newsgraph", run)


def spacy_entities(doc: Any) -> list[dict[str, Any]]:
    """One contract entity per spaCy entity of a core type, with its single mention."""
    entities: list[dict[str, Any]] = []
    for ent in doc.ents:
        kind = SPACY_TYPES.get(ent.label_)
        if kind is None:
            continue
        mention = {"start": ent.start_char, "end": ent.end_char, "text": ent.text}
        entities.append(
            {
                "id": f"e{len(entities) + 1}",
                "type": kind,
                "name": ent.text,
                "aliases": [],
                "mentions": [mention],
            }
        )
    return entities


def spacy_system(nlp: Any) -> System:
    def run(documents: list[Document]) -> Iterator[dict[str, Any]]:
        pairs = ((document.text, document) for document in documents)
        for doc, document in nlp.pipe(pairs, as_tuples=True, n_process=1):
            yield {
                "document": {
                    "id": document.id,
                    "title": document.title,
                    "published": document.published,
                    "source": document.source,
                    "language": document.language,
                },
                "entities": spacy_entities(doc),
                "facts": [],
                "events": [],
            }

    return System("spacy", run)


# ---------------------------------------------------------------- context
@dataclass
class Context:
    """Where the data is, where predictions go, and how to report progress."""

    shared: Path
    work: Path
    progress: Progress | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time spent extracting, per prediction folder

    @property
    def referee_dir(self) -> Path:
        return self.shared / "eval" / "referee"

    def predict(self, dataset: str, system: System, documents: list[Document]) -> Path:
        """Run the system over the documents; write PRED_DIR/<id>.json and return PRED_DIR."""
        pred_dir = self.work / f"{dataset}-{system.key}"
        pred_dir.mkdir(parents=True, exist_ok=True)
        task = None
        if self.progress is not None:
            task = self.progress.add_task(f"{dataset} / {system.title}", total=len(documents))
        started = time.perf_counter()
        for document, result in zip(documents, system.run(documents), strict=True):
            path = pred_dir / f"{document.id}.json"
            path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            if self.progress is not None and task is not None:
                self.progress.advance(task)
        key = f"{dataset}/{system.key}"
        self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - started
        return pred_dir


def run_python(args: Sequence[str | Path]) -> str:
    """Run a referee script with this interpreter; return its stdout."""
    argv = [sys.executable, *map(str, args)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise EvalError(f"{' '.join(argv)} exited with {proc.returncode}:\n{proc.stderr.strip()}")
    return proc.stdout


def last_json_line(output: str) -> dict[str, Any]:
    """The referee scripts end their output with one JSON line."""
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines:
        raise EvalError("the referee printed nothing")
    summary = json.loads(lines[-1])
    if not isinstance(summary, dict):
        raise EvalError(f"the referee's last line is not a JSON object: {lines[-1][:200]}")
    return summary


def referee_documents(ctx: Context, name: str, data_dir: Path) -> list[Document]:
    """The documents a referee adapter asks for (its `make-input` JSONL), read once per run."""
    path = ctx.work / f"{name}.input.jsonl"
    if not path.exists():
        run_python([ctx.referee_dir / f"{name}.py", "make-input", data_dir, path])
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            document = Document.create(row["text"], id=row["id"], published=row.get("published"))
            if document.text != row["text"]:
                stderr.print(f"[yellow]note:[/yellow] {row['id']}: text changed by normalisation")
            documents.append(document)
    return documents


def referee_score(ctx: Context, name: str, data_dir: Path, system: System) -> dict[str, Any]:
    """Run one system over a referee dataset and return the referee's JSON summary."""
    documents = referee_documents(ctx, name, data_dir)
    pred_dir = ctx.predict(name, system, documents)
    return last_json_line(run_python([ctx.referee_dir / f"{name}.py", "score", data_dir, pred_dir]))


def prf_metrics(block: dict[str, Any], prefix: str) -> Metrics:
    return {f"{prefix}_p": block["p"], f"{prefix}_r": block["r"], f"{prefix}_f1": block["f1"]}


# ---------------------------------------------------------------- adapters
DEV_METRICS = (
    "entity_p",
    "entity_r",
    "entity_f1",
    "merge_errors",
    "type_errors",
    "fact_p",
    "fact_r",
    "fact_f1",
    "event_p",
    "event_r",
    "event_f1",
    "attribution_acc",
    "time_acc",
    "hedge_acc",
    "overall_f1",
)


def eval_dev(ctx: Context, system: System) -> Metrics:
    """The hand-annotated dev articles, scored by shared/eval/score.py."""
    gold_dir = ctx.shared / "eval" / "dev"
    documents = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = gold_dir / gold["text_file"]
        text = text_path.read_text(encoding="utf-8")
        documents.append(
            Document.create(text, id=gold["id"], published=gold.get("published"), source=str(text_path))
        )
    if not documents:
        raise EvalError(f"no *.gold.json files in {gold_dir}")
    pred_dir = ctx.predict("dev", system, documents)
    summary = last_json_line(run_python([ctx.shared / "eval" / "score.py", gold_dir, pred_dir, "--json"]))
    metrics: Metrics = {"docs": len(documents)}
    metrics.update({name: summary.get(name) for name in DEV_METRICS})
    return metrics


def eval_re3d(ctx: Context, system: System) -> Metrics:
    """re3d entity mentions, overall and per coarse type, by the re3d referee's default rule."""
    summary = referee_score(ctx, "re3d", ctx.shared / "evaldata" / "re3d", system)
    metrics: Metrics = {"docs": summary["docs"]}
    metrics.update(prf_metrics(summary["entity"], "entity"))
    for kind in CORE_TYPES:
        metrics.update(prf_metrics(summary["entity_by_type"][kind], kind))
    metrics["offset_mismatches"] = summary["offset_mismatches"]
    return metrics


ADAPTERS: dict[str, Callable[[Context, System], Metrics]] = {
    "dev": eval_dev,
    "re3d": eval_re3d,
}


# ---------------------------------------------------------------- running
def build_systems(keys: Iterable[str], *, nlp: Any | None = None) -> list[System]:
    """The systems to compare; `nlp` is an already loaded newsgraph pipeline to reuse."""
    systems = []
    for key in keys:
        if key == "newsgraph":
            from newsgraph.nlp.pipeline import build_nlp

            systems.append(newsgraph_system(nlp if nlp is not None else build_nlp()))
        elif key == "spacy":
            from newsgraph.nlp.model import load_model

            systems.append(spacy_system(load_model()))
        else:
            raise EvalError(f"unknown system {key!r}; choose from {sorted(SYSTEM_TITLES)}")
    return systems


def run_eval(
    shared: Path,
    *,
    only: Sequence[str] = tuple(ADAPTERS),
    systems: Sequence[str] = ("newsgraph", "spacy"),
    nlp: Any | None = None,
    show_progress: bool = True,
) -> dict[str, dict[str, float | int | None]]:
    """Run every chosen adapter for every system; return {system: {"dataset.metric": value}}."""
    unknown = [name for name in only if name not in ADAPTERS]
    if unknown:
        raise EvalError(f"unknown dataset(s) {unknown}; choose from {sorted(ADAPTERS)}")
    if not (shared / "eval").is_dir():
        raise EvalError(f"{shared} does not look like the shared folder (no eval/ in it); pass --shared")
    loaded = build_systems(systems, nlp=nlp)
    results: dict[str, dict[str, float | int | None]] = {system.key: {} for system in loaded}
    progress = Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        disable=not show_progress,
        transient=False,
    )
    with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp, progress:
        ctx = Context(shared=shared, work=Path(tmp), progress=progress)
        for dataset in only:
            for system in loaded:
                ctx.seconds.clear()
                for name, value in ADAPTERS[dataset](ctx, system).items():
                    results[system.key][f"{dataset}.{name}"] = value
                results[system.key][f"{dataset}.extract_seconds"] = round(sum(ctx.seconds.values()), 2)
    return results


def compare(measured: dict[str, Any], minimums: dict[str, float]) -> list[str]:
    """The pinned metrics that fell below their minimum (or were not measured), one message each."""
    problems = []
    for name, minimum in sorted(minimums.items()):
        value = measured.get(name)
        if value is None:
            problems.append(f"{name}: not measured (pinned minimum {minimum})")
        elif value < minimum:
            problems.append(
                f"{name}: {value} is below the pinned minimum {minimum} (dropped by {minimum - value:.4f})"
            )
    return problems


# ---------------------------------------------------------------- output
def _cell(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _rows(names: list[str]) -> list[tuple[str, str, list[str]]]:
    """(dataset, label, metric names) per table row; NAME_p, NAME_r, NAME_f1 share a row."""
    rows: list[tuple[str, str, list[str]]] = []
    for name in names:
        dataset, metric = name.split(".", 1)
        stem, _, suffix = metric.rpartition("_")
        if suffix in ("p", "r", "f1") and stem:
            label = f"{stem} P / R / F1"
            if rows and rows[-1][:2] == (dataset, label):
                rows[-1][2].append(name)
                continue
            rows.append((dataset, label, [name]))
        else:
            rows.append((dataset, metric, [name]))
    return [
        (dataset, label if len(group) > 1 else group[0].split(".", 1)[1], group)
        for dataset, label, group in rows
    ]


def render_table(results: dict[str, dict[str, float | int | None]]) -> Table:
    """One table: a row per dataset and metric (P / R / F1 together), a column per system."""
    keys = list(results)
    table = Table(title="newsgraph evaluation")
    table.add_column("dataset")
    table.add_column("metric")
    for key in keys:
        table.add_column(SYSTEM_TITLES.get(key, key), justify="right")
    names: list[str] = []
    for key in keys:
        names += [name for name in results[key] if name not in names]
    previous = None
    for dataset, label, group in _rows(names):
        if previous is not None and dataset != previous:
            table.add_section()
        cells = [" / ".join(_cell(results[key].get(name)) for name in group) for key in keys]
        table.add_row(dataset if dataset != previous else "", label, *cells)
        previous = dataset
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python benchmarks/eval.py --shared ../shared --only dev,re3d",
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    parser.add_argument("--json", type=Path, help="also write {system: {metric: value}} here")
    parser.add_argument(
        "--only", default=",".join(ADAPTERS), help=f"datasets, comma-separated ({','.join(ADAPTERS)})"
    )
    parser.add_argument(
        "--systems", default="newsgraph,spacy", help="systems, comma-separated (newsgraph,spacy)"
    )
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    started = time.perf_counter()
    try:
        results = run_eval(args.shared.resolve(), only=only, systems=systems)
    except EvalError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        return 2
    Console(width=None if sys.stdout.isatty() else 120).print(render_table(results))
    stderr.print(f"evaluation took {time.perf_counter() - started:.1f}s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
