"""A corpus of hostile inputs, generated (nothing big is committed): ``make_corpus.py OUT_DIR``.

Each `Case` is one kind of input with what newsgraph must make of it: ``stored`` (a
document whose source is `source` is stored, perhaps with a note) or the numbered error
its messages carry. Inputs in ``OUT_DIR/folder`` are read as one folder; the rest are
named on the command line one by one (`Corpus.arguments`). The names and places are
invented. Run as a script, it writes the corpus and prints the table of kinds.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ENGLISH = (
    "Vasko Dremel, the mayor of Ostrava Kell, resigned on Tuesday after a long dispute with the "
    "council over the budget, officials said."
)
OTHER = "Police said two men were arrested on Friday in Tarn after the robbery at the Kell savings bank."
THIRD = "The Tarn Liberation Front said on Monday that it had freed three hostages near the border."
ARABIC = "استقال رئيس بلدية المدينة الشمالية يوم الثلاثاء بعد خلاف طويل مع المجلس حول الميزانية."
CHINESE = "北部城镇的市长周二在与议会就预算问题进行长时间争论后辞职，官员们说。"
BIG_BYTES = 30_000_000  # over the default --max-bytes of 5,000,000
LONG_LINE = 2_000_000  # characters: over spaCy's limit of 1,000,000
NESTING = 50_000
BOMB_BYTES = 200_000_000  # what the bomb expands to: over the inflate limit of 64 MB


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: `kind` (for the table), the file, and what must come of it."""

    kind: str
    name: str  # the path under the corpus directory
    expect: str  # "stored", or the numbered errors ("E005", "E009 E062") its messages carry
    source: str | None = None  # the stored document's source when it is not the path
    note: str | None = None  # a numbered note ("N005") that must be printed for it
    also_stored: tuple[str, ...] = ()  # sources of documents before the damage that must be kept
    stored_ids: tuple[str, ...] = ()  # ids of the good records of a JSON Lines file


@dataclass(slots=True)
class Corpus:
    root: Path
    cases: list[Case] = field(default_factory=list)

    def add(self, case: Case, data: bytes | str | None = None) -> Path:
        path = self.root / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        elif data is not None:
            path.write_bytes(data)
        self.cases.append(case)
        return path

    def arguments(self) -> list[str]:
        """What to name on the command line: the folder, then each input outside it."""
        outside = sorted({str(self.root / c.name) for c in self.cases if not c.name.startswith("folder/")})
        return [str(self.root / "folder"), *outside]

    def path(self, case: Case) -> str:
        return str(self.root / case.name)


def _unique(text: str, tag: str) -> str:
    """`text` made a document of its own (the store keeps one document per text)."""
    return f"{text} The report was filed as {tag}."


def _html(title: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"


def _warc(records: list[tuple[str, bytes]], *, compress: bool) -> bytes:
    """An archive of HTML responses, (uri, html) each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, body in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return out.getvalue()


def _bomb() -> bytes:
    """A .warc.gz of one text record of zeros that expands a thousandfold."""
    header = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://bomb.example.org/a.txt\r\n"
        b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % BOMB_BYTES
    )
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(header)]
    block = b"\0" * 1_000_000
    parts += [compressor.compress(block) for _ in range(BOMB_BYTES // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


def make_corpus(root: Path) -> Corpus:
    """Write every hostile input under `root` and return the cases."""
    corpus = Corpus(root)
    add = corpus.add
    rng = random.Random(12)

    # Files in a folder, with links in a loop
    add(Case("plain English text", "folder/good.txt", "stored"), ENGLISH + "\n")
    add(Case("empty file", "folder/empty.txt", "E002"), b"")
    add(Case("whitespace only", "folder/blank.txt", "E003"), " \n\t\u00a0\n\u2003\n")
    add(Case("binary (PNG bytes)", "folder/image.txt", "E004"), b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000))
    add(Case("NUL bytes in text", "folder/nul.txt", "E004"), ENGLISH.encode().replace(b" ", b"\x00"))
    add(Case("control characters", "folder/control.txt", "E004"), bytes(range(1, 9)) * 40 + ENGLISH.encode())
    big = add(Case("30 MB file (sparse)", "folder/big.txt", "E005"))
    with big.open("wb") as handle:
        handle.truncate(BIG_BYTES)
    stray = (ENGLISH + " The caf\u00e9 stayed shut. ").encode() * 3 + b"\xff\xfe" + OTHER.encode()
    add(Case("invalid UTF-8 (stray bytes in UTF-8)", "folder/stray.txt", "E006"), stray)
    legacy = (OTHER + " The caf\u00e9 owner\u2019s \u201cna\u00efve\u201d plan failed.").encode("cp1252")
    add(Case("legacy encoding (Windows-1252)", "folder/legacy.txt", "stored", note="N005"), legacy)
    add(
        Case("UTF-16 with BOM", "folder/wide.txt", "stored", note="N001"),
        _unique(THIRD, "wide").encode("utf-16"),
    )
    add(Case("Arabic text", "folder/arabic.txt", "E008"), ARABIC + "\n")
    add(Case("Chinese text", "folder/chinese.txt", "E008"), CHINESE + "\n")
    mixed = (
        "The envoy \u200f\u202bعمر الحداد\u202c\u200f met Vasko Dremel in Ostrava Kell on Monday, \u200e"
        "\u2067سارة\u2069 said, and the talks on the border went on for three hours."
    )
    add(Case("mixed RTL with directional marks", "folder/mixed-rtl.txt", "stored"), mixed + "\n")
    spaced = ENGLISH + " " * LONG_LINE + OTHER + "\n"
    add(Case("2M-character line (text)", "folder/long-line.txt", "stored"), spaced)
    scripted = _html(
        "&lt;script&gt;alert(1)&lt;/script&gt; Dremel resigns",
        '<script>alert("x")</script><article><p><a href="javascript:alert(1)">Vasko Dremel'
        "<img src=x onerror=alert(1)></a>, the mayor of Ostrava Kell, resigned on Tuesday after a long "
        "dispute with the council over the budget, officials said.</p><p>The council will choose an "
        "interim mayor at its meeting next week, a spokesman said.</p></article>",
    )
    add(Case("<script> and javascript: in title and names", "folder/script.html", "stored"), scripted)
    deep = "<div>" * NESTING + f"<p>{_unique(OTHER, 'nested')}</p>" + "</div>" * NESTING
    add(Case("50k nested tags", "folder/nested.html", "stored", note="N002"), _html("Deep", deep))
    add(
        Case("malformed HTML", "folder/malformed.html", "stored"),
        f"<body><span>{_unique(THIRD, 'malformed')}</span></div></td><tr><b><i>",
    )
    add(
        Case("HTML without text", "folder/shell.html", "E007"),
        "<html><head><script>var x = 1;</script></head><body><<<>>></div>",
    )
    (root / "folder" / ".hidden.txt").write_text(ENGLISH)  # skipped: hidden
    os.symlink(root / "folder", root / "folder" / "loop")  # a folder link in a loop: not followed
    os.symlink("self.txt", root / "folder" / "self.txt")  # a file link to itself
    corpus.cases.append(Case("symlink loop (a link to its folder)", "folder/loop", "N006"))
    corpus.cases.append(Case("symlink loop (a link to itself)", "folder/self.txt", "E014"))
    os.symlink(root / "nowhere.txt", root / "folder" / "dangling.txt")
    corpus.cases.append(Case("dangling symlink", "folder/dangling.txt", "E014"))

    # JSON Lines
    lines = [
        json.dumps({"id": "j-1", "text": _unique(ENGLISH, "j-1"), "published": "2021-02-30"}),
        json.dumps({"id": "j-2", "text": _unique(OTHER, "j-2"), "published": "yesterday"}),
        json.dumps({"id": "j-1", "text": THIRD}),
        '{"id": "j-4", "text": "unclosed',
        json.dumps([ENGLISH]),
        json.dumps({"id": "j-6", "body": ENGLISH}),
        '{"text": "' + "x" * LONG_LINE,  # a 2M-character line that is not JSON
        "[" * 100_000 + "]" * 100_000,
    ]
    batch = Case(
        "JSONL: invalid dates, repeated id, broken lines, 2M-character line, deep nesting",
        "batch.jsonl",
        "E062 E009 E015 E010",
        note="N003",
        stored_ids=("j-1", "j-2"),
    )
    add(batch, "\n".join(lines) + "\n")
    wide = (json.dumps({"id": "w-1", "text": THIRD + " More."}) + "\n").encode("utf-16")
    add(Case("JSONL in UTF-16 with BOM", "wide.jsonl", "stored", stored_ids=("w-1",)), wide)
    add(Case("JSONL of binary", "binary.jsonl", "E004"), b"\x00\x01\x02\n" * 50)

    # Web archives
    def pages(name: str) -> list[tuple[str, bytes]]:
        return [
            (
                f"https://news.example.org/{name}/{n}",
                _html(f"Report {n}", f"<article><p>{_unique(text, f'{name} {n}')}</p></article>").encode(),
            )
            for n, text in enumerate((ENGLISH, OTHER, THIRD, ENGLISH + " " + OTHER))
        ]

    gz_pages, plain_pages, bad_pages = pages("gz"), pages("plain"), pages("bad")
    whole = _warc(gz_pages, compress=True)
    add(
        Case("truncated .warc.gz (cut at 60%)", "cut.warc.gz", "E060", also_stored=(gz_pages[0][0],)),
        whole[: len(whole) * 6 // 10],
    )
    add(Case("truncated .warc.gz (cut at 100 bytes)", "cut100.warc.gz", "E060"), whole[:100])
    plain = _warc(plain_pages, compress=False)
    add(
        Case("truncated .warc", "cut.warc", "E060", also_stored=(plain_pages[0][0],)),
        plain[: len(plain) * 6 // 10],
    )
    damaged = _warc(bad_pages, compress=True)
    corrupt = bytearray(damaged)
    corrupt[len(damaged) // 2 : len(damaged) // 2 + 40] = b"\xaa" * 40
    add(Case("corrupt .warc.gz (damaged bytes)", "corrupt.warc.gz", "E060"), bytes(corrupt))
    add(Case("gzip bomb .warc.gz", "bomb.warc.gz", "E061"), _bomb())
    add(Case("not a web archive", "fake.warc", "E017"), "this is no archive\n")
    add(Case("gzip inside gzip", "nested.warc.gz", "E017"), gzip.compress(gzip.compress(plain)))

    # Named on the command line
    add(Case("unsupported suffix", "report.pdf", "E013"), b"%PDF-1.7\n")
    corpus.cases.append(Case("missing path", "missing.txt", "E011"))
    return corpus


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_corpus.py OUT_DIR", file=sys.stderr)
        return 2
    corpus = make_corpus(Path(argv[1]))
    for case in corpus.cases:
        print(f"{case.kind:<50} {case.name:<28} {case.expect} {case.note or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
