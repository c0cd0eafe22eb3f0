"""Shared fixtures: one loaded pipeline per test session, and the shared data folder."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def nlp() -> Any:
    from newsgraph.components import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


def load_benchmark(name: str, module_name: str | None = None) -> ModuleType:
    """``benchmarks/<name>.py`` as a module (benchmarks/ is not a package), loaded once per
    session under `module_name`; benchmarks/ joins ``sys.path`` so that it can import its
    neighbours (``crossdoc`` imports ``crossdoc_stress``)."""
    module_name = module_name or name
    if module_name in sys.modules:
        return sys.modules[module_name]
    folder = str(REPO / "benchmarks")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(module_name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def benchmark_module() -> Callable[..., ModuleType]:
    """`load_benchmark`, for tests of the benchmark scripts."""
    return load_benchmark
