"""The visible text of a page, for pages whose main text trafilatura cannot find.

Read with the standard library's streaming HTML tokenizer, not into a tree: no depth
limit (libxml2 stops at 256 or 2,048 nested elements and drops what lies deeper), no
recursion, and any malformed markup reads as far as it goes. Text inside script,
style, noscript, template and head is never shown by a browser and is left out;
each block element (paragraphs, divisions, headings, list items, cells, breaks)
starts a line.
"""

from __future__ import annotations

import html.parser

HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))
_SECTION_TAGS = frozenset({"article", "section", "header", "footer", "blockquote", "pre", "title"})
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "td", "th"}) | _SECTION_TAGS | _HEADING_TAGS
_BODY_TAGS = frozenset({"body"}) | BLOCK_TAGS - {"title"}  # a head left open ends where these begin


class _VisibleText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: dict[str, int] = {}  # open hidden elements by tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BODY_TAGS:
            self.hidden.pop("head", None)
        if tag in HIDDEN_TAGS:
            self.hidden[tag] = self.hidden.get(tag, 0) + 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:  # <br/>; a self-closed <script/> hides nothing
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            if self.hidden.get(tag, 0) > 1:
                self.hidden[tag] -= 1
            else:
                self.hidden.pop(tag, None)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![CDATA[...]]>`` and kin; one with an unknown keyword (``<![xyz[``) is skipped, not fatal."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # the standard library's parser asserts on unknown keywords
            end = self.rawdata.find("]]>", i + 3)
            return -1 if end < 0 else end + 3


def html_plain_text(html: str) -> str:
    """All visible text of a page or fragment, one line per block, for pages without main text."""
    parser = _VisibleText()
    parser.feed(html)  # not close(): an unfinished tag or comment at the end is no text
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
