"""Judgements and clusters: negatives are walls, a person outranks the machine, order never matters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.resolve.clusters import Judgement, build_clusters, effective_judgements


def machine(a: str, b: str, verdict: str = "positive", score: float = 0.9) -> Judgement:
    return Judgement(a, b, verdict, score, "machine", "2024-01-01T00:00:00")  # type: ignore[arg-type]


def person(a: str, b: str, verdict: str, when: str = "2024-02-01T00:00:00", who: str = "ana") -> Judgement:
    return Judgement(a, b, verdict, 1.0, f"person:{who}", when)  # type: ignore[arg-type]


def text(a: str, b: str) -> Judgement:
    return Judgement(a, b, "negative", None, "text", "2024-01-01T00:00:00")


def test_clusters_positive_judgements_merge_and_canonical_is_smallest() -> None:
    clusters = build_clusters(["c", "b", "a", "d"], [machine("b", "c"), machine("c", "a")])
    assert clusters == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_clusters_negative_propagates_through_positives() -> None:
    # A != B and B = C gives A != C: the chain A = C = B must stop somewhere.
    judgements = [text("a", "b"), machine("b", "c", score=0.95), machine("a", "c", score=0.9)]
    clusters = build_clusters(["a", "b", "c"], judgements)
    assert clusters["a"] != clusters["b"]
    assert clusters["b"] == clusters["c"]  # the stronger edge was merged first


def test_clusters_person_outranks_machine_and_text() -> None:
    assert build_clusters([], [machine("a", "b"), person("a", "b", "negative")])["b"] == "b"
    assert build_clusters([], [text("a", "b"), person("b", "a", "positive")])["b"] == "a"


def test_clusters_newest_person_judgement_wins() -> None:
    old = person("a", "b", "negative", when="2024-01-01T00:00:00", who="ana")
    new = person("a", "b", "positive", when="2024-03-01T00:00:00", who="ben")
    assert build_clusters([], [new, old])["b"] == "a"
    assert effective_judgements([old, new])[("a", "b")] == new


def test_clusters_person_positive_beats_machine_merges_in_order() -> None:
    # The person's merge comes first, so the machine's chain that would join a and c is walled off.
    judgements = [text("a", "c"), machine("a", "b", score=0.99), person("b", "c", "positive")]
    clusters = build_clusters(["a", "b", "c"], judgements)
    assert clusters["b"] == clusters["c"] != clusters["a"]


def test_clusters_unsure_joins_nothing() -> None:
    assert build_clusters(["a", "b"], [machine("a", "b", "unsure", 0.5)]) == {"a": "a", "b": "b"}


def test_clusters_text_negative_beats_machine_positive_for_one_pair() -> None:
    assert build_clusters([], [machine("a", "b", score=0.99), text("b", "a")])["b"] == "b"


IDS = [f"e{i}" for i in range(8)]
AUTHORS = ["machine", "text", "person:ana", "person:ben"]
TIMES = ["2024-01-01", "2024-02-01", "2024-03-01"]


@st.composite
def judgement(draw: st.DrawFn) -> Judgement:
    a, b = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=2, unique=True))
    author = draw(st.sampled_from(AUTHORS))
    verdict = "negative" if author == "text" else draw(st.sampled_from(["positive", "negative", "unsure"]))
    score = draw(st.floats(min_value=0, max_value=1, allow_nan=False))
    return Judgement(a, b, verdict, score, author, draw(st.sampled_from(TIMES)))  # type: ignore[arg-type]


judgement_lists = st.lists(judgement(), max_size=30)


@settings(max_examples=300)
@given(judgement_lists)
def test_clusters_no_negative_pair_shares_a_cluster(judgements: list[Judgement]) -> None:
    clusters = build_clusters(IDS, judgements)
    for (a, b), effective in effective_judgements(judgements).items():
        if effective.verdict == "negative":
            assert clusters[a] != clusters[b], (a, b)


@settings(max_examples=300)
@given(judgement_lists, st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_judgement_order(judgements: list[Judgement], random: object) -> None:
    shuffled = list(judgements)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert build_clusters(IDS, judgements) == build_clusters(list(reversed(IDS)), shuffled)


@settings(max_examples=300)
@given(judgement_lists, st.sampled_from(IDS), st.sampled_from(IDS))
def test_clusters_a_persons_latest_word_is_kept(judgements: list[Judgement], a: str, b: str) -> None:
    if a == b:
        return
    final = person(a, b, "negative", when="2099-01-01T00:00:00")
    clusters = build_clusters(IDS, [*judgements, final])
    assert clusters[a] != clusters[b]
    merged = person(a, b, "positive", when="2099-01-01T00:00:00")
    walls = [j for j in judgements if j.verdict == "negative"]
    if not walls:
        assert build_clusters(IDS, [*judgements, merged])[a] == build_clusters(IDS, [*judgements, merged])[b]


@settings(max_examples=200)
@given(judgement_lists)
def test_clusters_canonical_id_is_the_smallest_member(judgements: list[Judgement]) -> None:
    clusters = build_clusters(IDS, judgements)
    members: dict[str, list[str]] = {}
    for entity, canonical in clusters.items():
        members.setdefault(canonical, []).append(entity)
    for canonical, group in members.items():
        assert canonical == min(group)
