"""The input record: one news document, before any NLP."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field


def normalise_text(text: str) -> str:
    """The normalised text all offsets refer to: NFC, newlines unified, BOM removed."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def content_id(text: str) -> str:
    """A document id from the content hash of its normalised text."""
    return "sha256:" + hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One news report: the normalised text and its metadata."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    language: str = "en"
    notes: tuple[str, ...] = field(default=())
    site_name: str | None = None
    published_from: str | None = None  # "input" | "metadata" | "dateline"; None without a date

    @classmethod
    def create(
        cls,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        published: str | None = None,
        source: str | None = None,
        language: str = "en",
        notes: tuple[str, ...] = (),
        site_name: str | None = None,
        published_from: str | None = None,
    ) -> Document:
        norm = normalise_text(text)
        return cls(
            id=id or content_id(norm),
            text=norm,
            title=title,
            published=published,
            source=source,
            language=language,
            notes=notes,
            site_name=site_name,
            published_from=published_from if published_from is not None or published is None else "input",
        )


@dataclass(frozen=True, slots=True)
class IngestError:
    """A document that could not be read; the batch goes on without it."""

    source: str
    message: str
    code: str
