"""Resolution time and peak memory for 10k, 100k and 1M names built from real name lists.

The names (made before the clock starts, the same for every run: seed 13):

- **Real names.** Every person and organisation name in OFAC's SDN list and its
  aliases (``shared/evaldata/ofac_sdn_aliases/sdn.csv``, ``alt.csv``; vessels and
  aircraft left out), read as they are ("SURNAME, Given" form included).
- **Composed person names.** One to three given names and a family name, each a
  romanised token of a Wikidata person label
  (``shared/evaldata/wikidata_arabic_translit``, rows with count >= 2): given
  names drawn by the square root of how often the token occurs (common names are
  common, but not so common that every other name is "John" or "Mohamed"),
  family names drawn evenly; a third of family names get an "al-" article and a
  third of the names are written "FAMILY, Given".
- **Variants.** A fifth of all profiles are a variant of an earlier one (so that
  there is something to resolve): a token replaced by another romanisation of the
  same Arabic token (Wikidata), a middle name dropped, the order turned, or an
  organisation's legal form dropped or added.

Profiles are 85% persons, 15% organisations; a tenth of the persons carry a
birth year (a variant keeps it, or, one time in four, gets a conflicting one).

Planted variants found: the share of (original, variant) pairs that blocking
gave to the scorer, and the share that ended in one cluster (the rest were
scored below the threshold, e.g. a conflicting birth year, or not blocked).

What is timed, per size: blocking (``candidate_pairs``, names parsed there),
scoring every candidate pair (``profile_score``), a machine judgement for each
pair at or above ``SAME_NAME_THRESHOLD``, and ``build_clusters``. Each size runs
in a fresh process, so that its peak memory (maximum resident set size) is its own.
The growth ratio is time(1M) / time(10k); n log n would give 150. The CPU
seconds of the same stages are printed too: on a machine shared with other work
they say more than the wall clock. Candidate
pairs per name are printed too: scoring them is most of the time.

``--blocking-only`` stops after blocking (a 1M-name run then takes minutes, not
an hour, on a slow machine): its time, pairs per name, the share of planted
variants blocked, and a lower bound of the share clustered (planted pairs
blocked and scored at or above the threshold: one cluster by their own
judgement; chains through other names can only add).

Example:

    .venv/bin/python benchmarks/resolve_bench.py --shared ../shared
    .venv/bin/python benchmarks/resolve_bench.py --shared ../shared --sizes 1000000 --blocking-only
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from newsgraph.resolve.blocking import candidate_pairs
from newsgraph.resolve.clusters import Judgement, build_clusters
from newsgraph.resolve.compare import SAME_NAME_THRESHOLD, Profile, profile_score
from newsgraph.resolve.pause import paused_gc

OFAC = Path("evaldata/ofac_sdn_aliases")
WIKIDATA = Path("evaldata/wikidata_arabic_translit/wd_arabic.normalized.aligned.tokens.tsv")
SIZES = (10_000, 100_000, 1_000_000)
SEED = 13
LEGAL_FORMS = ("LTD", "CO.", "LLC", "COMPANY", "S.A.L.", "GROUP")


def real_names(shared: Path) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of the SDN list and its aliases."""
    kinds: dict[str, str] = {}
    persons: list[str] = []
    orgs: list[str] = []
    with (shared / OFAC / "sdn.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 3 or row[0] in kinds:
                continue
            kind = row[2].strip()
            kinds[row[0]] = kind
            if kind == "individual":
                persons.append(row[1].strip())
            elif kind == "-0-":
                orgs.append(row[1].strip())
    with (shared / OFAC / "alt.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 4 and row[0] in kinds:
                (persons if kinds[row[0]] == "individual" else orgs).append(row[3].strip())
    return [n for n in persons if n], [n for n in orgs if n and kinds]


def wikidata_tokens(shared: Path) -> tuple[list[str], list[float], dict[str, list[str]]]:
    """(tokens, sqrt of their counts, token -> other romanisations of the same Arabic token)."""
    counts: dict[str, int] = defaultdict(int)
    groups: dict[str, set[str]] = defaultdict(set)
    with (shared / WIKIDATA).open(encoding="utf-8") as handle:
        for line in handle:
            latin, arabic, count = line.rstrip("\n").split("\t")
            if int(count) >= 2 and latin.isascii() and latin.isalpha():
                counts[latin.capitalize()] += int(count)
                groups[arabic].add(latin.capitalize())
    variants: dict[str, list[str]] = defaultdict(list)
    for spellings in groups.values():
        for spelling in spellings:
            variants[spelling].extend(sorted(spellings - {spelling}))
    tokens = sorted(counts)
    weights = [math.sqrt(counts[t]) for t in tokens]
    return tokens, weights, {k: v for k, v in variants.items() if v}


class NameMaker:
    def __init__(self, shared: Path, *, seed: int = SEED) -> None:
        self.random = random.Random(seed)
        self.persons, self.orgs = real_names(shared)
        self.tokens, self.weights, self.variants = wikidata_tokens(shared)
        self.planted: list[tuple[int, int]] = []  # (earlier profile, its variant)

    def composed_person(self) -> str:
        r = self.random
        given = r.choices(self.tokens, self.weights, k=r.choice((1, 1, 2, 3)))
        family = r.choice(self.tokens)
        if r.random() < 1 / 3:
            family = f"al-{family}"
        if r.random() < 1 / 3:
            return f"{family.upper()}, {' '.join(given)}"
        return " ".join([*given, family])

    def variant(self, name: str, kind: str) -> str:
        r = self.random
        words = name.replace(",", " ,").split()
        if kind == "ORG":
            if words and words[-1].upper() in LEGAL_FORMS and r.random() < 0.5:
                return " ".join(words[:-1])
            return f"{name} {r.choice(LEGAL_FORMS)}"
        choice = r.random()
        spelled = [i for i, w in enumerate(words) if w.capitalize() in self.variants]
        if choice < 0.5 and spelled:
            i = r.choice(spelled)
            words[i] = r.choice(self.variants[words[i].capitalize()])
        elif choice < 0.75 and len([w for w in words if w != ","]) > 2:
            i = r.choice([i for i, w in enumerate(words) if w != ","])
            del words[i]
        elif "," in words:
            comma = words.index(",")
            words = [*words[comma + 1 :], *words[:comma]]
        return " ".join(words).replace(" ,", ",")

    def profiles(self, n: int) -> list[Profile]:
        r = self.random
        profiles: list[Profile] = []
        for index in range(n):
            pid = f"e{index:07d}"
            if profiles and r.random() < 0.2:
                base_index = r.randrange(len(profiles))
                base = profiles[base_index]
                self.planted.append((base_index, index))
                years = base.birth_years
                if years and r.random() < 0.25:
                    years = frozenset({min(years) + r.choice((-9, 7, 12))})
                name = self.variant(base.names[0], base.kind)
                profiles.append(Profile(pid, base.kind, (name,), birth_years=years))
                continue
            if r.random() < 0.15:
                profiles.append(Profile(pid, "ORG", (r.choice(self.orgs),)))
                continue
            name = r.choice(self.persons) if r.random() < 0.2 else self.composed_person()
            years = frozenset({r.randint(1940, 2000)}) if r.random() < 0.1 else frozenset[int]()
            profiles.append(Profile(pid, "PERSON", (name,), birth_years=years))
        return profiles


def resolve(
    profiles: Sequence[Profile], planted: Sequence[tuple[int, int]] = (), *, blocking_only: bool = False
) -> dict[str, float]:
    """Block, score, judge and cluster; seconds per stage and counts. ``planted`` pairs (an
    earlier profile and its variant) tell how many variants blocking brought to the scorer
    and clustering put with their original (counted off the clock). ``blocking_only`` stops
    after blocking (no scoring, no clusters: their figures are -1; ``planted_clustered_at_least``
    is the share of planted pairs blocked and scored at or above the threshold)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    pairs = list(candidate_pairs(profiles))
    blocked, cpu_blocked = time.perf_counter(), time.process_time()
    wanted = {(min(a, b), max(a, b)) for a, b in planted}
    found = len(wanted.intersection(pairs))
    print(
        f"{len(profiles):,} names: blocking {blocked - started:.1f} s, {len(pairs):,} pairs "
        f"({len(pairs) / max(1, len(profiles)):.2f} per name), planted variants blocked "
        f"{found / max(1, len(wanted)):.1%}",
        file=sys.stderr,
        flush=True,
    )
    result = {
        "planted_blocked": found / len(wanted) if wanted else 0.0,
        "planted_clustered": -1.0,
        "seconds": blocked - started,
        "cpu_s": cpu_blocked - cpu_started,
        "blocking_s": blocked - started,
        "scoring_s": -1.0,
        "clustering_s": -1.0,
        "candidate_pairs": len(pairs),
        "pairs_per_name": len(pairs) / max(1, len(profiles)),
        "positive": -1,
        "clusters": -1,
    }
    if blocking_only:
        # A lower bound of the share clustered: planted pairs blocked and scored at or above the
        # threshold are one cluster by their own judgement (chains through others add the rest).
        blocked_pairs = wanted.intersection(pairs)
        sure = sum(profile_score(profiles[a], profiles[b]) >= SAME_NAME_THRESHOLD for a, b in blocked_pairs)
        result["planted_clustered_at_least"] = sure / len(wanted) if wanted else 0.0
        return result
    scoring, cpu_scoring = time.perf_counter(), time.process_time()
    judgements: list[Judgement] = []
    with paused_gc():  # as ``resolve.run.judge_pairs`` scores
        for i, j in pairs:
            score = profile_score(profiles[i], profiles[j])
            if score >= SAME_NAME_THRESHOLD:
                judgements.append(
                    Judgement(profiles[i].id, profiles[j].id, "positive", score, "machine", "bench")
                )
    scored = time.perf_counter()
    clusters = build_clusters((p.id for p in profiles), judgements)
    clustered, cpu_clustered = time.perf_counter(), time.process_time()
    together = sum(clusters[profiles[a].id] == clusters[profiles[b].id] for a, b in wanted)
    result.update(
        planted_clustered=together / len(wanted) if wanted else 0.0,
        seconds=(blocked - started) + (clustered - scoring),
        cpu_s=(cpu_blocked - cpu_started) + (cpu_clustered - cpu_scoring),
        scoring_s=scored - scoring,
        clustering_s=clustered - scored,
        positive=len(judgements),
        clusters=len(set(clusters.values())),
    )
    return result


def run_one(shared: Path, n: int, *, blocking_only: bool = False) -> dict[str, float]:
    maker = NameMaker(shared)
    profiles = maker.profiles(n)
    result = resolve(profiles, maker.planted, blocking_only=blocking_only)
    result["names"] = n
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated name counts")
    parser.add_argument(
        "--blocking-only", action="store_true", help="stop after blocking: its time, pairs and recall"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.shared, args.one, blocking_only=args.blocking_only)))
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--shared",
                str(args.shared),
                "--one",
                str(n),
                *(["--blocking-only"] if args.blocking_only else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        results.append(result)
        if args.blocking_only:
            print(
                f"{n:>9,} names: blocking {result['blocking_s']:8.1f} s; "
                f"{result['candidate_pairs']:,} candidate pairs ({result['pairs_per_name']:.2f} per name); "
                f"peak memory {result['peak_rss_mb']:,.0f} MB; planted variants: "
                f"{result['planted_blocked']:.1%} blocked, at least "
                f"{result['planted_clustered_at_least']:.1%} clustered with their original",
                flush=True,
            )
        else:
            print(
                f"{n:>9,} names: {result['seconds']:8.1f} s ({result['cpu_s']:.1f} s of CPU; "
                f"blocking {result['blocking_s']:.1f}, "
                f"scoring {result['scoring_s']:.1f}, clustering {result['clustering_s']:.1f}); "
                f"{result['candidate_pairs']:,} candidate pairs ({result['pairs_per_name']:.2f} per name), "
                f"{result['positive']:,} merges, {result['clusters']:,} clusters; "
                f"peak memory {result['peak_rss_mb']:,.0f} MB; planted variants: "
                f"{result['planted_blocked']:.1%} blocked, "
                f"{result['planted_clustered']:.1%} clustered with their original",
                flush=True,
            )
    summary: dict[str, float] = {}
    for r in results:
        size = f"resolve_{int(r['names'])}"
        summary[f"{size}_s"] = round(r["seconds"], 2)
        summary[f"{size}_cpu_s"] = round(r["cpu_s"], 2)
        summary[f"{size}_peak_mb"] = round(r["peak_rss_mb"])
        summary[f"{size}_pairs_per_name"] = round(r["pairs_per_name"], 2)
        summary[f"{size}_blocked"] = round(r["planted_blocked"], 3)
        if not args.blocking_only:
            summary[f"{size}_clustered"] = round(r["planted_clustered"], 3)
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["seconds"] / first["seconds"]
        nlogn = (last["names"] * math.log(last["names"])) / (first["names"] * math.log(first["names"]))
        cpu_growth = last["cpu_s"] / first["cpu_s"]
        print(
            f"growth {first['names']:,.0f} -> {last['names']:,.0f}: x{growth:.0f}, of CPU x{cpu_growth:.0f} "
            f"(n log n: x{nlogn:.0f})"
        )
        summary["resolve_growth"] = round(growth, 1)
        summary["resolve_cpu_growth"] = round(cpu_growth, 1)
        summary["resolve_nlogn_growth"] = round(nlogn, 1)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
