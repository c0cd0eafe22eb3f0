"""Stage 1: files, HTML, JSON Lines, web archives, directories and stdin -> Document."""

from __future__ import annotations

from .files import DEFAULT_MAX_BYTES, INPUT_FORMATS, iter_documents

__all__ = ["DEFAULT_MAX_BYTES", "INPUT_FORMATS", "iter_documents"]
