"""`newsgraph resolve --cluster`: the candidate pairs scored on a Dask cluster's workers.

The client does what needs the whole store: it loads the profiles, reads the text's
judgements, blocks (``resolve.blocking``), writes the judgements and rebuilds the
clusters. Only the scoring, most of the time, goes to the workers: the pairs of each
kind in chunks of ``CHUNK_PAIRS``, each chunk with just the profiles it names, each
scored by ``resolve.run.judge_pairs``, the function one process runs. The client
takes the chunks' judgements back in the order of the pairs, so the judgements table,
the clusters and their canonical ids are those of a one-process `newsgraph resolve`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from ..resolve.clusters import Judgement
from ..resolve.compare import Profile
from ..resolve.run import PairJudge, ResolveStats, judge_pairs, resolve_store
from .run import open_client, parse_cluster

# Candidate pairs a task scores: big enough that a task outweighs its overhead, small enough
# that every worker gets several.
CHUNK_PAIRS = 20_000
RETRIES = 2  # a chunk whose worker died is scored again


def chunk(
    group: Sequence[Profile], pairs: Sequence[tuple[int, int]]
) -> tuple[list[Profile], list[tuple[int, int]]]:
    """The profiles a chunk of pairs names, and the pairs as indexes into that list."""
    used = sorted({index for pair in pairs for index in pair})
    where = {old: new for new, old in enumerate(used)}
    return [group[i] for i in used], [(where[i], where[j]) for i, j in pairs]


def cluster_judge(
    client: Any, *, chunk_pairs: int = CHUNK_PAIRS, on_progress: Callable[[str], None] | None = None
) -> PairJudge:
    """A ``resolve_store`` judge that scores the pairs on the client's workers."""
    say = on_progress or (lambda _msg: None)

    def judge(
        kind: str,
        group: Sequence[Profile],
        pairs: Sequence[tuple[int, int]],
        stated: dict[tuple[str, str], str],
        stamp: str,
    ) -> list[Judgement]:
        if not pairs:
            return []
        [shared] = client.scatter([stated], broadcast=True, hash=False)
        futures = []
        for start in range(0, len(pairs), chunk_pairs):
            profiles, local = chunk(group, pairs[start : start + chunk_pairs])
            futures.append(
                client.submit(judge_pairs, kind, profiles, local, shared, stamp, pure=False, retries=RETRIES)
            )
        say(f"{kind}: {len(pairs):,} candidate pairs in {len(futures)} task(s)")
        judgements: list[Judgement] = []
        for part in client.gather(futures):
            judgements += part
        return judgements

    return judge


def resolve_on_cluster(
    conn: sqlite3.Connection,
    cluster: str,
    *,
    chunk_pairs: int = CHUNK_PAIRS,
    on_progress: Callable[[str], None] | None = None,
) -> ResolveStats:
    """`newsgraph resolve --cluster`: raises NewsgraphError (E050, E051) on a bad cluster."""
    spec = parse_cluster(cluster)
    say = on_progress or (lambda _msg: None)
    with open_client(spec) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        say(f"cluster: {workers} worker(s)")
        return resolve_store(
            conn, on_progress=say, judge_all=cluster_judge(client, chunk_pairs=chunk_pairs, on_progress=say)
        )
