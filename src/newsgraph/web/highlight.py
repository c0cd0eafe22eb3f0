"""A document's text cut into segments for the document page, each mention and statement marked.

The text is never turned into HTML here: each segment carries its plain text and what
covers it (the mention's entity, the ids of the statements whose evidence covers it),
and the template escapes the text. A statement's first segment carries its anchor, so
``/documents/{id}#s-{statement}`` lands on its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..explore.document import MentionJSON
from ..explore.kb import StatementJSON, source_name


@dataclass(slots=True)
class Segment:
    text: str
    start: int
    mention: MentionJSON | None = None
    statements: list[str] = field(default_factory=list)  # ids of the statements whose evidence covers it
    anchors: list[str] = field(default_factory=list)  # ids of the statements whose evidence starts here
    title: str = ""  # what a hover shows: the statements, one a line


def describe(statement: StatementJSON) -> str:
    """One line for a statement: who, what, whom or what value, when; who says so; hedged, denied."""
    subject = statement["subject"]
    target = statement["object"]
    parts = [subject["name"] if subject else "", statement["predicate"]]
    if statement["mode"]:
        parts[-1] += f"/{statement['mode']}"
    if target is not None:
        parts.append(target["name"])
    elif statement["literal"]:
        parts.append(statement["literal"])
    roles = [f"{a['role']}: {a['entity']['name']}" for a in statement["arguments"]]
    if roles:
        parts.append("(" + ", ".join(roles) + ")")
    time = statement["time"]
    if time and (time["value"] or time["text"]):
        parts.append(f"[{time['value'] or time['text']}]")
    line = " ".join(p for p in parts if p)
    flags = [flag for flag, on in (("hedged", statement["hedged"]), ("denied", statement["negated"])) if on]
    return f"{line} (source: {source_name(statement)}{', ' if flags else ''}{', '.join(flags)})"


def segments(
    text: str, mentions: Sequence[MentionJSON], statements: Sequence[StatementJSON]
) -> list[Segment]:
    """The text cut at every mention and evidence boundary; offsets outside the text are clipped."""
    size = len(text)

    def clip(value: int) -> int:
        return max(0, min(size, value))

    cuts = {0, size}
    spans: list[tuple[int, int, StatementJSON]] = []
    for statement in statements:
        start, end = clip(statement["evidence"]["start"]), clip(statement["evidence"]["end"])
        if start < end:
            spans.append((start, end, statement))
            cuts |= {start, end}
    marks: list[tuple[int, int, MentionJSON]] = []
    for mention in mentions:
        start, end = clip(mention["start"]), clip(mention["end"])
        if start < end:
            marks.append((start, end, mention))
            cuts |= {start, end}
    points = sorted(cuts)
    out: list[Segment] = []
    for start, end in zip(points, points[1:], strict=False):
        covering = [s for a, b, s in spans if a <= start and end <= b]
        # The innermost mention (the shortest) that covers the piece.
        inside = [(b - a, m) for a, b, m in marks if a <= start and end <= b]
        inner = min(inside, key=lambda item: item[0])[1] if inside else None
        out.append(
            Segment(
                text=text[start:end],
                start=start,
                mention=inner,
                statements=[s["id"] for s in covering],
                anchors=[s["id"] for a, _b, s in spans if a == start],
                title="\n".join(describe(s) for s in covering),
            )
        )
    return out
