"""What each output needs so that text read from reports is data, never markup or commands.

- CSV: a cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula
  to a spreadsheet; it is written with a single quote before it (OWASP's CSV injection advice),
  so "=HYPERLINK(...)" is shown, not run. The csv module quotes the rest.
- XML (GEXF): ElementTree escapes ``& < > "``, but writes the characters XML 1.0 forbids (most
  C0 controls, lone surrogates, U+FFFE/U+FFFF) as they are, which makes the file unreadable;
  they are removed from every label and attribute (`gexf.xml_safe_graph`).
- JSON: always valid; ``<``, ``>``, ``&``, U+2028/U+2029, DEL and C1 controls are written as ``\\u``
  escapes (json.dumps escapes the C0 ones), so a line holds no raw ``<script>`` however it is later
  embedded, nor a control a terminal would act on, and reads back the same.
- Terminals: ANSI escape sequences (CSI, OSC, ...) and C0/C1 controls but newline and tab are
  removed from what the commands print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029\x7f-\x9f]")  # json.dumps leaves these raw

# ANSI escape sequences: CSI (ESC [ or C1 0x9b, parameters, final byte); OSC, DCS, SOS, PM and APC
# strings (ESC ] P X ^ _ or their C1 forms, up to BEL or ST, never past the line); the other ESC
# sequences; then every C0/C1 control but newline and tab, and DEL.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def csv_cell(value: object) -> object:
    """`value`, with a single quote before a text that a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in row]


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", value)


def json_text(record: Any, *, sort_keys: bool = False, indent: int | None = None) -> str:
    """`record` as JSON (UTF-8 text) with ``< > &``, U+2028/U+2029, DEL and the C1 controls written as
    ``\\u`` escapes: the same value once parsed, but nothing a browser or terminal acts on."""
    text = json.dumps(record, ensure_ascii=False, sort_keys=sort_keys, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_line(record: Any, *, sort_keys: bool = False) -> str:
    """`record` as one line of `json_text` (no trailing newline)."""
    return json_text(record, sort_keys=sort_keys)


def terminal_safe(text: str) -> str:
    """`text` without terminal escape sequences and control characters, but newline and tab: what a
    report says is shown, never acted on by the terminal (colours, cursor, title, hyperlinks)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
