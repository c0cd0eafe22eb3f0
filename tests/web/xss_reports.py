"""A hostile knowledge base for the XSS tests: invented reports whose title, source, quotes,
entity names, aliases and literal values carry HTML and script payloads.

The texts go through the real extractor; then, as a hostile input or a careless
extractor could, the stored names and values are replaced by payloads before the real
store writes them, and real resolution runs over the result. Every page and API answer
over this base must show the payloads as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.resolve.run import resolve_store
from newsgraph.store import connect
from newsgraph.store.write import content_hash, store_result

SCRIPT = "<script>window.__xss=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
JS_URL = "javascript:window.__xss=1;alert(1)"
PAYLOADS = (SCRIPT, IMG, JS_URL)

TEXTS = (
    (
        "xss:2031/one",
        "2031-06-01",
        "Security forces arrested Anna Keller, a commander of the Silver Hand Brigade, "
        "in Korvik on Tuesday. "
        f'"We will never give up {SCRIPT}," Keller said, according to Tomas Brenner, '
        f"the spokesman of the interior ministry.\n\nKeller met Brenner in Korvik on Monday {IMG}. "
        f"Her file is at {JS_URL} said the ministry.",
    ),
    (
        "xss:2031/two",
        "2031-06-03",
        "Anna Keller, the leader of the Silver Hand Brigade, was arrested near Korvik on June 1, "
        f"according to Tomas Brenner. Keller was born in Velmora in 1979 {SCRIPT}.",
    ),
)
# What each stored name becomes: every name carries a payload.
NAMES = {
    "Anna Keller": f"Anna {SCRIPT} Keller",
    "Keller": f"Keller {IMG}",
    "Tomas Brenner": f"Tomas {IMG} Brenner",
    "Brenner": f"Brenner {SCRIPT}",
    "Korvik": f"Korvik {JS_URL}",
    "Velmora": f"{JS_URL} Velmora",
    "Silver Hand Brigade": f"Silver Hand {SCRIPT} Brigade",
}


def _poison(result: Any, number: int) -> Any:
    document = result["document"]
    document["title"] = f"Report {number} {SCRIPT} {IMG}"
    document["source"] = JS_URL
    for entity in result["entities"]:
        if entity["name"] == "Anna Keller":
            entity["aliases"] = [
                *entity.get("aliases", []),
                {"name": f"Nightjar {SCRIPT}", "kind": "nickname"},
            ]
        entity["name"] = NAMES.get(entity["name"], f"{entity['name']} {IMG}")
    for fact in result["facts"]:
        if isinstance(fact.get("object"), dict) and "value" in fact["object"]:
            fact["object"]["value"] = f"{fact['object']['value']} {IMG} {JS_URL}"
    return result


def build_xss_kb(path: Path, nlp: Any) -> Path:
    """The hostile base at `path`, resolved; returns `path`."""
    conn = connect(path)
    for number, (ident, published, text) in enumerate(TEXTS, start=1):
        result = extract_text(text, published=published, nlp=nlp)
        result["document"]["id"] = ident
        assert store_result(conn, _poison(result, number), text=text, content_hash=content_hash(text))
    conn.commit()
    resolve_store(conn)
    conn.close()
    return path
