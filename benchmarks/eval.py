"""Quality evaluation: newsgraph against bare spaCy on the shared gold sets.

Each dataset has an adapter: a function ``(context, system) -> {metric: value}``
that runs one system over the dataset's documents. Where ``shared/eval`` has a
referee scorer, the adapter writes one contract JSON per document to a
prediction folder and lets the referee score it; only the two event-coding sets
that have no referee (PLOVER GSR, CASE-2021) are scored here, by the small
functions below. All figures are micro-averaged over the whole dev set.

- ``dev``:  ``shared/eval/dev/*.gold.json`` scored by ``shared/eval/score.py --json``
  (entity, fact and event P/R/F1, merge and type errors, attribution, time, hedging).
- ``news-dev``: ``shared/eval/news-dev/*.gold.json`` (8 more real reports: VOA, CENTCOM,
  State Department, UK government), scored by ``score.py --json`` like ``dev``.
- ``tempeval3``: ``shared/eval/referee/tempeval3.py`` on TimeBank + AQUAINT (256 documents):
  the contract's ``times`` list; ``value`` P/R/F1 (the official attribute F1), relaxed and
  strict span P/R/F1, type and value accuracy, relaxed recall per TIMEX3 type.
- ``re3d``: ``shared/eval/referee/re3d.py`` in its default mode: entity mentions
  (named mentions only, coarse type PERSON/ORG/PLACE must agree, a predicted span
  inside exactly one gold span of its type counts, gold confidence >= 0.5) and the
  relations BelongsTo -> member_of, InChargeOf -> leader_of, IsSynonymOf -> alias.
- ``wikievents``: ``shared/eval/referee/wikievents.py`` on the 20 dev documents:
  trigger+type P/R/F1 (Attack -> ASSAULT, Die -> ASSAULT/FIGHT, ArrestJailDetain ->
  COERCE), argument P/R/F1 (actor/target/place, head-string match) and trigger
  recall per KAIROS family.
- ``redocred``: ``shared/eval/referee/redocred.py`` on all 500 dev documents:
  triple P/R/F1 over our predicates (P19, P569, P570, P463, P39, P27, P131, P551,
  P488/P35/P6), the same without located_in (P131 dominates the gold), and per
  predicate.
- ``plover``: the PLOVER gold-standard records (no referee; scored here). Each
  distinct sentence is extracted once; each coded record is one item.
  ``type_acc``: the sentence's predicted event types contain the gold category.
  Gold categories that are not SCHEMA.md types (DISAPPROVE, INVESTIGATE) stay in
  and count as misses; ``out_of_schema`` says how many records that is.
  ``coverage``: the sentence has any predicted event; ``type_acc_covered``:
  ``type_acc`` over covered records. ``actor_acc`` / ``target_acc``: over the
  records whose type was found and whose gold names a source (target) actor, some
  predicted event of that type has an agent-role (target-role) argument whose
  entity strings (name, aliases, mention texts) and one gold ``actorText`` are
  equal or one holds the other as whole words, after the referee's normalisation.
- ``case2021``: CASE-2021 Task 2 snippets (no referee; scored here). Our event
  type/mode maps to ACLED sub-event labels through ``benchmarks/acled_map.json``
  (an evaluation mapping written from the label definitions, not fitted; see its
  comment). Snippets labelled with the five non-ACLED classes are dropped; OTHER
  stays and is a miss. ``acc_first``: the first predicted event (by trigger
  offset) maps to the gold label; ``acc_any``: some predicted event does;
  ``coverage``: the snippet has any predicted event; ``acc_first_covered``:
  ``acc_first`` over covered snippets.

The systems: ``newsgraph`` (our pipeline, through ``extract_documents``) and
``spacy`` (the same pinned model without our components; one entity per spaCy
entity: PERSON, ORG, and GPE/LOC/FAC as PLACE; other labels dropped). Bare spaCy
makes no facts or events, so the fact, event and relation figures of the
referee-less and statement-only rows are shown as "–" for it and not computed.

The table prints each figure beside its pinned minimum from ``eval_baseline.json``
(the quality gate, ``tests/test_eval_gate.py``, fails below it).

A new dataset is one more adapter function and one line in ``ADAPTERS``.

Example:

    .venv/bin/python benchmarks/eval.py --shared ../shared --only re3d,plover --json eval.json
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph.document import Document

Metrics = dict[str, float | int | None]
REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "eval_baseline.json"
ACLED_MAP = Path(__file__).resolve().parent / "acled_map.json"
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
    statements: bool = True  # whether it extracts facts and events at all

    @property
    def title(self) -> str:
        return SYSTEM_TITLES.get(self.key, self.key)


def newsgraph_system(nlp: Any) -> System:
    from newsgraph.pipeline import extract_documents

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


def spacy_times(doc: Any) -> list[dict[str, Any]]:
    """spaCy's DATE and TIME spans as contract times, without values (it does not normalise)."""
    return [
        {"start": ent.start_char, "end": ent.end_char, "text": ent.text, "type": ent.label_, "value": None}
        for ent in doc.ents
        if ent.label_ in ("DATE", "TIME")
    ]


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
                "times": spacy_times(doc),
            }

    return System("spacy", run, statements=False)


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

    def extract(self, dataset: str, system: System, documents: list[Document]) -> list[dict[str, Any]]:
        """Run the system over the documents; return its results in input order (timed)."""
        task = None
        if self.progress is not None:
            task = self.progress.add_task(f"{dataset} / {system.title}", total=len(documents))
        results = []
        started = time.perf_counter()
        for result in system.run(documents):
            results.append(result)
            if self.progress is not None and task is not None:
                self.progress.advance(task)
        key = f"{dataset}/{system.key}"
        self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - started
        if len(results) != len(documents):
            raise EvalError(f"{system.title} returned {len(results)} results for {len(documents)} documents")
        return results

    def predict(self, dataset: str, system: System, documents: list[Document]) -> Path:
        """Run the system over the documents; write PRED_DIR/<id>.json and return PRED_DIR."""
        pred_dir = self.work / f"{dataset}-{system.key}"
        pred_dir.mkdir(parents=True, exist_ok=True)
        for document, result in zip(documents, self.extract(dataset, system, documents), strict=True):
            path = pred_dir / f"{document.id}.json"
            path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return pred_dir

    def referee_common(self) -> ModuleType:
        """shared/eval/referee/common.py, for the referees' own string normalisation."""
        name = "newsgraph_referee_common"
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, self.referee_dir / "common.py")
            if spec is None or spec.loader is None:
                raise EvalError(f"cannot load {self.referee_dir / 'common.py'}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[name] = module
        return sys.modules[name]


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
    """The hand-annotated canonical article, scored by shared/eval/score.py."""
    return score_gold_dir(ctx, system, "dev")


def eval_news_dev(ctx: Context, system: System) -> Metrics:
    """Eight more real reports (VOA, CENTCOM, State, UK government), scored by shared/eval/score.py."""
    return score_gold_dir(ctx, system, "news-dev")


def score_gold_dir(ctx: Context, system: System, name: str) -> Metrics:
    """The gold files of shared/eval/<name>, each text run with its gold publication date."""
    gold_dir = ctx.shared / "eval" / name
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
    pred_dir = ctx.predict(name, system, documents)
    summary = last_json_line(run_python([ctx.shared / "eval" / "score.py", gold_dir, pred_dir, "--json"]))
    metrics: Metrics = {"docs": len(documents)}
    metrics.update({name: summary.get(name) for name in DEV_METRICS})
    return metrics


def unmeasured(names: Iterable[str], **measured: float | int | None) -> Metrics:
    """The metrics a system without facts and events cannot have: None ("–" in the table)."""
    metrics: Metrics = dict(measured)
    metrics.update({name: None for name in names})
    return metrics


def prf_names(*stems: str) -> list[str]:
    return [f"{stem}_{part}" for stem in stems for part in ("p", "r", "f1")]


RE3D_RELATIONS = ("member_of", "leader_of", "alias")


def eval_re3d(ctx: Context, system: System) -> Metrics:
    """re3d entity mentions per coarse type, and member_of / leader_of / alias relations."""
    summary = referee_score(ctx, "re3d", ctx.shared / "evaldata" / "re3d", system)
    metrics: Metrics = {"docs": summary["docs"]}
    metrics.update(prf_metrics(summary["entity"], "entity"))
    for kind in CORE_TYPES:
        metrics.update(prf_metrics(summary["entity_by_type"][kind], kind))
    for relation in (*RE3D_RELATIONS, "all"):
        stem = "relations" if relation == "all" else relation
        if system.statements:
            metrics.update(prf_metrics(summary["relations"][relation], stem))
        else:
            metrics.update(unmeasured(prf_names(stem)))
    metrics["offset_mismatches"] = summary["offset_mismatches"]
    return metrics


WIKIEVENTS_FAMILIES = {"Conflict.Attack": "attack", "Life.Die": "die", "Justice.ArrestJailDetain": "arrest"}


def eval_wikievents(ctx: Context, system: System) -> Metrics:
    """WikiEvents dev: event trigger+type and argument P/R/F1, trigger recall per KAIROS family."""
    recall_names = [f"trigger_r_{short}" for short in WIKIEVENTS_FAMILIES.values()]
    data_dir = ctx.shared / "evaldata" / "wikievents"
    if not system.statements:
        docs = len(referee_documents(ctx, "wikievents", data_dir))
        return unmeasured([*prf_names("trigger", "argument"), *recall_names], docs=docs)
    summary = referee_score(ctx, "wikievents", data_dir, system)
    metrics: Metrics = {"docs": summary["docs"]}
    metrics.update(prf_metrics(summary["trigger"], "trigger"))
    metrics.update(prf_metrics(summary["argument"], "argument"))
    by_type = summary["trigger_recall_by_type"]
    for family, short in WIKIEVENTS_FAMILIES.items():
        metrics[f"trigger_r_{short}"] = by_type[family]["r"]
    metrics["offset_mismatches"] = summary["offset_mismatches"]
    return metrics


TEMPEVAL_TYPES = ("DATE", "TIME", "DURATION", "SET")


def eval_tempeval3(ctx: Context, system: System) -> Metrics:
    """TempEval-3 TimeBank + AQUAINT: every temporal expression of the contract's `times` list.

    ``value_f1`` is the referee's headline (value accuracy x relaxed F1, the official
    "Attribute F1 Value"); ``strict`` and ``relaxed`` are span P/R/F1; ``recall_<TYPE>``
    is the relaxed recall per gold type. Bare spaCy's DATE/TIME spans give it times
    without values, so only its span figures mean something.
    """
    summary = referee_score(ctx, "tempeval3", ctx.shared / "evaldata" / "tempeval3", system)
    metrics: Metrics = {"docs": summary.get("docs")}
    for block in ("value", "relaxed", "strict", "value_date"):
        metrics.update(prf_metrics(summary[block], block))
    metrics["type_acc"] = summary["type_accuracy"]["acc"]
    metrics["value_acc"] = summary["value_accuracy"]["acc"]
    for kind in TEMPEVAL_TYPES:
        metrics[f"recall_{kind}"] = summary["recall_by_type"][kind]["r"]
    return metrics


REDOCRED_PREDICATES = (
    "born_in",
    "born_on",
    "died_on",
    "member_of",
    "position_held",
    "citizen_of",
    "located_in",
    "resides_in",
    "leader_of",
)


def eval_redocred(ctx: Context, system: System) -> Metrics:
    """Re-DocRED dev (all 500 documents): triple P/R/F1 on our predicates, overall and per predicate."""
    stems = ("triples", "triples_no_located_in", *REDOCRED_PREDICATES)
    data_dir = ctx.shared / "evaldata" / "redocred"
    if not system.statements:
        return unmeasured(prf_names(*stems), docs=len(referee_documents(ctx, "redocred", data_dir)))
    summary = referee_score(ctx, "redocred", data_dir, system)
    metrics: Metrics = {"docs": summary["docs"]}
    metrics.update(prf_metrics(summary["triples"], "triples"))
    metrics.update(prf_metrics(summary["triples_without_located_in"], "triples_no_located_in"))
    for predicate in REDOCRED_PREDICATES:
        metrics.update(prf_metrics(summary["by_predicate"][predicate], predicate))
    metrics["offset_mismatches"] = summary["offset_mismatches"]
    return metrics


# ---------------------------------------------------------------- event coding (no referee)
SCHEMA_EVENT_TYPES = frozenset(  # shared/SCHEMA.md, "Event types (PLOVER)"
    {
        *("AGREE", "ACCUSE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND"),
        *("FIGHT", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"),
    }
)
AGENT_ROLES = frozenset({"actor", "commander", "participant", "partner"})  # score.py's agent family
TARGET_ROLES = frozenset({"target"})


def ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def events_in_order(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The predicted events, by trigger offset (events without a trigger last)."""

    def start(event: dict[str, Any]) -> int:
        trigger = event.get("trigger") or {}
        return int(trigger.get("start", sys.maxsize))

    return sorted(result.get("events") or [], key=start)


def names_match(gold: str, predicted: set[str], *, common: ModuleType) -> bool:
    """Gold and one predicted string are equal, or one holds the other as whole words (normalised)."""
    g = common.norm(gold)
    if not g:
        return False
    for p in predicted:
        if not p or p in common.PRONOUNS:
            continue
        if g == p or f" {g} " in f" {p} " or f" {p} " in f" {g} ":
            return True
    return False


def role_matches(
    result: dict[str, Any],
    event: dict[str, Any],
    roles: frozenset[str],
    gold: list[str],
    *,
    common: ModuleType,
) -> bool:
    """Some argument of the event in one of the roles names one of the gold actor texts."""
    entities = common.entities_by_id(result)
    for argument in event.get("arguments") or []:
        if argument.get("role") in roles:
            strings = common.entity_strings(entities.get(argument.get("entity"), {}))
            if any(names_match(text, strings, common=common) for text in gold):
                return True
    return False


def actor_texts(value: Any) -> list[str]:
    """The actorText values of a PLOVER source/target field (a list, "" or null)."""
    if not isinstance(value, list):
        return []
    return [str(a["actorText"]) for a in value if isinstance(a, dict) and a.get("actorText")]


def plover_records(data_dir: Path) -> list[dict[str, Any]]:
    rows = json.loads((data_dir / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    return [row for row in rows if row.get("event") != "DOCUMENT" and row.get("text")]


PLOVER_METRICS = (
    "records",
    "out_of_schema",
    "coverage",
    "type_acc",
    "type_acc_covered",
    "actor_acc",
    "target_acc",
)


def score_plover(
    records: list[dict[str, Any]], results: dict[str, dict[str, Any]], *, common: ModuleType
) -> Metrics:
    """PLOVER records against the results for their sentences (see the module docstring)."""
    covered = hits = 0
    actor = [0, 0]
    target = [0, 0]
    for record in records:
        result = results[record["text"]]
        events = result.get("events") or []
        gold_type = record["event"]
        typed = [event for event in events if event.get("type") == gold_type]
        covered += bool(events)
        hits += bool(typed)
        if not typed:
            continue
        for tally, field_name, roles in (
            (actor, "source", AGENT_ROLES),
            (target, "target", frozenset({"target"})),
        ):
            gold = actor_texts(record.get(field_name))
            if gold:
                tally[1] += 1
                tally[0] += any(role_matches(result, event, roles, gold, common=common) for event in typed)
    return {
        "records": len(records),
        "out_of_schema": sum(record["event"] not in SCHEMA_EVENT_TYPES for record in records),
        "coverage": ratio(covered, len(records)),
        "type_acc": ratio(hits, len(records)),
        "type_acc_covered": ratio(hits, covered),
        "actor_acc": ratio(*actor),
        "target_acc": ratio(*target),
    }


def eval_plover(ctx: Context, system: System) -> Metrics:
    """PLOVER gold-standard records: event category accuracy, coverage, actor and target match."""
    records = plover_records(ctx.shared / "evaldata" / "plover_gsr")
    if not records:
        raise EvalError("no PLOVER records found")
    if not system.statements:
        out_of_schema = sum(record["event"] not in SCHEMA_EVENT_TYPES for record in records)
        return unmeasured(PLOVER_METRICS[2:], records=len(records), out_of_schema=out_of_schema)
    sentences = list(dict.fromkeys(record["text"] for record in records))
    documents = [Document.create(text, id=f"plover-{n:03d}") for n, text in enumerate(sentences)]
    outputs = ctx.extract("plover", system, documents)
    results = {text: output for text, output in zip(sentences, outputs, strict=True)}
    return score_plover(records, results, common=ctx.referee_common())


def load_acled_map(path: Path = ACLED_MAP) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The evaluation mapping {"TYPE" or "TYPE/mode": ACLED labels} and the dropped gold labels."""
    data = json.loads(path.read_text(encoding="utf-8"))
    labels = {key: frozenset(values) for key, values in data["labels"].items()}
    return labels, frozenset(data["dropped"])


def acled_labels(event: dict[str, Any], mapping: dict[str, frozenset[str]]) -> frozenset[str]:
    """The ACLED labels an event of our type/mode stands for (empty: none)."""
    kind, mode = event.get("type"), event.get("mode")
    if mode and f"{kind}/{mode}" in mapping:
        return mapping[f"{kind}/{mode}"]
    return mapping.get(str(kind), frozenset())


CASE2021_METRICS = ("snippets", "coverage", "acc_first", "acc_any", "acc_first_covered")


def score_case2021(
    labels: list[str], results: list[dict[str, Any]], mapping: dict[str, frozenset[str]]
) -> Metrics:
    covered = first = any_ = 0
    for gold, result in zip(labels, results, strict=True):
        events = events_in_order(result)
        covered += bool(events)
        first += bool(events) and gold in acled_labels(events[0], mapping)
        any_ += any(gold in acled_labels(event, mapping) for event in events)
    return {
        "snippets": len(labels),
        "coverage": ratio(covered, len(labels)),
        "acc_first": ratio(first, len(labels)),
        "acc_any": ratio(any_, len(labels)),
        "acc_first_covered": ratio(first, covered),
    }


def eval_case2021(ctx: Context, system: System) -> Metrics:
    """CASE-2021 Task 2 snippets: our event type/mode mapped to ACLED sub-event labels."""
    path = ctx.shared / "evaldata" / "case2021_task2_acled_types" / "test_set_final_release_with_labels.tsv"
    mapping, dropped = load_acled_map()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    rows = [row for row in rows if row.get("EventSnippet") and row.get("SubType") not in dropped]
    if not rows:
        raise EvalError(f"no snippets in {path}")
    if not system.statements:
        return unmeasured(CASE2021_METRICS[1:], snippets=len(rows))
    documents = [Document.create(row["EventSnippet"], id=f"case2021-{row['id']}") for row in rows]
    results = ctx.extract("case2021", system, documents)
    return score_case2021([row["SubType"] for row in rows], results, mapping)


OFAC_FIGURES = (
    "f1_ab",
    "auc",
    "threshold",
    "negatives_apart",
    "recall_A",
    "recall_B",
    "recall_C",
    "recall_D",
)


def eval_ofac(ctx: Context, system: System) -> Metrics:
    """OFAC name-variant pairs, scored with the matcher resolution uses (benchmarks/resolve_eval.py)."""
    if system.key != "newsgraph":
        return unmeasured(OFAC_FIGURES)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from resolve_eval import ofac_metrics

    figures = ofac_metrics(ctx.shared)
    return {name: figures[name] for name in OFAC_FIGURES}


CROSSDOC_FIGURES = ("pair_p", "pair_r", "pair_f1", "coverage")


def eval_crossdoc(ctx: Context, system: System) -> Metrics:
    """re3d dev ingested into one store and resolved: the entity clusters documents share."""
    if system.key != "newsgraph":
        return unmeasured(CROSSDOC_FIGURES)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from crossdoc import crossdoc_metrics

    started = time.perf_counter()
    figures = crossdoc_metrics(ctx.shared)
    ctx.seconds["crossdoc/newsgraph"] = time.perf_counter() - started
    return {name: figures[name] for name in CROSSDOC_FIGURES}


ADAPTERS: dict[str, Callable[[Context, System], Metrics]] = {
    "dev": eval_dev,
    "news-dev": eval_news_dev,
    "tempeval3": eval_tempeval3,
    "re3d": eval_re3d,
    "wikievents": eval_wikievents,
    "redocred": eval_redocred,
    "plover": eval_plover,
    "case2021": eval_case2021,
    "ofac": eval_ofac,
    "crossdoc": eval_crossdoc,
}


# ---------------------------------------------------------------- running
def build_systems(keys: Iterable[str], *, nlp: Any | None = None) -> list[System]:
    """The systems to compare; `nlp` is an already loaded newsgraph pipeline to reuse."""
    systems = []
    for key in keys:
        if key == "newsgraph":
            from newsgraph.components import build_nlp

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
                seconds = round(sum(ctx.seconds.values()), 2) if ctx.seconds else None  # None: not run
                results[system.key][f"{dataset}.extract_seconds"] = seconds
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


def load_minimums(path: Path = BASELINE) -> dict[str, float]:
    """The pinned minimums {"dataset.metric": minimum}; empty when the file is missing."""
    if not path.exists():
        return {}
    data: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    return data


def render_table(
    results: dict[str, dict[str, float | int | None]], minimums: dict[str, float] | None = None
) -> Table:
    """One table: a row per dataset and metric (P / R / F1 together), a column per system, and
    the pinned minimums of eval_baseline.json; a newsgraph figure below its minimum is marked."""
    minimums = minimums or {}
    keys = list(results)
    table = Table(title="newsgraph evaluation")
    table.add_column("dataset")
    table.add_column("metric")
    for key in keys:
        table.add_column(SYSTEM_TITLES.get(key, key), justify="right")
    table.add_column("minimum", justify="right")
    names: list[str] = []
    for key in keys:
        names += [name for name in results[key] if name not in names]
    previous = None
    for dataset, label, group in _rows(names):
        if previous is not None and dataset != previous:
            table.add_section()
        cells = []
        for key in keys:
            parts = []
            for name in group:
                value = results[key].get(name)
                text = _cell(value)
                if key == "newsgraph" and name in minimums and (value is None or value < minimums[name]):
                    text = f"[bold red]{text}<[/bold red]"
                parts.append(text)
            cells.append(" / ".join(parts))
        pinned = [_cell(minimums.get(name)) for name in group]
        minimum = " / ".join(pinned) if any(name in minimums for name in group) else ""
        table.add_row(dataset if dataset != previous else "", label, *cells, minimum)
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
        "--baseline", type=Path, default=BASELINE, help="pinned minimums to print beside the figures"
    )
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
    minimums = load_minimums(args.baseline)
    Console(width=None if sys.stdout.isatty() else 140).print(render_table(results, minimums))
    stderr.print(f"evaluation took {time.perf_counter() - started:.1f}s")
    if "newsgraph" in results:
        measured = {k: v for k, v in minimums.items() if k.split(".", 1)[0] in only}
        problems = compare(results["newsgraph"], measured)
        for problem in problems:
            stderr.print(f"[red]below minimum:[/red] {problem}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
