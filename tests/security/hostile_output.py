"""A knowledge base whose stored text is hostile to every output: spreadsheet formulas, HTML and
scripts, XML-forbidden characters, terminal escape sequences and rich markup.

Invented reports go through the real extractor; then, as a hostile input or a careless
extractor could, the title, source, entity names, literal values and the text itself are
given payloads before the real store writes them, and real resolution runs. Every export
and every command's text output over this base must carry the payloads as inert text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsgraph.document import IngestError
from newsgraph.pipeline import extract_text
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect
from newsgraph.store.write import content_hash, record_errors, store_result

FORMULAS = (
    '=HYPERLINK("http://evil.example/x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
# Terminal escape sequences: colour (CSI), window title (OSC 0), hyperlink (OSC 8), clear screen
# (C1 CSI), cursor up, bell and backspace.
ANSI = "\x1b[31;1mred\x1b[0m"
TITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\"
ESCAPES = (ANSI, TITLE, LINK, "\x9b2J", "\x1b[2A", "\x07", "\x08\x08")
NOT_XML = "\x01\x0b\x1f\ufffe"
MARKUP = "[bold red]loud[/]"
EMOJI = ":skull:"
HOSTILE = f"{ANSI}{TITLE}{LINK}\x9b2J\x1b[2A\x07\x08{NOT_XML} {MARKUP} {EMOJI}"
TEXTS = (
    (
        "hostile:2032/one",
        "2032-01-14",
        "Police detained Vasko Dremel, a member of the Tarn Liberation Front, in Marrowgate on Friday, "
        "the regional police chief Ilse Varga said.\n\nDremel was born in Ostrava Kell in 1988.",
    ),
    (
        "hostile:2032/two",
        "2032-01-16",
        "Vasko Dremel, a commander of the Tarn Liberation Front, was arrested in Marrowgate, "
        "according to Ilse Varga, the regional police chief.",
    ),
)
TAIL = f"\n\nMarrowgate {HOSTILE} Marrowgate {SCRIPT} Marrowgate."  # searched for: in snippets


def title(number: int) -> str:
    return f"{FORMULAS[number % len(FORMULAS)]} Report {number} {SCRIPT} {HOSTILE}"


def source(number: int) -> str:
    return f"{FORMULAS[(number + 3) % len(FORMULAS)]} {IMG}"


def _poison(result: Any, number: int) -> Any:
    document = result["document"]
    document["title"] = title(number)
    document["source"] = source(number)
    for index, entity in enumerate(result["entities"]):
        entity["name"] = f"{FORMULAS[index % len(FORMULAS)]}{entity['name']} {SCRIPT} {HOSTILE}"
        entity["aliases"] = [*entity.get("aliases", []), {"name": f"@{entity['name']}", "kind": "nickname"}]
    for fact in result["facts"]:
        if isinstance(fact.get("object"), dict) and "value" in fact["object"]:
            fact["object"]["value"] = f"={fact['object']['value']} {IMG} {HOSTILE}"
        fact["evidence"]["text"] = f"-{fact['evidence']['text']} {HOSTILE}"
    for event in result["events"]:
        event["evidence"]["text"] = f"+{event['evidence']['text']} {HOSTILE}"
    return result


def build_hostile_kb(path: Path, nlp: Any) -> Path:
    """The hostile base at `path`, resolved, with one recorded error naming a hostile path."""
    conn = connect(path)
    for number, (ident, published, text) in enumerate(TEXTS, start=1):
        result = extract_text(text, published=published, nlp=nlp)
        result["document"]["id"] = ident
        full = text + TAIL
        assert store_result(conn, _poison(result, number), text=full, content_hash=content_hash(full))
    record_errors(
        conn, [IngestError(source=f"=reports/{ANSI}{TITLE}.txt", message=f"E002: {HOSTILE}", code="E002")]
    )
    conn.commit()
    resolve_store(conn)
    conn.close()
    return path
