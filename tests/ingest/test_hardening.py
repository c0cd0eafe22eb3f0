"""Damaged and hostile inputs read honestly: cut archives, bombs, stdin formats, encodings,
dates and ids (issue 12)."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.document import Document, IngestError
from newsgraph.ingest import files, iter_documents, warc
from newsgraph.ingest.dateline import iso_date

TEXT = "The mayor of Ostrava Kell resigned on Tuesday after a long dispute with the council, officials said."
OTHER = "Police said two men were arrested on Friday in Tarn after the robbery at the Kell savings bank."


def read(*inputs: str | Path, **options: object) -> list[Document | IngestError]:
    return list(iter_documents([str(i) for i in inputs], **options))  # type: ignore[arg-type]


def codes(items: list[Document | IngestError]) -> list[str]:
    return [item.code if isinstance(item, IngestError) else "ok" for item in items]


def write_warc(path: Path, count: int = 6, *, html: bytes | None = None, date: str | None = None) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for n in range(count):
            kind = "text/html" if html else "text/plain"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            body = html or f"{TEXT} It was report {n}.".encode()
            warc_headers = {"WARC-Date": date} if date else None
            record = writer.create_warc_record(
                f"https://x.test/{n}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict=warc_headers or {},
            )
            writer.write_record(record)
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_hardening_cut_archive_keeps_records_before_and_names_where_it_stopped(
    tmp_path: Path, name: str
) -> None:
    whole = write_warc(tmp_path / name).read_bytes()
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(whole[: len(whole) * 6 // 10])
    items = read(cut)
    assert codes(items)[-1] == "E060" and set(codes(items)[:-1]) == {"ok"}
    kept = len(items) - 1
    assert 1 <= kept < 6
    error = items[-1]
    assert isinstance(error, IngestError)
    assert f"record {kept + 1} (byte " in error.message and f"the {kept} record(s) before it" in error.message


def test_hardening_archive_cut_at_100_bytes_is_damage_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    path.write_bytes(write_warc(tmp_path / "w.warc.gz").read_bytes()[:100])
    [error] = read(path)
    assert isinstance(error, IngestError) and error.code == "E060"
    assert "record 1 (byte 0)" in error.message and "no HTML" not in error.message


def test_hardening_complete_archive_has_no_error(tmp_path: Path) -> None:
    assert codes(read(write_warc(tmp_path / "w.warc.gz"))) == ["ok"] * 6


def test_hardening_archive_gzipped_whole_is_read(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"  # `gzip crawl.warc`: one member, not one per record
    path.write_bytes(gzip.compress(write_warc(tmp_path / "w.warc").read_bytes()) + b"\0" * 512)
    assert codes(read(path)) == ["ok"] * 6


def test_hardening_bytes_after_the_archive_are_damage(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc.gz"
    path.write_bytes(write_warc(tmp_path / "w.warc.gz", 2).read_bytes() + b"not gzip")
    items = read(path)
    assert codes(items) == ["ok", "ok", "E060"]
    assert "after a gzip member are not gzip" in getattr(items[-1], "message", "")


def test_hardening_gzip_bomb_stops_at_the_inflate_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warc, "INFLATE_FLOOR", 1_000_000)
    header = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 50000000\r\n\r\n"
    )
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = compressor.compress(header) + compressor.compress(b"\0" * 50_000_000) + compressor.flush()
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(data)
    [error] = read(path)
    assert isinstance(error, IngestError) and error.code == "E061"
    limit = max(1_000_000, warc.INFLATE_RATIO * len(data))  # far below the 50 MB it would expand to
    assert limit < 10_000_000 and f"expands past {limit} bytes" in error.message


def test_hardening_crawl_date_and_uri_fill_published_and_source(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "w.warc", 1, date="2021-03-04T10:00:00Z")
    [document] = read(path)
    assert isinstance(document, Document)
    assert (document.published, document.published_from, document.source) == (
        "2021-03-04",
        "metadata",
        "https://x.test/0",
    )
    [given] = read(path, published="2020-01-02")
    assert isinstance(given, Document) and (given.published, given.published_from) == ("2020-01-02", "input")


def test_hardening_page_date_and_dateline_come_before_the_crawl_date(tmp_path: Path) -> None:
    page = (
        b'<html><head><meta property="article:published_time" content="2019-05-06T08:00:00Z"></head>'
        b"<body><article><p>" + TEXT.encode() + b"</p><p>" + OTHER.encode() + b"</p></article></body></html>"
    )
    [marked] = read(write_warc(tmp_path / "a.warc", 1, html=page, date="2021-03-04T10:00:00Z"))
    assert isinstance(marked, Document) and (marked.published, marked.published_from) == (
        "2019-05-06",
        "metadata",
    )
    dated = f"Published: 12 May 2018\n\n{TEXT}".encode()
    path = tmp_path / "b.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        record = writer.create_warc_record(
            "https://x.test/b",
            "resource",
            payload=io.BytesIO(dated),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2021-03-04T10:00:00Z"},
        )
        writer.write_record(record)
    [document] = read(path)
    assert isinstance(document, Document) and (document.published, document.published_from) == (
        "2018-05-12",
        "dateline",
    )


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_hardening_stdin_json_lines_are_read_as_records(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (
        "\n" + json.dumps({"id": "a", "text": TEXT}) + "\n" + json.dumps({"id": "b", "text": OTHER}) + "\n"
    )
    feed_stdin(monkeypatch, lines.encode())
    notes: list[str] = []
    items = read("-", on_note=notes.append)
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    assert notes == ["N004: <stdin>: read as JSON Lines (its first line starts with '{'); "
                     "choose with --input-format text, html or jsonl."]  # fmt: skip


def test_hardening_stdin_format_can_be_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"id": "a", "text": TEXT})
    feed_stdin(monkeypatch, line.encode())
    notes: list[str] = []
    [document] = read("-", input_format="text", on_note=notes.append)
    assert isinstance(document, Document) and document.text == line
    assert notes and notes[0].startswith("N004: <stdin>: read as plain text (--input-format)")
    with pytest.raises(ValueError, match="E063|--input-format"):
        read("-", input_format="xml")


def test_hardening_repeated_id_is_an_error_for_the_second_record(tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(
        json.dumps({"id": "x-1", "text": TEXT}) + "\n" + json.dumps({"id": "x-1", "text": OTHER}) + "\n"
    )
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"id": "x-1", "text": OTHER + " Later."}) + "\n")
    items = read(first, second)
    assert codes(items) == ["ok", "E062", "E062"]
    assert isinstance(items[0], Document) and items[0].text == TEXT
    assert "line 1 repeats the id 'x-1' of" in getattr(items[2], "message", "")


def test_hardening_id_of_a_failed_record_is_free_again(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "x", "text": "   "}) + "\n" + json.dumps({"id": "x", "text": TEXT}) + "\n"
    )
    assert codes(read(path)) == ["E003", "ok"]


@pytest.mark.parametrize(
    "value", ["2021-02-30", "yesterday", "2021-03-04garbage", "2021-03-04T25:00", 20210304]
)
def test_hardening_bad_dates_are_noted_and_left_empty(tmp_path: Path, value: object) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": TEXT, "published": value}) + "\n")
    notes: list[str] = []
    [document] = read(path, on_note=notes.append)
    assert isinstance(document, Document) and document.published is None
    assert notes == list(document.notes) and notes[0].startswith("N003: ")


def test_hardening_iso_date_takes_dates_and_timestamps_only() -> None:
    assert iso_date("2021-03-04T10:00:00Z") == iso_date(" 2021-03-04 ") == "2021-03-04"
    assert iso_date("2021-02-29") is None and iso_date("\u0662\u0660\u0662\u0661-03-04") is None


def test_hardening_damaged_utf8_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("The caf\u00e9 stayed shut. " + TEXT).encode() + b"\xff" + OTHER.encode())
    [error] = read(path)
    assert isinstance(error, IngestError) and error.code == "E006"
    assert "the first at byte" in error.message


def test_hardening_unsure_charset_detection_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((OTHER + " The caf\u00e9 was shut.").encode("cp1252"))
    [document] = read(path)
    assert isinstance(document, Document) and document.notes[0].startswith("N005: ")
    assert "cp1252 (100% sure)" in document.notes[0]
    monkeypatch.setattr(files, "MIN_ENCODING_CONFIDENCE", 1.01)
    [error] = read(path)
    assert isinstance(error, IngestError) and error.code == "E006" and "sure" in error.message


def test_hardening_utf16_json_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes((json.dumps({"id": "w", "text": TEXT}) + "\n").encode("utf-16"))
    [document] = read(path)
    assert isinstance(document, Document) and (document.id, document.text) == ("w", TEXT)


def test_hardening_long_jsonl_line_is_refused_and_the_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "' + "x" * 5000 + '"}\n' + json.dumps({"text": TEXT}) + "\n")
    items = read(path, max_bytes=1000)
    assert codes(items) == ["E005", "ok"]
    assert "line 1" in getattr(items[0], "message", "")


def test_hardening_deeply_nested_html_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 50_000 + f"<p>{TEXT}</p>" + "</div>" * 50_000 + "</body></html>"
    )
    [document] = read(path)
    assert isinstance(document, Document) and document.text == TEXT
    assert document.notes[0].startswith("N002: ")


def test_hardening_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    os.symlink(folder, folder / "loop")
    os.symlink("self.txt", folder / "self.txt")
    notes: list[str] = []
    items = read(folder, on_note=notes.append)
    assert codes(items) == ["ok", "E014"]
    assert "Too many levels of symbolic links" in getattr(items[1], "message", "")
    assert [note[:6] for note in notes] == ["N006: "]
