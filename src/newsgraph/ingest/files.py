"""Reading inputs into Documents: text, HTML, JSON Lines, web archives, directories and stdin.

Every input yields Documents or IngestErrors, in input order; a bad input never
stops the batch. The checks, in the order they run:

1. the path exists (E011) and has a supported suffix when named explicitly (E013);
   directories are read recursively, sorted, with unsupported and hidden files skipped
   (E016 when none is left); a symbolic link to a folder already read (a loop) is not
   followed (N006), a link that leads nowhere is an unreadable file (E014);
2. the size, from ``stat`` before reading: empty (E002) or over ``max_bytes`` (E005);
   a JSONL file is read line by line and the limit applies to each line, a WARC file
   (``warc.py``) record by record and the limit applies to each record;
3. the bytes: binary (E004), then UTF-8 (or UTF-16/32 with a byte-order mark, N001),
   else the encoding charset-normalizer detects when it is sure enough (N005), else E006;
4. the text: whitespace only (E003), no main text in HTML (E007), not English (E008).

JSON Lines: a 'published' value that is not an ISO date is left empty (N003); an id
given twice in one run is an error for the second record (E062). Stdin (``-``) is read
as JSON Lines when its first line starts with ``{``, as HTML when it starts with a tag,
else as plain text, or as ``input_format`` says; which is noted (N004).

Notes go on the Document (and to `on_note`, with those about no one document), each
as ``"N00x: message"``.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer
import trafilatura
from trafilatura.settings import set_date_params

from ..document import Document, IngestError, normalise_text
from ..errors import Errors, Notes
from .dateline import dateline_date, iso_date
from .language import ENGLISH, guess_language
from .markup import html_plain_text
from .warc import WARC_SUFFIXES, WarcRecord, is_warc, read_warc

__all__ = ["DEFAULT_MAX_BYTES", "INPUT_FORMATS", "binary_reason", "decode", "html_plain_text", "iso_date"]

DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
STDIN = "-"
STDIN_LABEL = "<stdin>"
INPUT_FORMATS = ("auto", "text", "html", "jsonl")  # how stdin is read

MAX_CONTROL_SHARE = 0.05  # more control bytes than this (besides tab, newlines, form feed) is binary
BINARY_SNIFF_BYTES = 8192  # how much of a JSONL file is checked for binary content up front
MIN_HTML_WORDS = 5  # fewer words than this in the page's text is no article
# charset-normalizer's confidence is 1 - its "chaos" (the share of the text that reads as a
# mess). Below this, a guess is refused: a UTF-8 file with one stray byte reads as Mac Icelandic
# at 87%, English in Windows-1252 reads at 100%.
MIN_ENCODING_CONFIDENCE = 0.9
# Short texts often fit several 8-bit encodings equally well; English text is most often Windows-1252.
PREFERRED_LEGACY_ENCODING = "cp1252"
# Never guessed, only read with a byte-order mark: wide encodings (text without NUL bytes is not
# UTF-16) and UTF-7 (whose "+ADw-" spells "<").
_UNGUESSED_ENCODINGS = ("utf_16", "utf_32", "utf_7")
LINE_CHUNK = 65_536  # how an over-long line is skipped
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_JSON_KINDS = {
    "list": "array",
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}
_KIND_NAMES = {"text": "plain text", "html": "HTML", "jsonl": "JSON Lines"}

NoteCallback = Callable[[str], None]
ReadLine = Callable[[int], bytes]


@dataclass(frozen=True, slots=True)
class _Options:
    published: str | None
    max_bytes: int
    input_format: str = "auto"
    ids: dict[str, str] = field(default_factory=dict)  # JSONL id -> the record that gave it first
    notes: list[str] = field(default_factory=list)  # notes about no one document, not yet handed on


def iter_documents(
    inputs: Sequence[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    input_format: str = "auto",
    on_note: NoteCallback | None = None,
) -> Iterator[Document | IngestError]:
    """Yield one Document (or IngestError) per input document, in input order.

    `inputs` are paths of files (.txt, .html, .htm, .jsonl, .warc, .warc.gz) or
    directories, or ``-`` for stdin, read as `input_format` says (auto, text, html,
    jsonl). `published` (YYYY-MM-DD) overrides any date the inputs carry. `on_note` is
    called with each note as the inputs are read: a Document's notes, and those about
    no one document (how stdin was read, a folder link not followed).
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(Errors.E063.format(value=input_format))
    options = _Options(published=published, max_bytes=max_bytes, input_format=input_format)
    for name in inputs:
        items = _read_stdin(options) if name == STDIN else _read_path(Path(name), options)
        for item in items:
            _hand_on(options, on_note)
            if on_note is not None and isinstance(item, Document):
                for message in item.notes:
                    on_note(message)
            yield item
        _hand_on(options, on_note)


def _hand_on(options: _Options, on_note: NoteCallback | None) -> None:
    if on_note is not None:
        for message in options.notes:
            on_note(message)
    options.notes.clear()


def note(code: str, **fields: Any) -> str:
    """The note `code` of `Notes`, filled in, as ``"N00x: message"``."""
    message: str = getattr(Notes, code).format(**fields)
    return f"{code}: {message}"


def _read_path(path: Path, options: _Options) -> Iterator[Document | IngestError]:
    if path.is_dir():
        children, unreadable = _files_under(path, options)
        yield from unreadable
        if not children and not unreadable:
            yield _error("E016", Errors.E016.format(path=path), source=str(path))
        for child in children:
            yield from _read_file(child, options)
    elif not path.exists() and not path.is_symlink():  # a link that leads nowhere is read (E014)
        yield _error("E011", Errors.E011.format(path=path), source=str(path))
    elif _suffix(path) not in SUFFIXES:
        message = Errors.E013.format(path=path, suffix=path.suffix)
        yield _error("E013", message, source=str(path))
    else:
        yield from _read_file(path, options)


def _files_under(root: Path, options: _Options) -> tuple[list[Path], list[IngestError]]:
    """The supported, not hidden files under `root`, sorted, and the folders that could not be read.

    Links to folders are followed, each folder once (a loop or a second way in is noted,
    N006); a link with a supported suffix that leads nowhere is kept, to be reported (E014).
    """
    found: list[Path] = []
    unreadable: list[IngestError] = []
    seen = {_identity(root)}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name, reverse=True)
        except OSError as exc:
            reason = exc.strerror or exc
            unreadable.append(
                _error("E014", Errors.E014.format(path=folder, reason=reason), source=str(folder))
            )
            continue
        for entry in entries:
            child = Path(entry.path)
            if entry.name.startswith("."):
                continue
            key = _folder_identity(entry)
            if key is None:
                if _suffix(child) in SUFFIXES and not _is_other(entry):
                    found.append(child)  # a file, or a link that leads nowhere (E014 when read)
            elif key in seen:
                options.notes.append(note("N006", path=child))
            else:
                seen.add(key)
                folders.append(child)
    return sorted(found), unreadable


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def _folder_identity(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    """(device, inode) of the folder `entry` is or links to; None when it is no folder."""
    try:
        if not entry.is_dir():
            return None
        stat = entry.stat()
    except OSError:  # a link in a loop, or one that leads nowhere
        return None
    return stat.st_dev, stat.st_ino


def _is_other(entry: os.DirEntry[str]) -> bool:
    """Whether `entry` is something that exists and is no regular file (a pipe, a socket, a device)."""
    try:
        return not entry.is_file() and os.path.exists(entry.path)
    except OSError:
        return False


def _suffix(path: Path) -> str:
    return ".warc.gz" if is_warc(path) and path.suffix.lower() == ".gz" else path.suffix.lower()


def _read_file(path: Path, options: _Options) -> Iterator[Document | IngestError]:
    label = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), source=label)
        return
    suffix = _suffix(path)
    if size == 0:
        yield _error("E002", Errors.E002.format(path=label), source=label)
    elif suffix in WARC_SUFFIXES:

        def convert(record: WarcRecord) -> Document | IngestError:
            return _from_bytes(
                record.data,
                label=record.label,
                source=record.uri,
                html=record.html,
                options=options,
                crawl_date=record.date,
            )

        yield from read_warc(path, max_bytes=options.max_bytes, convert=convert)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, options)
    elif size > options.max_bytes:
        message = Errors.E005.format(path=label, size=size, limit=options.max_bytes)
        yield _error("E005", message, source=label)
    else:
        try:
            with path.open("rb") as handle:
                data = handle.read(options.max_bytes + 1)  # the file may have grown since stat
        except OSError as exc:
            yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), source=label)
            return
        if len(data) > options.max_bytes:
            message = Errors.E005.format(
                path=label, size=f"more than {options.max_bytes}", limit=options.max_bytes
            )
            yield _error("E005", message, source=label)
            return
        yield _from_bytes(data, label=label, source=label, html=suffix in HTML_SUFFIXES, options=options)


def _read_stdin(options: _Options) -> Iterator[Document | IngestError]:
    stream = sys.stdin.buffer
    head: list[bytes] = []  # the lines read to tell JSON Lines from the rest
    kind, why = options.input_format, "--input-format"
    if kind == "auto":
        size = 0
        while True:
            line = stream.readline(options.max_bytes + 1)
            head.append(line)
            size += len(line)
            if not line or line.strip() or size > options.max_bytes:
                break
        if head[-1].lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
            kind, why = "jsonl", "its first line starts with '{'"
    if kind == "jsonl":
        options.notes.append(note("N004", path=STDIN_LABEL, kind=_KIND_NAMES[kind], why=why))

        def readline(size: int) -> bytes:
            return head.pop(0) if head else stream.readline(size)

        yield from _jsonl_records(readline, label=STDIN_LABEL, options=options)
        return
    start = b"".join(head)
    data = start + stream.read(max(0, options.max_bytes + 1 - len(start)))
    if len(data) > options.max_bytes:
        message = Errors.E005.format(
            path=STDIN_LABEL, size=f"more than {options.max_bytes}", limit=options.max_bytes
        )
        yield _error("E005", message, source=STDIN_LABEL)
        return
    if not data:
        yield _error("E002", Errors.E002.format(path=STDIN_LABEL), source=STDIN_LABEL)
        return
    if kind == "auto":
        html = _HTML_START.match(data) is not None
        kind, why = (
            ("html", "it starts with an HTML tag") if html else ("text", "it is not JSON Lines or HTML")
        )
    options.notes.append(note("N004", path=STDIN_LABEL, kind=_KIND_NAMES[kind], why=why))
    yield _from_bytes(data, label=STDIN_LABEL, source=None, html=kind == "html", options=options)


def _from_bytes(
    data: bytes,
    *,
    label: str,
    source: str | None,
    html: bool,
    options: _Options,
    crawl_date: str | None = None,
) -> Document | IngestError:
    decoded = decode(data, label=label)
    if isinstance(decoded, IngestError):
        return decoded
    text, notes = decoded
    if html:
        return _from_html(
            text, label=label, source=source, notes=notes, options=options, crawl_date=crawl_date
        )
    return _checked(
        text,
        label=label,
        origin=label,
        source=source,
        published=options.published,
        notes=notes,
        crawl_date=crawl_date,
    )


def decode(data: bytes, *, label: str) -> tuple[str, tuple[str, ...]] | IngestError:
    """The text of `data` and notes on how it was decoded, or why it could not be."""
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            text = _decode_as(data, codec)
            if text is not None:
                return text, (note("N001", path=label, encoding=codec),)
    reason = binary_reason(data)
    if reason is not None:
        return _error("E004", Errors.E004.format(path=label, reason=reason), source=label)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    damaged = _damaged_utf8(data)
    if damaged:  # a legacy code page would turn its valid UTF-8 into mojibake
        reason = (
            f"it is mostly UTF-8, but {damaged} byte sequence(s) are not, the first at byte {first_bad}; "
            "another encoding would garble the rest"
        )
        return _error("E006", Errors.E006.format(path=label, reason=reason), source=label)
    matches = [
        match
        for match in charset_normalizer.from_bytes(data)
        if not match.encoding.startswith(_UNGUESSED_ENCODINGS)
    ]
    if not matches:
        reason = f"no encoding fits its bytes; byte {first_bad} is not UTF-8"
        return _error("E006", Errors.E006.format(path=label, reason=reason), source=label)
    best = matches[0]
    confidence = 1.0 - best.chaos
    if confidence < MIN_ENCODING_CONFIDENCE:
        reason = (
            f"charset detection is only {confidence:.0%} sure it is {best.encoding}, under the "
            f"{MIN_ENCODING_CONFIDENCE:.0%} needed; byte {first_bad} is not UTF-8"
        )
        return _error("E006", Errors.E006.format(path=label, reason=reason), source=label)
    encoding, text = best.encoding, str(best)
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any(PREFERRED_LEGACY_ENCODING in m.could_be_from_charset for m in tied):
        legacy = _decode_as(data, PREFERRED_LEGACY_ENCODING)
        if legacy is not None:
            encoding, text = PREFERRED_LEGACY_ENCODING, legacy
    return text, (note("N005", path=label, encoding=encoding, confidence=confidence),)


def _damaged_utf8(data: bytes) -> int:
    """How many invalid sequences there are in `data` when it holds at least as many valid
    multi-byte UTF-8 characters (which text in a legacy code page almost never does); else 0."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid  # non-ASCII characters
    return invalid if valid >= invalid else 0


def _decode_as(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks binary (NUL bytes, many control characters), or None if it looks like text."""
    if b"\x00" in data:
        return "it holds NUL bytes"
    control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and control / len(data) > MAX_CONTROL_SHARE:
        return f"{control / len(data):.0%} of its bytes are control characters"
    return None


def _from_html(
    text: str,
    *,
    label: str,
    source: str | None,
    notes: tuple[str, ...],
    options: _Options,
    crawl_date: str | None = None,
) -> Document | IngestError:
    if not text.strip():
        return _error("E003", Errors.E003.format(path=label), source=label)
    # Dates come from the page's markup only (no extensive search): never guessed from the text.
    date_params = set_date_params(extensive=False)
    result = _trafilatura(
        trafilatura.bare_extraction, text, with_metadata=True, date_extraction_params=date_params
    )
    body = getattr(result, "text", None) or ""
    if result is None or len(_WORD.findall(body)) < MIN_HTML_WORDS:
        body = html_plain_text(text)
        words = len(_WORD.findall(body))
        if words < MIN_HTML_WORDS:
            reason = "the page has no readable text" if not words else f"the page has only {words} word(s)"
            return _error("E007", Errors.E007.format(path=label, reason=reason), source=label)
        notes += (note("N002", path=label),)
        result = _trafilatura(trafilatura.extract_metadata, text, date_config=date_params)
    page_date = iso_date(getattr(result, "date", None))
    return _checked(
        body,
        label=label,
        origin=label,
        source=getattr(result, "url", None) or source,
        published=options.published or page_date,
        published_from="input" if options.published else ("metadata" if page_date else None),
        title=getattr(result, "title", None) or None,
        site_name=getattr(result, "sitename", None) or None,
        notes=notes,
        crawl_date=crawl_date,
    )


def _trafilatura(function: Callable[..., Any], text: str, **options: Any) -> Any:
    """What trafilatura makes of a page; None when it fails on it, as it can on hostile markup."""
    try:
        return function(text, **options)
    except (RecursionError, ValueError, TypeError, LookupError, AttributeError, AssertionError):
        return None


def _read_jsonl(path: Path, options: _Options) -> Iterator[Document | IngestError]:
    label = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), source=label)
        return
    with handle:
        head = handle.read(BINARY_SNIFF_BYTES)
        handle.seek(0)
        wide = next((codec for bom, codec in _UNICODE_BOMS if head.startswith(bom)), None)
        reason = None if wide else binary_reason(head)
        if reason is not None:
            yield _error("E004", Errors.E004.format(path=label, reason=reason), source=label)
            return
        readline: ReadLine = handle.readline
        if wide is not None:  # UTF-16 or UTF-32 with a byte-order mark: read as text, lines as UTF-8
            wrapper = io.TextIOWrapper(handle, encoding=wide, errors="replace", newline="")

            def readline(size: int) -> bytes:
                return wrapper.readline(size).encode("utf-8")

        yield from _jsonl_records(readline, label=label, options=options)


def _jsonl_records(readline: ReadLine, *, label: str, options: _Options) -> Iterator[Document | IngestError]:
    """A Document or IngestError per non-blank line; E003 when there is none."""
    records = 0
    for number, line in _lines(readline, options.max_bytes):
        if isinstance(line, int):
            records += 1
            message = Errors.E005.format(path=f"{label} line {number}", size=line, limit=options.max_bytes)
            yield _error("E005", message, source=label)
        elif line.strip():
            records += 1
            yield _from_jsonl_line(line, number=number, path=label, options=options)
    if not records:
        yield _error("E003", Errors.E003.format(path=label), source=label)


def _lines(readline: ReadLine, max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """(number, line) for each line, or (number, its size) for a line over `max_bytes`, never held whole."""
    number = 0
    while True:
        line = readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_bytes:
            yield number, line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = readline(LINE_CHUNK)
            if not line:
                break
            size += len(line)
        yield number, size


def _from_jsonl_line(line: bytes, *, number: int, path: str, options: _Options) -> Document | IngestError:
    label = f"{path} line {number}"
    decoded = decode(line, label=label)
    if isinstance(decoded, IngestError):
        return decoded
    raw, notes = decoded
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
        return _error("E009", Errors.E009.format(path=path, line=number, reason=reason), source=path)
    except RecursionError:  # [[[[...]]]] nested deeper than the parser goes
        reason = "it is nested too deeply"
        return _error("E009", Errors.E009.format(path=path, line=number, reason=reason), source=path)
    if not isinstance(record, dict):
        kind = _JSON_KINDS.get(type(record).__name__, "value")
        return _error("E015", Errors.E015.format(path=path, line=number, kind=kind), source=path)
    text = record.get("text")
    if not isinstance(text, str):
        return _error("E010", Errors.E010.format(path=path, line=number), source=path)
    published = record.get("published")
    page_date = iso_date(published)
    if published is not None and page_date is None:
        notes += (note("N003", path=label, value=published),)
    given_id = _string(record.get("id"))
    first = options.ids.get(given_id) if given_id is not None else None
    if given_id is not None and first is not None:
        message = Errors.E062.format(path=path, line=number, id=given_id, first=first)
        return _error("E062", message, source=path)
    document = _checked(
        text,
        label=label,
        origin=path,
        id=given_id,
        source=_string(record.get("source")) or path,
        published=options.published or page_date,
        published_from="input" if options.published or page_date else None,
        title=_string(record.get("title")),
        notes=notes,
    )
    if given_id is not None and isinstance(document, Document):
        options.ids[given_id] = label
    return document


def _string(value: object) -> str | None:
    """A JSON string or integer as text; anything else (null, bool, lists) as None."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _checked(
    text: str,
    *,
    label: str,
    origin: str,
    source: str | None,
    published: str | None,
    notes: tuple[str, ...],
    id: str | None = None,
    title: str | None = None,
    site_name: str | None = None,
    published_from: str | None = None,
    crawl_date: str | None = None,
) -> Document | IngestError:
    """A Document from `text` once it passes the text checks: not blank, English.

    `label` names the input in messages ("a.jsonl line 3"), `origin` is the file (or stdin).
    Without a publication date from the input or the page's markup, the date a dateline
    at the head of the text states is taken, else the date a web archive fetched the page
    (`crawl_date`, as metadata), and `published_from` says which.
    """
    if not normalise_text(text).strip():
        return _error("E003", Errors.E003.format(path=label), source=origin)
    language = guess_language(text)
    if language != ENGLISH:
        return _error("E008", Errors.E008.format(path=label, language=language), source=origin)
    if published is None:
        published = dateline_date(normalise_text(text))
        published_from = "dateline" if published else None
    elif published_from is None:
        published_from = "input"
    if published is None and crawl_date is not None:
        published, published_from = crawl_date, "metadata"
    return Document.create(
        text,
        id=id,
        title=title,
        published=published,
        published_from=published_from,
        source=source,
        notes=notes,
        site_name=site_name,
    )


def _error(code: str, message: str, *, source: str) -> IngestError:
    return IngestError(source=source, message=message, code=code)
