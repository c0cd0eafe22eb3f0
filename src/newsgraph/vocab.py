"""The one reader of the package's vocabulary files (``newsgraph/data/``).

Word lists, cue words and trigger tables are data, not code (followthemoney's
habit). A vocabulary is a frozen dataclass; ``load_vocabulary(cls, name)`` fills
each of its fields from the JSON key of the same name, converted to the field's
annotated type, and caches the result:

- a JSON list becomes a ``frozenset[...]`` or a ``tuple[X, ...]``;
- a JSON list of fixed length becomes a ``tuple[A, B]``;
- a JSON string read as a ``tuple[str, ...]`` is a phrase: its words;
- a JSON object becomes a ``dict[str, X]``, or, for a ``tuple`` of pairs, its items;
- strings, numbers and ``None`` stay as they are, checked against the type.

Keys starting with ``_`` are comments. A missing key, a key no field reads, or a
value of the wrong shape is an error that names the file and the key. Orders a
rule depends on ("longest phrase first") belong to the dataclass
(``__post_init__``), not to the file.
"""

from __future__ import annotations

import json
import types
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

__all__ = ["VocabularyError", "data_bytes", "load_json", "load_lines", "load_vocabulary"]

PACKAGE = "newsgraph.data"

T = TypeVar("T")


class VocabularyError(ValueError):
    """A vocabulary file does not fit the dataclass that reads it."""


def data_bytes(name: str) -> bytes:
    """The raw bytes of one data file (for fingerprints of what a cache was built from)."""
    return resources.files(PACKAGE).joinpath(name).read_bytes()


@cache
def load_json(name: str) -> Any:
    """One JSON data file, parsed once per process. Treat the result as read-only."""
    return json.loads(resources.files(PACKAGE).joinpath(name).read_text("utf-8"))


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A plain word list: one entry a line, blank lines and ``#`` comments skipped."""
    text = resources.files(PACKAGE).joinpath(name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def load_vocabulary(cls: type[T], name: str) -> T:
    """The dataclass ``cls`` filled from the JSON object in data file ``name`` (cached)."""
    return cast(T, _load_vocabulary(cast(Any, cls), name))


@cache
def _load_vocabulary(cls: Any, name: str) -> Any:
    if not (isinstance(cls, type) and is_dataclass(cls)):
        raise TypeError(f"{cls!r} is not a dataclass")
    raw = load_json(name)
    if not isinstance(raw, dict):
        raise VocabularyError(f"{name}: expected a JSON object, got {type(raw).__name__}")
    hints = get_type_hints(cls)
    wanted = [f for f in fields(cls) if f.init]
    keys = {k for k in raw if not k.startswith("_")}
    missing = [f.name for f in wanted if f.name not in raw]
    unread = sorted(keys - {f.name for f in wanted})
    if missing or unread:
        raise VocabularyError(
            f"{name}: missing keys {missing}, keys no field of {cls.__name__} reads {unread}"
        )
    values = {f.name: _convert(raw[f.name], hints[f.name], f"{name}: {f.name}") for f in wanted}
    return cls(**values)


def _convert(value: Any, hint: Any, where: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        for option in args:
            try:
                return _convert(value, option, where)
            except VocabularyError:
                continue
        raise VocabularyError(f"{where}: {value!r} is none of {hint}")
    if hint is type(None):
        if value is not None:
            raise VocabularyError(f"{where}: expected null, got {value!r}")
        return None
    if hint in (str, int, float, bool):
        if type(value) is not hint and not (hint is float and type(value) is int):
            raise VocabularyError(f"{where}: expected {hint.__name__}, got {value!r}")
        return value
    if origin is frozenset:
        return frozenset(_convert(v, args[0], where) for v in _items(value, where))
    if origin is tuple:
        if isinstance(value, dict):
            value = list(value.items())
        elif isinstance(value, str) and args == (str, Ellipsis):
            return tuple(value.split())
        items = _items(value, where)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(v, args[0], where) for v in items)
        if len(items) != len(args):
            raise VocabularyError(f"{where}: expected {len(args)} items, got {value!r}")
        return tuple(_convert(v, a, where) for v, a in zip(items, args, strict=True))
    if origin is dict:
        if not isinstance(value, dict):
            raise VocabularyError(f"{where}: expected an object, got {value!r}")
        return {_convert(k, args[0], where): _convert(v, args[1], f"{where}.{k}") for k, v in value.items()}
    raise TypeError(f"{where}: load_vocabulary cannot read fields of type {hint}")


def _items(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise VocabularyError(f"{where}: expected a list, got {value!r}")
    return list(value)
