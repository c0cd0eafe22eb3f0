"""A readable summary of one extraction, for people."""

from __future__ import annotations

from .schema import EntityJSON, ExtractionJSON


def render_text(result: ExtractionJSON) -> str:
    doc = result["document"]
    names = {e["id"]: e["name"] for e in result["entities"]}
    lines = [f"Document {doc['id']}" + (f"  published {doc['published']}" if doc["published"] else "")]
    if doc["title"]:
        lines.append(f"Title: {doc['title']}")
    for kind, label in (("PERSON", "People"), ("ORG", "Organisations"), ("PLACE", "Places")):
        ents = [e for e in result["entities"] if e["type"] == kind]
        if ents:
            lines.append(f"\n{label} ({len(ents)}):")
            lines.extend(_entity_line(e) for e in ents)
    if result["facts"]:
        lines.append(f"\nFacts ({len(result['facts'])}):")
        for f in result["facts"]:
            obj = f["object"]
            target = obj["value"] if isinstance(obj, dict) else names.get(obj, obj)
            said = f"  [said by {names.get(f['source'] or '', '')}]" if f["source"] else ""
            neg = "NOT " if f["negated"] else ""
            lines.append(f"  {names.get(f['subject'], f['subject'])} {neg}{f['predicate']} {target}{said}")
    if result["events"]:
        lines.append(f"\nEvents ({len(result['events'])}):")
        for v in result["events"]:
            args = ", ".join(f"{a['role']}={names.get(a['entity'], a['entity'])}" for a in v["arguments"])
            when = f" @ {v['time']['value']}" if v["time"] and v["time"]["value"] else ""
            mode = f"/{v['mode']}" if v["mode"] else ""
            lines.append(f"  {v['type']}{mode} '{v['trigger']['text']}' {args}{when}")
    return "\n".join(lines)


def _entity_line(entity: EntityJSON) -> str:
    aliases = "; ".join(f"{a['name']} ({a['kind']})" for a in entity["aliases"])
    extra = f"  aka {aliases}" if aliases else ""
    return f"  {entity['id']:>4} {entity['name']}{extra}  [{len(entity['mentions'])} mention(s)]"
