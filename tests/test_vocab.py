"""The one vocabulary loader: JSON data files into typed, frozen dataclasses."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgraph import vocab
from newsgraph.extract.patterns import load_patterns
from newsgraph.extract.time.vocabulary import load_time_vocabulary
from newsgraph.nlp.lexicon import load_lexicon
from newsgraph.vocab import VocabularyError, load_vocabulary


@dataclass(frozen=True, slots=True)
class Sample:
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    table: dict[str, tuple[str, str | None]]
    pairs: tuple[tuple[str, int], ...]
    count: int


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away data package for the loader (its caches cleared before and after)."""
    package = tmp_path / "sample_data"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sample_data", raising=False)
    monkeypatch.setattr(vocab, "PACKAGE", "sample_data")
    for cached in (vocab.load_json, vocab._load_vocabulary):
        cached.cache_clear()
    yield package
    for cached in (vocab.load_json, vocab._load_vocabulary):
        cached.cache_clear()


def test_vocab_converts_json_to_the_annotated_types(data_dir: Path) -> None:
    raw = {
        "_comment": "ignored",
        "words": ["a", "b", "a"],
        "phrases": ["take part in", "join"],
        "table": {"arrest": ["COERCE", "arrest"], "strike": ["ASSAULT", None]},
        "pairs": {"since": 1, "prior to": 2},
        "count": 3,
    }
    (data_dir / "sample.json").write_text(json.dumps(raw))
    sample = load_vocabulary(Sample, "sample.json")
    assert sample == Sample(
        words=frozenset({"a", "b"}),
        phrases=(("take", "part", "in"), ("join",)),
        table={"arrest": ("COERCE", "arrest"), "strike": ("ASSAULT", None)},
        pairs=(("since", 1), ("prior to", 2)),
        count=3,
    )
    assert load_vocabulary(Sample, "sample.json") is sample  # read once


def test_vocab_names_missing_and_unknown_keys(data_dir: Path) -> None:
    (data_dir / "sample.json").write_text(json.dumps({"words": [], "extra": 1}))
    with pytest.raises(VocabularyError, match=r"sample.json: missing keys \['phrases'.*\['extra'\]"):
        load_vocabulary(Sample, "sample.json")


def test_vocab_rejects_a_value_of_the_wrong_shape(data_dir: Path) -> None:
    raw = {"words": "a b", "phrases": [], "table": {}, "pairs": {}, "count": 1}
    (data_dir / "sample.json").write_text(json.dumps(raw))
    with pytest.raises(VocabularyError, match="sample.json: words: expected a list"):
        load_vocabulary(Sample, "sample.json")


def test_vocab_package_vocabularies_load_and_keep_their_orders() -> None:
    lex = load_lexicon()
    lowered = [lex.person_titles, lex.org_heads, lex.place_of_cues, lex.name_connectors, lex.group_nouns]
    assert all(w == w.lower() for words in lowered for w in words)
    patterns = load_patterns()
    lengths = [len(p) for p in patterns.partner_phrases]
    assert lengths == sorted(lengths, reverse=True)
    relations = [len(p) for p, _ in load_time_vocabulary().relation_phrases]
    assert relations == sorted(relations, reverse=True)
