"""Reading inputs: each kind of input and each kind of bad input, built by hand in tmp_path."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from newsgraph.document import Document, IngestError, content_id
from newsgraph.ingest import DEFAULT_MAX_BYTES, iter_documents

ENGLISH = (
    "The mayor of the northern town resigned on Tuesday after a long dispute with the council "
    "over the budget, officials said. She will return to her law practice."
)
OTHER_ENGLISH = "Police said two men were arrested on Friday in connection with the robbery at the bank."
FRENCH = (
    "Le gouvernement a annoncé mardi une série de mesures pour soutenir les entreprises touchées "
    "par la crise. Selon le ministre, ces aides seront versées dans les prochaines semaines."
)
ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<title>Mayor resigns after budget row - The Valley Courier</title>
<meta property="og:title" content="Mayor resigns after budget row">
<meta property="og:site_name" content="The Valley Courier">
<meta property="og:url" content="https://news.example.org/2021/03/mayor-resigns">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Mayor resigns after budget row</h1>
<p>The mayor of the northern town resigned on Tuesday after a long dispute with the council
over the budget, officials said.</p>
<p>She said that she would return to her law practice in the city and that she had no plans
to stand again. The council will choose an interim mayor at its meeting next week.</p>
</article>
<footer>Copyright 2021</footer>
</body></html>
"""


def read(
    *inputs: str | Path, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Document | IngestError]:
    return list(iter_documents([str(i) for i in inputs], published=published, max_bytes=max_bytes))


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def only_error(items: list[Document | IngestError]) -> IngestError:
    assert len(items) == 1
    assert isinstance(items[0], IngestError), items[0]
    return items[0]


def only_document(items: list[Document | IngestError]) -> Document:
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def test_files_text_file_becomes_document(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ENGLISH + "\r\n")
    document = only_document(read(path, published="2021-03-02"))
    assert document.text == ENGLISH + "\n"
    assert document.id == content_id(ENGLISH + "\n")
    assert document.source == str(path)
    assert document.published == "2021-03-02"
    assert document.notes == ()


def test_files_empty_file_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "empty.txt", b"")))
    assert error.code == "E002"
    assert "empty.txt" in error.message and "empty" in error.message


def test_files_whitespace_only_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "blank.txt", " \n\t\u00a0\n")))
    assert error.code == "E003"
    assert error.source == str(tmp_path / "blank.txt")


def test_files_nul_bytes_are_binary(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")))
    assert error.code == "E004"
    assert "NUL" in error.message


def test_files_many_control_characters_are_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 20 + ENGLISH.encode()
    error = only_error(read(write(tmp_path / "dump.txt", data)))
    assert error.code == "E004"
    assert "control characters" in error.message


def test_files_over_max_bytes_is_error_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "big.txt", ENGLISH * 10)

    def no_read(self: Path) -> bytes:
        raise AssertionError("the size must be checked before reading")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    error = only_error(read(path, max_bytes=100))
    assert error.code == "E005"
    assert str(len(ENGLISH * 10)) in error.message and "--max-bytes" in error.message


def test_files_default_max_bytes_is_five_million() -> None:
    assert DEFAULT_MAX_BYTES == 5_000_000


def test_files_windows_1252_is_decoded_with_a_note(tmp_path: Path) -> None:
    text = "The caf\u00e9 owner said the mayor\u2019s na\u00efve plan would be put to a vote in the spring."
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))
    document = only_document(read(path))
    assert document.text == text
    assert len(document.notes) == 1
    assert "cp1252" in document.notes[0] and "legacy.txt" in document.notes[0]


def test_files_windows_1252_is_named_when_several_encodings_fit(tmp_path: Path) -> None:
    text = OTHER_ENGLISH + " The caf\u00e9 stayed shut."
    document = only_document(read(write(tmp_path / "legacy.txt", text.encode("cp1252"))))
    assert document.text == text
    assert "cp1252" in document.notes[0]


def test_files_utf16_with_bom_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", ENGLISH.encode("utf-16"))
    document = only_document(read(path))
    assert document.text == ENGLISH
    assert "utf-16" in document.notes[0]


def test_files_utf8_bom_is_dropped_without_note(tmp_path: Path) -> None:
    document = only_document(read(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())))
    assert document.text == ENGLISH
    assert document.notes == ()


def test_files_undecodable_bytes_are_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "noise.txt", bytes(range(0x80, 0x100)) * 4)))
    assert error.code == "E006"
    assert "UTF-8" in error.message


def test_files_html_title_date_site_and_url(tmp_path: Path) -> None:
    document = only_document(read(write(tmp_path / "page.html", ARTICLE_HTML)))
    assert document.title == "Mayor resigns after budget row"
    assert document.published == "2021-03-04"
    assert document.site_name == "The Valley Courier"
    assert document.source == "https://news.example.org/2021/03/mayor-resigns"
    assert "resigned on Tuesday" in document.text
    assert "Sport" not in document.text and "Copyright" not in document.text


def test_files_html_published_option_wins_over_page_date(tmp_path: Path) -> None:
    document = only_document(read(write(tmp_path / "page.htm", ARTICLE_HTML), published="2021-03-05"))
    assert document.published == "2021-03-05"


def test_files_html_without_url_keeps_path_as_source(tmp_path: Path) -> None:
    html = ARTICLE_HTML.replace(
        '<meta property="og:url" content="https://news.example.org/2021/03/mayor-resigns">', ""
    )
    path = write(tmp_path / "page.html", html)
    assert only_document(read(path)).source == str(path)


def test_files_html_date_is_not_guessed_from_text(tmp_path: Path) -> None:
    html = f"<html><body><article><p>{ENGLISH} The vote was held on 12 May 2019.</p></article></body></html>"
    assert only_document(read(write(tmp_path / "undated.html", html))).published is None


def test_files_malformed_html_falls_back_to_plain_text(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.html", f"<body><span>{OTHER_ENGLISH}</span></div></td><b")
    document = only_document(read(path))
    assert document.text == OTHER_ENGLISH
    assert any("plain text" in note for note in document.notes)


def test_files_html_without_text_is_error(tmp_path: Path) -> None:
    path = write(tmp_path / "shell.html", "<html><head><script>var x = 1;</script></head><body><<<>>></div>")
    error = only_error(read(path))
    assert error.code == "E007"
    assert "shell.html" in error.message


def test_files_non_english_text_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "fr.txt", FRENCH)))
    assert error.code == "E008"
    assert "French" in error.message


def test_files_non_english_html_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "fr.html", f"<html><body><article><p>{FRENCH}</p></article>")))
    assert error.code == "E008"


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_files_jsonl_keeps_id_order_and_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.jsonl",
        jsonl(
            {
                "id": "b-2",
                "text": ENGLISH,
                "published": "2021-03-04",
                "title": "Mayor",
                "source": "https://x.test/1",
            },
            "",
            {"id": "a-1", "text": OTHER_ENGLISH},
            {"text": ENGLISH + " More."},
        ),
    )
    items = read(path)
    assert all(isinstance(i, Document) for i in items)
    documents = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in documents] == ["b-2", "a-1", content_id(ENGLISH + " More.")]
    assert (documents[0].title, documents[0].published, documents[0].source) == (
        "Mayor",
        "2021-03-04",
        "https://x.test/1",
    )
    assert documents[1].source == str(path)


def test_files_jsonl_published_option_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", jsonl({"text": ENGLISH, "published": "2021-03-04"}))
    assert only_document(read(path, published="2020-01-01")).published == "2020-01-01"


def test_files_jsonl_bad_date_is_left_empty_with_a_note(tmp_path: Path) -> None:
    document = only_document(
        read(write(tmp_path / "b.jsonl", jsonl({"text": ENGLISH, "published": "Tuesday"})))
    )
    assert document.published is None
    assert "Tuesday" in document.notes[0]


def test_files_jsonl_invalid_line_is_error_and_file_goes_on(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.jsonl",
        jsonl({"id": "1", "text": ENGLISH}, '{"text": "unclosed', {"id": "3", "text": ENGLISH}),
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document"]
    error = items[1]
    assert isinstance(error, IngestError)
    assert error.code == "E009"
    assert "line 2" in error.message and error.source == str(path)


def test_files_jsonl_line_without_text_is_error(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", jsonl({"id": "1", "body": ENGLISH}, {"id": "2", "text": 42}))
    items = read(path)
    assert [i.code for i in items if isinstance(i, IngestError)] == ["E010", "E010"]
    assert "line 2" in getattr(items[1], "message", "")


def test_files_jsonl_line_not_an_object_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "b.jsonl", jsonl([ENGLISH]))))
    assert error.code == "E015"
    assert "array" in error.message


def test_files_jsonl_record_checks_apply_per_line(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", jsonl({"text": "   "}, {"text": FRENCH}, {"text": ENGLISH}))
    items = read(path)
    assert [getattr(i, "code", "ok") for i in items] == ["E003", "E008", "ok"]
    assert "line 1" in getattr(items[0], "message", "")


def test_files_binary_jsonl_is_one_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "b.jsonl", b"\x00\x01\x02\n" * 50)))
    assert error.code == "E004"


def test_files_missing_path_is_error(tmp_path: Path) -> None:
    error = only_error(read(tmp_path / "nowhere.txt"))
    assert error.code == "E011"
    assert "nowhere.txt" in error.message


def test_files_unsupported_suffix_is_error(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "report.pdf", ENGLISH)))
    assert error.code == "E013"
    assert "'.pdf'" in error.message


def test_files_directory_is_read_recursively_sorted_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.txt", OTHER_ENGLISH)
    write(root / "a" / "z.html", ARTICLE_HTML)
    write(root / "a" / "y.jsonl", jsonl({"id": "j1", "text": ENGLISH}))
    write(root / "notes.md", ENGLISH)
    write(root / "c.PDF", b"%PDF-1.7\x00")
    write(root / ".cache" / "d.txt", ENGLISH)
    items = read(root)
    assert all(isinstance(i, Document) for i in items)
    sources = [i.id if isinstance(i, Document) and i.id == "j1" else i.source for i in items]
    assert sources == ["j1", "https://news.example.org/2021/03/mayor-resigns", str(root / "b.txt")]


def test_files_directory_without_supported_files_is_error(tmp_path: Path) -> None:
    write(tmp_path / "in" / "notes.md", ENGLISH)
    assert only_error(read(tmp_path / "in")).code == "E016"


def test_files_jsonl_of_blank_lines_is_whitespace_error(tmp_path: Path) -> None:
    assert only_error(read(write(tmp_path / "b.jsonl", "\n  \n\n"))).code == "E003"


def test_files_bad_files_never_stop_the_batch(tmp_path: Path) -> None:
    good_a = write(tmp_path / "a.txt", ENGLISH)
    empty = write(tmp_path / "b.txt", "")
    good_c = write(tmp_path / "c.txt", OTHER_ENGLISH)
    items = read(good_a, tmp_path / "missing.txt", empty, good_c)
    assert [getattr(i, "code", i.source) for i in items] == [str(good_a), "E011", "E002", str(good_c)]


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_files_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, ENGLISH.encode())
    document = only_document(read("-", published="2021-01-02"))
    assert document.text == ENGLISH
    assert document.source is None
    assert document.published == "2021-01-02"


def test_files_stdin_html_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, ARTICLE_HTML.encode())
    document = only_document(read("-"))
    assert document.title == "Mayor resigns after budget row"
    assert "<p>" not in document.text


def test_files_stdin_text_mentioning_tags_stays_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = OTHER_ENGLISH + " The note said <b>closed</b>."
    feed_stdin(monkeypatch, text.encode())
    assert only_document(read("-")).text == text


def test_files_stdin_empty_is_error(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, b"")
    error = only_error(read("-"))
    assert (error.code, error.source) == ("E002", "<stdin>")


def test_files_stdin_over_max_bytes_is_error(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, ENGLISH.encode())
    assert only_error(read("-", max_bytes=10)).code == "E005"
