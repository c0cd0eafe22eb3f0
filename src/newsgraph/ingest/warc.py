"""Web archives: the HTML and plain-text responses of a WARC file (.warc, .warc.gz) as Documents.

Read with warcio, record by record, so an archive of any size streams. A record
becomes a Document the way a file would (`files.py` hands in the converter): HTML
through trafilatura, text as it is. The target URI (WARC-Target-URI) is the
document's source and the crawl date (WARC-Date) its publication date when nothing
better is known (`files.py` decides: --published, then the page's markup, then a
dateline in the text, then the crawl date, as ``published_from: metadata``).
Records that are not articles are passed over silently: requests, metadata, and
responses that failed (HTTP status other than 2xx) or are not HTML or text (images,
scripts, style sheets). ``max_bytes`` applies to each record, as to each JSONL line.

A damaged archive is never read quietly in part: when reading stops before the end
of the file (the file is cut short, a record's block is shorter than its
Content-Length, the gzip data is damaged) the records before are kept and one
error (E060) names the record and the byte where reading stopped. Gzip data is
decompressed here (`inflate.py`), never by warcio, so that a truncated member is
seen and a decompression bomb stops at ``max(INFLATE_FLOOR, INFLATE_RATIO x the
file's size)`` decompressed bytes (E061).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from ..document import Document, IngestError
from ..errors import Errors
from .dateline import iso_date
from .inflate import GZIP_MAGIC, GzipMembers, InflateError, TooLarge

WARC_SUFFIXES = (".warc.gz", ".warc")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
RECORD_TYPES = ("response", "resource")
WARC_MAGIC = b"WARC/"
INFLATE_RATIO = 100  # HTML compresses about 5 to 10 times; a bomb a thousand times and more
INFLATE_FLOOR = 64_000_000  # small archives may always expand this far
DRAIN_BYTES = 65_536
# What warcio raises on a record it cannot parse (a cut header can leave any field missing)
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    OSError,
    ValueError,
    LookupError,
    AttributeError,
    TypeError,
)


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """An article record's payload and what the archive says about it."""

    data: bytes
    label: str  # names the record in messages: "crawl.warc.gz record 3 <https://...>"
    uri: str | None  # WARC-Target-URI
    html: bool
    date: str | None  # WARC-Date as YYYY-MM-DD


Convert = Callable[[WarcRecord], Document | IngestError]


class _Stop(Exception):
    """Reading stops at a record: the file is cut short or damaged there."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_warc(path: Path) -> bool:
    """Whether `path` is named as a web archive (.warc or .warc.gz)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def inflate_limit(size: int) -> int:
    """How many decompressed bytes an archive of `size` bytes may expand to."""
    return max(INFLATE_FLOOR, INFLATE_RATIO * size)


def read_warc(path: Path, *, max_bytes: int, convert: Convert) -> Iterator[Document | IngestError]:
    """Yield a Document (or IngestError) per HTML or text response in the archive, in order."""
    label = str(path)
    try:
        raw = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), label)
        return
    with raw:
        try:
            gzipped = raw.read(len(GZIP_MAGIC)) == GZIP_MAGIC
            raw.seek(0)
            stream: BinaryIO | GzipMembers = GzipMembers(raw, limit=inflate_limit(size)) if gzipped else raw
            head = (
                stream.peek(len(WARC_MAGIC)) if isinstance(stream, GzipMembers) else raw.read(len(WARC_MAGIC))
            )
            if not gzipped:
                raw.seek(0)
        except InflateError as exc:
            yield _stopped(label, record=1, offset=exc.offset, reason=exc.reason, kept=0, exc=exc)
            return
        except OSError as exc:
            yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), label)
            return
        if not head.startswith(WARC_MAGIC):
            what = "its gzip data does" if gzipped else "it does"
            reason = f"{what} not start with a WARC/1.x record"
            yield _error("E017", Errors.E017.format(path=label, reason=reason), label)
            return
        yield from _records(stream, label=label, max_bytes=max_bytes, convert=convert)


def _records(
    stream: BinaryIO | GzipMembers, *, label: str, max_bytes: int, convert: Convert
) -> Iterator[Document | IngestError]:
    iterator = ArchiveIterator(stream)
    number = 0  # records read so far
    articles = 0
    while True:
        try:
            with _quiet():  # warcio writes its warnings to stderr; they are checked below instead
                record = next(iterator, None)
            if iterator.err_count:
                raise _Stop(f"record {number} is not followed by a blank line (is its Content-Length wrong?)")
        except (_Stop, InflateError, *_DAMAGE) as exc:
            yield _stopped_at(stream, iterator, label, record=number + 1, kept=number, exc=exc)
            return
        if record is None:
            if _position(stream) > iterator.offset:  # warcio stops quietly at a record cut in its headers
                error = _Stop("the file ends inside the record's headers")
                yield _stopped_at(stream, iterator, label, record=number + 1, kept=number, exc=error)
                return
            break
        number += 1
        try:
            item = _read_record(record, number=number, path=label, max_bytes=max_bytes)
        except (_Stop, InflateError, *_DAMAGE) as exc:
            yield _stopped_at(stream, iterator, label, record=number, kept=number - 1, exc=exc)
            return
        if item is None:
            continue
        articles += 1
        yield item if isinstance(item, IngestError) else convert(item)
    if not articles:
        yield _error("E018", Errors.E018.format(path=label), label)


def _read_record(record: Any, *, number: int, path: str, max_bytes: int) -> WarcRecord | IngestError | None:
    """An article record's payload (the record read to its end), or why not; None for any other record."""
    if record.format != "warc":  # warcio reads any text as a legacy ARC file
        raise _Stop("it is not a WARC record")
    if not str(record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        raise _Stop("its Content-Length is missing or not a number")
    kind = _article_kind(record)
    item: WarcRecord | IngestError | None = None
    if kind is not None:
        uri = record.rec_headers.get_header("WARC-Target-URI") or None
        label = f"{path} record {number}" + (f" <{uri}>" if uri else "")
        with _quiet():
            data = record.content_stream().read(max_bytes + 1)
        if len(data) > max_bytes:
            message = Errors.E005.format(path=label, size=f"more than {max_bytes}", limit=max_bytes)
            item = _error("E005", message, label)
        elif not data:
            item = _error("E002", Errors.E002.format(path=label), label)
        else:
            date = iso_date(record.rec_headers.get_header("WARC-Date"))
            item = WarcRecord(data=data, label=label, uri=uri, html=kind, date=date)
    _drain(record)
    return item


def _drain(record: Any) -> None:
    """Read the record's block to its end; a block shorter than its Content-Length is a cut file."""
    raw = record.raw_stream
    while raw.read(DRAIN_BYTES):
        pass
    left = getattr(raw, "limit", 0)
    if left:
        raise _Stop(f"the file ends {left} byte(s) before the end of the record's block")


def _position(stream: BinaryIO | GzipMembers) -> int:
    """How far into the (decompressed) archive reading got."""
    return stream.tell()


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


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _stopped_at(
    stream: BinaryIO | GzipMembers,
    iterator: Any,
    label: str,
    *,
    record: int,
    kept: int,
    exc: BaseException,
) -> IngestError:
    if isinstance(exc, InflateError):
        offset = exc.offset
    elif isinstance(stream, GzipMembers):
        offset = stream.member_start
    else:
        offset = int(getattr(iterator, "offset", 0) or 0)
    if isinstance(exc, _Stop | InflateError):
        reason = exc.reason
    else:
        lines = str(exc).strip().splitlines()
        reason = lines[0].strip() if lines else type(exc).__name__
    return _stopped(label, record=record, offset=offset, reason=reason, kept=kept, exc=exc)


def _stopped(
    label: str, *, record: int, offset: int, reason: str, kept: int, exc: BaseException
) -> IngestError:
    if isinstance(exc, TooLarge):
        message = Errors.E061.format(path=label, limit=exc.limit, record=record, offset=offset, kept=kept)
        return _error("E061", message, label)
    message = Errors.E060.format(path=label, record=record, offset=offset, reason=reason, kept=kept)
    return _error("E060", message, label)


def _error(code: str, message: str, source: str) -> IngestError:
    return IngestError(source=source, message=message, code=code)
