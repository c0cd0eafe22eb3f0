"""Property tests of the ingest readers: no exception escapes, whatever the bytes."""

from __future__ import annotations

import gzip
import io
import sys
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.document import Document, IngestError
from newsgraph.ingest import iter_documents
from newsgraph.ingest.dateline import iso_date
from newsgraph.ingest.files import decode, html_plain_text
from newsgraph.ingest.inflate import GzipMembers, InflateError

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<head>",
    "<br/>",
    "<![",
    "]]>",
    "<!--",
    "-->",
]
markup = st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=20)), max_size=40).map("".join)
TEXT = "The mayor of Ostrava Kell resigned on Tuesday after a long dispute with the council, officials said."


def _warc(*, compress: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for n in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        payload = io.BytesIO(f"{TEXT} Report {n}.".encode())
        record = writer.create_warc_record(
            f"https://x.test/{n}", "response", payload=payload, http_headers=headers
        )
        writer.write_record(record)
    return out.getvalue()


WARCS = {".warc": _warc(compress=False), ".warc.gz": _warc(compress=True)}


def read_file(suffix: str, data: bytes) -> list[Document | IngestError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(iter_documents([str(path)], max_bytes=100_000))


@SETTINGS
@given(st.binary(max_size=2000))
def test_readers_decode_any_bytes(data: bytes) -> None:
    result = decode(data, label="x")
    assert isinstance(result, IngestError) or isinstance(result[0], str)


@SETTINGS
@given(markup)
def test_readers_html_plain_text_of_any_markup(html: str) -> None:
    text = html_plain_text(html)
    assert "\n\n" not in text and text == text.strip()


@SETTINGS
@given(markup)
def test_readers_html_file_of_any_markup(html: str) -> None:
    items = read_file(".html", (html + f"<p>{TEXT}</p>").encode("utf-8", errors="surrogatepass"))
    assert len(items) == 1 and isinstance(items[0], Document | IngestError)


@SETTINGS
@given(st.text(max_size=40))
def test_readers_iso_date_of_any_text(value: str) -> None:
    day = iso_date(value)
    assert day is None or (len(day) == 10 and iso_date(day) == day)


@SETTINGS
@given(
    st.lists(
        st.one_of(st.binary(max_size=200), st.sampled_from([b'{"text": "' + TEXT.encode() + b'"}'])),
        max_size=6,
    )
)
def test_readers_jsonl_of_any_lines(lines: list[bytes]) -> None:
    items = read_file(".jsonl", b"\n".join(lines))
    assert items and all(isinstance(item, Document | IngestError) for item in items)


@SETTINGS
@given(st.sampled_from(sorted(WARCS)), st.binary(max_size=3000))
def test_readers_warc_of_any_bytes(suffix: str, data: bytes) -> None:
    items = read_file(suffix, data)
    assert items and all(isinstance(item, Document | IngestError) for item in items)


@SETTINGS
@given(st.sampled_from(sorted(WARCS)), st.data())
def test_readers_warc_cut_or_damaged_anywhere(suffix: str, data: st.DataObject) -> None:
    archive = bytearray(WARCS[suffix])
    cut = data.draw(st.integers(1, len(archive)))
    for _ in range(data.draw(st.integers(0, 3))):
        archive[data.draw(st.integers(0, len(archive) - 1))] = data.draw(st.integers(0, 255))
    items = read_file(suffix, bytes(archive[:cut]))
    assert items and all(isinstance(item, Document | IngestError) for item in items)


@SETTINGS
@given(st.binary(max_size=500), st.booleans())
def test_readers_gzip_stream_of_any_bytes(data: bytes, wrap: bool) -> None:
    raw = gzip.compress(data)[: len(data)] if wrap else data
    stream = GzipMembers(io.BytesIO(raw), limit=10_000)
    try:
        while stream.read(100):
            pass
    except InflateError as exc:
        assert exc.offset >= 0


@SETTINGS
@given(st.binary(max_size=1000))
def test_readers_stdin_of_any_bytes(data: bytes) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    notes: list[str] = []
    with mock.patch.object(sys, "stdin", stdin):
        items = list(iter_documents(["-"], on_note=notes.append))
    assert items and all(isinstance(item, Document | IngestError) for item in items)
