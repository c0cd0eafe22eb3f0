"""Web archives: the HTML and plain-text responses of a WARC file (.warc, .warc.gz) as Documents.

Read with warcio, record by record, so an archive of any size streams. A record
becomes a Document the way a file would (`files.py` hands in the converter): HTML
through trafilatura, text as it is; the target URI is the document's source. The
crawl date (WARC-Date) is not the publication date and is never used as one.
Records that are not articles are passed over silently: requests, metadata, and
responses that failed (HTTP status other than 2xx) or are not HTML or text (images,
scripts, style sheets). ``max_bytes`` applies to each record, as to each JSONL line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..document import Document, IngestError
from ..errors import Errors

WARC_SUFFIXES = (".warc.gz", ".warc")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
RECORD_TYPES = ("response", "resource")

# (data, label for messages, source URI, is HTML) -> a Document or why not
Convert = Callable[[bytes, str, str | None, bool], Document | IngestError]


def is_warc(path: Path) -> bool:
    """Whether `path` is named as a web archive (.warc or .warc.gz)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, *, max_bytes: int, convert: Convert) -> Iterator[Document | IngestError]:
    """Yield a Document (or IngestError) per HTML or text response in the archive, in order."""
    label = str(path)
    articles = 0
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.format != "warc":  # warcio reads any text as a legacy ARC file
                    yield _unreadable(label, "it does not start with a WARC/1.x record")
                    return
                kind = _article_kind(record)
                if kind is None:
                    continue
                articles += 1
                yield _from_record(
                    record, number=number, path=label, html=kind, max_bytes=max_bytes, convert=convert
                )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:  # a damaged or truncated archive
        yield _unreadable(label, str(exc).strip() or type(exc).__name__)
        return
    if not articles:
        yield IngestError(source=label, code="E018", message=Errors.E018.format(path=label))


def _unreadable(label: str, reason: str) -> IngestError:
    return IngestError(source=label, code="E017", message=Errors.E017.format(path=label, reason=reason))


def _article_kind(record: Any) -> bool | None:
    """True for an HTML response, False for plain text, None for anything else."""
    if record.rec_type not in RECORD_TYPES:
        return None
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not str(headers.get_statuscode() or "").startswith("2"):
            return None
    else:
        headers = record.rec_headers
    media_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if media_type in HTML_TYPES:
        return True
    if media_type in TEXT_TYPES:
        return False
    return None


def _from_record(
    record: Any, *, number: int, path: str, html: bool, max_bytes: int, convert: Convert
) -> Document | IngestError:
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    label = f"{path} record {number}" + (f" <{uri}>" if uri else "")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        message = Errors.E005.format(path=label, size=f"more than {max_bytes}", limit=max_bytes)
        return IngestError(source=label, code="E005", message=message)
    if not data:
        return IngestError(source=label, code="E002", message=Errors.E002.format(path=label))
    return convert(data, label, uri, html)
