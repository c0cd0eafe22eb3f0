"""Text renderers of the read models: what `newsgraph entity` and `newsgraph events` print.

Each takes a record (`ProfileJSON`, `EventGroupJSON`, `StatementJSON`) and returns text;
none reads the knowledge base, so the HTTP API and the HTML templates take the same
records these render. What they return is `terminal_safe`: article text cannot move the
cursor, recolour, retitle or hyperlink the terminal it is printed to.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..export.safe import terminal_safe
from .events import EventGroupJSON
from .kb import StatementJSON, source_name
from .profile import PUBLISHER, ProfileJSON


def describe(statement: StatementJSON) -> str:
    """One readable line for a statement (no provenance; callers add it)."""
    flags = "".join(
        f" [{flag}]"
        for flag, on in (("hedged", statement["hedged"]), ("negated", statement["negated"]))
        if on
    )
    time = statement["time"]
    when = f" @ {time['value'] or time['text']}" if time and (time["value"] or time["text"]) else ""
    if statement["kind"] == "event":
        label = statement["predicate"] + (f"/{statement['mode']}" if statement["mode"] else "")
        trigger = f" {statement['trigger']['text']!r}" if statement["trigger"] else ""
        args = ", ".join(f"{a['role']}={a['entity']['name']}" for a in statement["arguments"])
        return f"{label}{trigger}{' ' + args if args else ''}{when}{flags}"
    subject = statement["subject"]["name"] if statement["subject"] else "?"
    target = statement["object"]["name"] if statement["object"] else (statement["literal"] or "?")
    qualifiers = {k: v for k, v in statement["qualifiers"].items() if k != "time_candidates"}
    extra = " (" + ", ".join(f"{k}={v}" for k, v in sorted(qualifiers.items())) + ")" if qualifiers else ""
    negation = "NOT " if statement["negated"] else ""
    return f"{subject} {negation}{statement['predicate']} {target}{extra}{when}{flags}"


def event_line(group: EventGroupJSON) -> str:
    """One line per event group: date, type/mode, arguments, reports, claims, sources."""
    label = group["type"] + (f"/{group['mode']}" if group["mode"] else "")
    triggers = sorted({c["trigger"]["text"] for c in group["claims"] if c["trigger"]})
    args = "; ".join(
        f"{role}: {', '.join(ref['name'] for ref in refs)}" for role, refs in group["arguments"].items()
    )
    claims = len(group["claims"])
    flags = ""
    if group["negated"]:
        flags += f", {group['negated']} negated"
    if group["hedged"]:
        flags += f", {group['hedged']} hedged"
    counts = f"{group['reports']} report(s), {claims} claim(s){flags}"
    return (
        f"{group['date'] or '????-??-??':<10}  {label}"
        f"{' ' + '/'.join(repr(t) for t in triggers) if triggers else ''}"
        f"{'  ' + args if args else ''}  [{counts}; sources: {', '.join(group['sources'])}]"
    )


def event_block(group: EventGroupJSON) -> str:
    """The group's line; under it, for a group of several reports, its reports (R1, R2, ...) and
    where its claims disagree, each value with the reports that give it."""
    lines = [event_line(group)]
    if group["reports"] < 2 and not group["disagreements"]:
        return lines[0]
    labels = {r["document_id"]: f"R{i}" for i, r in enumerate(group["report_documents"], 1)}
    lines.append("    reports:")
    for report in group["report_documents"]:
        lines.append(
            f"      {labels[report['document_id']]:<3} {report['published'] or '----------'}"
            f"  {report['title'] or '(no title)'}  {report['source'] or ''}  {report['claims']} claim(s)"
            f"  {report['document_id']}"
        )
    if group["disagreements"]:
        lines.append("    disagreements:")
        for disagreement in group["disagreements"]:
            sides = "  <>  ".join(
                f"{side['value']} [{' '.join(labels.get(d, d) for d in side['documents'])}]"
                for side in disagreement["sides"]
            )
            lines.append(f"      {disagreement['field']}: {sides}")
    return "\n".join(lines)


def render_events(groups: Sequence[EventGroupJSON]) -> str:
    return terminal_safe("\n".join(event_block(group) for group in groups))


def render_profile(profile: ProfileJSON) -> str:
    """The profile as text; documents are referred to as D1, D2, ... (listed at the end)."""
    labels = {d["id"]: d["label"] for d in profile["documents"]}

    def where(statement: StatementJSON, *, speaker: bool = True) -> str:
        evidence = statement["evidence"]
        label = labels.get(statement["document_id"], statement["document_id"])
        parts = [f"{label} {evidence['start']}-{evidence['end']}"]
        if speaker:
            parts.append(f"said by {source_name(statement)}")
        return "[" + ", ".join(parts) + "]"

    documents_of = {m["document_id"] for m in profile["members"]}
    lines = [
        f"{profile['name']}",
        f"  {profile['type']}; id {profile['id']}; {len(profile['members'])} entit"
        f"{'y' if len(profile['members']) == 1 else 'ies'} in {len(documents_of)} document(s)",
    ]
    if profile.get("retired_ids"):
        lines.append("  formerly: " + ", ".join(profile["retired_ids"]))

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend(["", title, *body])

    width = max((len(n["name"]) for n in profile["names"]), default=0)
    section(
        "Names and aliases",
        [
            f"  {n['name']:<{width}}  {n['kind']:<14} "
            + ", ".join(
                sorted(
                    {
                        f"{labels.get(s['document_id'], s['document_id'])}"
                        + (f" (said by {s['source']})" if s["source"] != PUBLISHER else "")
                        for s in n["sources"]
                    }
                )
            )
            + (f"; {n['mentions']} mention(s)" if n["mentions"] else "")
            for n in profile["names"]
        ],
    )
    section("Roles and posts", [f"  {_post(s)}  {where(s)}" for s in profile["posts"]])
    section("Posts held by others", [f"  {describe(s)}  {where(s)}" for s in profile["holders"]])
    section("Other facts", [f"  {describe(s)}  {where(s)}" for s in profile["facts"]])
    section("Facts about others that name it", [f"  {describe(s)}  {where(s)}" for s in profile["related"]])
    conflict_lines: list[str] = []
    for conflict in profile["conflicts"]:
        sides = "  <>  ".join(
            f"{side['value']} " + " ".join(where(c) for c in side["claims"]) for side in conflict["sides"]
        )
        conflict_lines.append(f"  {conflict['predicate']}: {sides}")
    section("Conflicting claims", conflict_lines)
    section(
        "Timeline",
        [
            f"  {event_line(g)}  " + " ".join(sorted({labels.get(d, d) for d in g["documents"]}))
            for g in profile["timeline"]
        ],
    )
    source_lines: list[str] = []
    for group in profile["claims_by_source"]:
        source_lines.append(f"  {group['source']} ({len(group['claims'])})")
        source_lines += [f"    {describe(s)}  {where(s, speaker=False)}" for s in group["claims"]]
    section("Claims by source", source_lines)
    section(
        "Documents",
        [
            f"  {d['label']:<4} {d['published'] or '----------'}  {d['title'] or '(no title)'}"
            f"  {d['source'] or ''}  {d['id']}".rstrip()
            for d in profile["documents"]
        ],
    )
    return terminal_safe("\n".join(lines))


def _post(statement: StatementJSON) -> str:
    """A post as a line: predicate, title, what it is of, and its dates."""
    qualifiers = statement["qualifiers"]
    target = statement["object"]["name"] if statement["object"] else (statement["literal"] or "")
    title = qualifiers.get("title")
    label = (
        f"{title} of {target}"
        if title and statement["object"]
        else (f"{title}: {target}" if title else target)
    )
    dates = [
        f"from {qualifiers['start']}" if qualifiers.get("start") else "",
        f"until {qualifiers['end']}" if qualifiers.get("end") else "",
    ]
    time = statement["time"]
    if time and (time["value"] or time["text"]):
        dates.append(f"{time['relation'] or 'on'} {time['value'] or time['text']}")
    flags = [flag for flag, on in (("hedged", statement["hedged"]), ("NOT", statement["negated"])) if on]
    extra = " ".join(d for d in dates if d)
    marks_ = "  [" + ", ".join(flags) + "]" if flags else ""
    return f"{statement['predicate']:<15} {label}{'  ' + extra if extra else ''}{marks_}"
