"""Reading inputs into Documents: text, HTML, JSON Lines, web archives, directories and stdin.

Every input yields Documents or IngestErrors, in input order; a bad input never
stops the batch. The checks, in the order they run:

1. the path exists (E011) and has a supported suffix when named explicitly (E013);
   directories are read recursively, sorted, with unsupported and hidden files skipped
   (E016 when none is left);
2. the size, from ``stat`` before reading: empty (E002) or over ``max_bytes`` (E005);
   a JSONL file is read line by line and the limit applies to each line, a WARC file
   (``warc.py``) record by record and the limit applies to each record;
3. the bytes: binary (E004), then UTF-8, else the encoding charset-normalizer
   detects, noted on the Document (E006 when nothing fits);
4. the text: whitespace only (E003), no main text in HTML (E007), not English (E008).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
import trafilatura
from trafilatura.settings import set_date_params

from ..document import Document, IngestError, normalise_text
from ..errors import Errors, Notes
from .dateline import dateline_date
from .language import ENGLISH, guess_language
from .warc import WARC_SUFFIXES, is_warc, read_warc

DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
STDIN = "-"
STDIN_LABEL = "<stdin>"

MAX_CONTROL_SHARE = 0.05  # more control bytes than this (besides tab, newlines, form feed) is binary
BINARY_SNIFF_BYTES = 8192  # how much of a JSONL file is checked for binary content up front
MIN_HTML_WORDS = 5  # fewer words than this in the page's text is no article
# Short texts often fit several 8-bit encodings equally well; English text is most often Windows-1252.
PREFERRED_LEGACY_ENCODING = "cp1252"
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
_HIDDEN_TAGS = ("script", "style", "noscript", "template", "head")  # never shown as page text
_HEADING_TAGS = tuple(f"h{level}" for level in range(1, 7))
_SECTION_TAGS = ("article", "section", "header", "footer", "blockquote", "pre", "title")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "th", *_SECTION_TAGS, *_HEADING_TAGS)  # each starts a line
_WORD = re.compile(r"[^\W\d_]{2,}")
_JSON_KINDS = {
    "list": "array",
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}


@dataclass(frozen=True, slots=True)
class _Options:
    published: str | None
    max_bytes: int


def iter_documents(
    inputs: Sequence[str], *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | IngestError]:
    """Yield one Document (or IngestError) per input document, in input order.

    `inputs` are paths of files (.txt, .html, .htm, .jsonl) or directories, or ``-``
    for stdin. `published` (YYYY-MM-DD) overrides any date the inputs carry.
    """
    options = _Options(published=published, max_bytes=max_bytes)
    for name in inputs:
        if name == STDIN:
            yield _read_stdin(options)
        else:
            yield from _read_path(Path(name), options)


def _read_path(path: Path, options: _Options) -> Iterator[Document | IngestError]:
    if path.is_dir():
        children = [
            child
            for child in sorted(path.rglob("*"))
            if child.is_file() and _suffix(child) in SUFFIXES and not _hidden(child.relative_to(path).parts)
        ]
        if not children:
            yield _error("E016", Errors.E016.format(path=path), source=str(path))
        for child in children:
            yield from _read_file(child, options)
    elif not path.exists():
        yield _error("E011", Errors.E011.format(path=path), source=str(path))
    elif _suffix(path) not in SUFFIXES:
        message = Errors.E013.format(path=path, suffix=path.suffix)
        yield _error("E013", message, source=str(path))
    else:
        yield from _read_file(path, options)


def _suffix(path: Path) -> str:
    return ".warc.gz" if is_warc(path) and path.suffix.lower() == ".gz" else path.suffix.lower()


def _hidden(parts: Sequence[str]) -> bool:
    return any(part.startswith(".") for part in parts)


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

        def convert(data: bytes, record: str, uri: str | None, html: bool) -> Document | IngestError:
            return _from_bytes(data, label=record, source=uri, html=html, options=options)

        yield from read_warc(path, max_bytes=options.max_bytes, convert=convert)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, options)
    elif size > options.max_bytes:
        message = Errors.E005.format(path=label, size=size, limit=options.max_bytes)
        yield _error("E005", message, source=label)
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), source=label)
            return
        yield _from_bytes(data, label=label, source=label, html=suffix in HTML_SUFFIXES, options=options)


def _read_stdin(options: _Options) -> Document | IngestError:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        message = Errors.E005.format(
            path=STDIN_LABEL, size=f"more than {options.max_bytes}", limit=options.max_bytes
        )
        return _error("E005", message, source=STDIN_LABEL)
    if not data:
        return _error("E002", Errors.E002.format(path=STDIN_LABEL), source=STDIN_LABEL)
    html = _HTML_START.match(data) is not None
    return _from_bytes(data, label=STDIN_LABEL, source=None, html=html, options=options)


def _from_bytes(
    data: bytes, *, label: str, source: str | None, html: bool, options: _Options
) -> Document | IngestError:
    decoded = decode(data, label=label)
    if isinstance(decoded, IngestError):
        return decoded
    text, notes = decoded
    if html:
        return _from_html(text, label=label, source=source, notes=notes, options=options)
    return _checked(text, label=label, origin=label, source=source, published=options.published, notes=notes)


def decode(data: bytes, *, label: str) -> tuple[str, tuple[str, ...]] | IngestError:
    """The text of `data` and notes on how it was decoded, or why it could not be."""
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            text = _decode_as(data, codec)
            if text is not None:
                return text, (Notes.N001.format(path=label, encoding=codec),)
    reason = binary_reason(data)
    if reason is not None:
        return _error("E004", Errors.E004.format(path=label, reason=reason), source=label)
    text = _decode_as(data, "utf-8-sig")
    if text is not None:
        return text, ()
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        message = Errors.E006.format(path=label, reason="no encoding fits its bytes")
        return _error("E006", message, source=label)
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any(PREFERRED_LEGACY_ENCODING in m.could_be_from_charset for m in tied):
        text = _decode_as(data, PREFERRED_LEGACY_ENCODING)
        if text is not None:
            return text, (Notes.N001.format(path=label, encoding=PREFERRED_LEGACY_ENCODING),)
    return str(best), (Notes.N001.format(path=label, encoding=best.encoding),)


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
    text: str, *, label: str, source: str | None, notes: tuple[str, ...], options: _Options
) -> Document | IngestError:
    if not text.strip():
        return _error("E003", Errors.E003.format(path=label), source=label)
    # Dates come from the page's markup only (no extensive search): never guessed from the text.
    date_params = set_date_params(extensive=False)
    result = trafilatura.bare_extraction(text, with_metadata=True, date_extraction_params=date_params)
    body = getattr(result, "text", None) or ""
    if result is None or len(_WORD.findall(body)) < MIN_HTML_WORDS:
        body = html_plain_text(text)
        words = len(_WORD.findall(body))
        if words < MIN_HTML_WORDS:
            reason = "the page has no readable text" if not words else f"the page has only {words} word(s)"
            return _error("E007", Errors.E007.format(path=label, reason=reason), source=label)
        notes += (Notes.N002.format(path=label),)
        result = trafilatura.extract_metadata(text, date_config=date_params)
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
    )


def html_plain_text(html: str) -> str:
    """All visible text of a page or fragment, one line per block, for pages without main text."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):  # nothing a parser can read
        return ""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _HIDDEN_TAGS)):
        element.drop_tree()
    for element in tree.iter(_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in str(tree.text_content()).splitlines())
    return "\n".join(line for line in lines if line)


def _read_jsonl(path: Path, options: _Options) -> Iterator[Document | IngestError]:
    label = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _error("E014", Errors.E014.format(path=label, reason=exc.strerror or exc), source=label)
        return
    with handle:
        reason = binary_reason(handle.read(BINARY_SNIFF_BYTES))
        if reason is not None:
            yield _error("E004", Errors.E004.format(path=label, reason=reason), source=label)
            return
        handle.seek(0)
        records = 0
        for number, line in enumerate(handle, start=1):
            if line.strip():
                records += 1
                yield _from_jsonl_line(line, number=number, path=label, options=options)
        if not records:
            yield _error("E003", Errors.E003.format(path=label), source=label)


def _from_jsonl_line(line: bytes, *, number: int, path: str, options: _Options) -> Document | IngestError:
    label = f"{path} line {number}"
    if len(line) > options.max_bytes:
        message = Errors.E005.format(path=label, size=len(line), limit=options.max_bytes)
        return _error("E005", message, source=path)
    decoded = decode(line, label=label)
    if isinstance(decoded, IngestError):
        return decoded
    raw, notes = decoded
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at column {exc.colno}"
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
        notes += (Notes.N003.format(path=label, value=published),)
    return _checked(
        text,
        label=label,
        origin=path,
        id=_string(record.get("id")),
        source=_string(record.get("source")) or path,
        published=options.published or page_date,
        published_from="input" if options.published or page_date else None,
        title=_string(record.get("title")),
        notes=notes,
    )


def _string(value: object) -> str | None:
    """A JSON string or integer as text; anything else (null, bool, lists) as None."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def iso_date(value: object) -> str | None:
    """A YYYY-MM-DD date from a date or a timestamp string, or None when it is not one."""
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


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
) -> Document | IngestError:
    """A Document from `text` once it passes the text checks: not blank, English.

    `label` names the input in messages ("a.jsonl line 3"), `origin` is the file (or stdin).
    Without a publication date from the input or the page's markup, the date a dateline
    at the head of the text states is taken, and `published_from` says so.
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
