"""A person's judgement, checked against what people (and texts) said before, and kept in history.

Two judgements are refused unless the person overrides them:

- ``same`` on two entities after a person (anyone) or a report judged two of their
  members different (E040);
- ``different`` on two entities that are one cluster only because another person
  judged two of its members the same: the split would undo that person's work
  (E041). The check rebuilds the cluster with the new wall and looks whether any
  other person's ``same`` inside it would no longer hold.

Every judgement made here is kept in ``judgement_history`` (who, when, the verdict
before and after, the clusters before and after, whether it overrode a refusal).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import Errors, NewsgraphError
from ..store import queries
from ..store.schema import utc_now
from .clusters import PERSON_PREFIX, Judgement, build_clusters, effective_judgements, is_person


class JudgementRefused(NewsgraphError):
    """A judgement that contradicts an earlier one by someone else (E040, E041)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    a: str
    b: str
    verdict: str
    canonical_a: str
    canonical_b: str
    override: bool  # a refusal was overridden

    @property
    def together(self) -> bool:
        return self.canonical_a == self.canonical_b


def review_bands(same: Mapping[str, float], unsure: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """The scores the machine is unsure of, per entity type: from its 'unsure' floor up to, not
    including, 1.0 (a rule's verdict). `same` names the types that have a decision threshold.

    Measured on re3d dev (machine pairs whose two entities map to gold entities): organisation
    pairs the machine joined with a score in [0.8, 0.95) were the same body in 62% of cases (20
    of 32), in [0.95, 1.0) in none of 3, so a machine 'same' below 1.0 is worth a look; pairs
    scored exactly 0.0 (373) were all different, those scored 1.0 the same in 75-85%.
    """
    return {kind: (unsure[kind], 1.0) for kind in same if kind in unsure}


def _coded(code: str, **values: str) -> str:
    """The numbered message: 'E040: ...'."""
    return f"{code}: " + str(getattr(Errors, code)).format(**values)


def _row(r: queries.JudgementRow) -> Judgement:
    return Judgement(r.a, r.b, r.verdict, r.score, r.author, r.created_at)  # type: ignore[arg-type]


def _members(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    canonical = queries.current_canonical_id(conn, entity_id) or entity_id
    return queries.member_ids(conn, canonical) or [entity_id]


def refusal(conn: sqlite3.Connection, a: str, b: str, verdict: str, *, author: str) -> str | None:
    """Why the judgement contradicts an earlier one (the E040 / E041 message); None when it does not."""
    if verdict == "positive":
        for row in queries.judgements_between(conn, _members(conn, a), _members(conn, b)):
            if row.verdict == "negative" and (row.author.startswith(PERSON_PREFIX) or row.author == "text"):
                who = row.author.removeprefix(PERSON_PREFIX) if row.author != "text" else "a report"
                return _coded("E040", who=who, a=row.a, b=row.b, when=row.created_at)
        return None
    cluster = _members(conn, a)
    if verdict != "negative" or b not in cluster:
        return None
    rows = [_row(r) for r in queries.judgements_among(conn, cluster)]
    others = [j for j in rows if is_person(j) and j.author != author and j.verdict == "positive"]
    if not others:
        return None
    lo, hi = sorted((a, b))
    after = build_clusters(cluster, [*rows, Judgement(lo, hi, "negative", 1.0, author, utc_now())])
    for j in sorted(others, key=lambda j: j.created_at, reverse=True):
        if after[j.a] != after[j.b]:
            who = j.author.removeprefix(PERSON_PREFIX)
            return _coded("E041", a=a, b=b, who=who, x=j.a, y=j.b, when=j.created_at)
    return None


def judge_pair(
    conn: sqlite3.Connection, a: str, b: str, verdict: str, *, author: str, override: bool = False
) -> Outcome:
    """Check (unless `override`), record and apply a person's judgement on two entity ids; the
    clusters and event groups are rebuilt and the history entry completed."""
    from .run import judge

    lo, hi = sorted((a, b))
    before = effective_judgements(_row(r) for r in queries.judgements_between(conn, [lo], [hi])).get((lo, hi))
    counted = (
        None
        if before is None
        else " ".join(
            [before.author, before.verdict, *([] if before.score is None else [f"{before.score:.2f}"])]
        )
    )
    refused = refusal(conn, a, b, verdict, author=author)
    if refused is not None and not override:
        raise JudgementRefused(refused)
    overridden = refused is not None
    clusters = judge(conn, a, b, verdict, author=author)
    ca, cb = clusters.get(a, a), clusters.get(b, b)
    queries.complete_history(
        conn, a, b, author, together_after=ca == cb, override=overridden, counted_before=counted
    )
    return Outcome(a=a, b=b, verdict=verdict, canonical_a=ca, canonical_b=cb, override=overridden)
