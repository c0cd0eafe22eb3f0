"""Web archives as inputs: HTML and text responses become Documents, the rest is passed over."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.document import Document, IngestError
from newsgraph.ingest import iter_documents

ARTICLE = (
    b"<html><head><title>Mayor resigns after budget row</title></head><body><article>"
    b"<p>The mayor of the northern town resigned on Tuesday after a long dispute with the council "
    b"over the budget, officials said.</p><p>She will return to her law practice in the city.</p>"
    b"</article></body></html>"
)
NOTE = b"Police said two men were arrested on Friday in connection with the robbery at the bank."


def _records(path: Path) -> list[Any]:
    with path.open("rb") as handle:
        return [r for r in ArchiveIterator(handle) if r.rec_type in ("response", "resource")]


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]]) -> Path:
    """(kind, uri, status or content type, body) per record: 'response' or 'resource'."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for kind, uri, meta, body in records:
            if kind == "response":
                status, content_type = meta.split("|")
                headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(uri, kind, payload=io.BytesIO(body), http_headers=headers)
            else:
                record = writer.create_warc_record(
                    uri, kind, payload=io.BytesIO(body), warc_content_type=meta
                )
            writer.write_record(record)
    return path


CRAWL = [
    ("response", "https://news.example.org/mayor", "200 OK|text/html; charset=utf-8", ARTICLE),
    ("response", "https://news.example.org/logo.png", "200 OK|image/png", b"\x89PNG\r\n"),
    ("response", "https://news.example.org/gone", "404 Not Found|text/html", b"<html>gone</html>"),
    ("resource", "https://news.example.org/note.txt", "text/plain", NOTE),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_and_text_responses_become_documents(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, CRAWL)
    items = list(iter_documents([str(path)]))
    assert all(isinstance(item, Document) for item in items), items
    documents = [item for item in items if isinstance(item, Document)]
    assert [d.source for d in documents] == [
        "https://news.example.org/mayor",
        "https://news.example.org/note.txt",
    ]
    assert documents[0].title == "Mayor resigns after budget row"
    assert "resigned on Tuesday" in documents[0].text
    # without a date in the markup or a dateline, the crawl date (WARC-Date) is taken, as metadata
    crawled = [str(record.rec_headers.get_header("WARC-Date"))[:10] for record in _records(path)]
    assert (documents[0].published, documents[0].published_from) == (crawled[0], "metadata")
    assert documents[1].text == NOTE.decode()


def test_warc_found_in_directories(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", CRAWL[:1])
    (tmp_path / "skip.gz").write_bytes(b"\x1f\x8b")
    items = list(iter_documents([str(tmp_path)]))
    assert [type(item) for item in items] == [Document]


def test_warc_record_over_the_limit_is_an_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "big.warc", CRAWL)
    items = list(iter_documents([str(path)], max_bytes=len(NOTE) + 1))
    errors = [item for item in items if isinstance(item, IngestError)]
    assert [e.code for e in errors] == ["E005"]
    assert "record 1 <https://news.example.org/mayor>" in errors[0].message


def test_warc_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not a web archive\n" * 5, encoding="utf-8")
    (error,) = list(iter_documents([str(path)]))
    assert isinstance(error, IngestError) and error.code == "E017"
    assert "fake.warc" in error.message


def test_warc_without_articles(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "images.warc", CRAWL[1:2])
    (error,) = list(iter_documents([str(path)]))
    assert isinstance(error, IngestError) and error.code == "E018"
