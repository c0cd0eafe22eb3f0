"""Shared fixtures: one loaded pipeline per test session, and the shared data folder."""

from __future__ import annotations

import os
from pathlib import Path
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
