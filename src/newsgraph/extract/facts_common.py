"""What the fact rules share: confidences, the statement builder, country entities.

`FactDoc` is built once per Doc by ``newsgraph_facts``: the shared `Context`, the
title vocabulary and the document's countries. ``country(name, span)`` gives the
entity of a country named by a nationality word: an entity of the document that
names it (its name or an alias, checked through the gazetteer), else a new PLACE
entity whose one mention is the nationality word (so that "a Kazakh student"
states ``citizen_of`` even where the text never names Kazakhstan).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ..nlp.gazetteer import Gazetteer, load_gazetteer
from .context import Context
from .facts_vocab import Demonyms, TitleVocabulary, load_demonyms, load_titles, name_key

EXPLICIT, GOOD, GUESS = 0.9, 0.75, 0.55


def indexed_tokens(ctx: Context) -> list[int]:
    """The ordered indices of the tokens inside an entity mention (``ctx.index``), once per Doc."""
    key = ("newsgraph", "positions", "indexed", len(ctx.index), len(ctx.doc))
    if key not in ctx.doc.user_data:
        ctx.doc.user_data[key] = sorted(ctx.index)
    found: list[int] = ctx.doc.user_data[key]
    return found


class FactDoc:
    def __init__(self, ctx: Context, *, gaz: Gazetteer | None = None) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.vocab: TitleVocabulary = load_titles()
        self.nations: Demonyms = load_demonyms()
        self.gaz = gaz or load_gazetteer()
        self._countries: dict[str, str] | None = None
        self._codes: dict[str, str | None] = {}

    # countries ------------------------------------------------------------------------------

    def country_code(self, name: str) -> str | None:
        """The ISO code of the country a name names, or None (cached)."""
        if name not in self._codes:
            canonical = self.nations.country_aliases.get(name_key(name), name)
            place = self.gaz.lookup(canonical)
            self._codes[name] = place.country if place is not None and place.kind == "country" else None
        return self._codes[name]

    def demonym(self, tokens: list[Any]) -> str | None:
        """The country a nationality word names ("Kazakh", "South Korean"), or None."""
        text = " ".join(t.lower_ for t in tokens)
        return self.nations.demonyms.get(text)

    def entity_country(self, eid: str) -> str | None:
        """The ISO code of the country an entity is, or None."""
        for code, owner in self.countries().items():
            if owner == eid:
                return code
        return None

    def countries(self) -> dict[str, str]:
        """ISO code -> the document's entity of that country (PLACE before ORG)."""
        if self._countries is None:
            found: dict[str, str] = {}
            for record in sorted(self.doc._.ng_entities or [], key=lambda r: r.get("type") != "PLACE"):
                if record.get("type") not in ("PLACE", "ORG"):
                    continue
                names = [record["name"], *(a["name"] for a in record.get("aliases", []))]
                for name in names:
                    code = self.country_code(name)
                    if code is not None and code not in found:
                        found[code] = record["id"]
            self._countries = found
        return self._countries

    def country(self, name: str, span: Any) -> str | None:
        """The entity of country ``name``, named in the text by the nationality word ``span``."""
        code = self.country_code(name)
        if code is None:
            return None
        ctx = self.ctx
        countries = self.countries()
        own = ctx.index.get(span.start)
        if own is not None and ctx.index.get(span.end - 1) == own:
            if code not in countries and ctx.types.get(own) == "PLACE":
                countries[code] = own
            return countries.get(code, own)
        if any(i in ctx.index for i in range(span.start, span.end)):
            return countries.get(code)
        if code in countries:
            eid = countries[code]
            label = ctx.types.get(eid, "PLACE")
        else:
            records = self.doc._.ng_entities or []
            numbers = [int(r["id"][1:]) for r in records if str(r["id"])[1:].isdigit()]
            eid = f"e{max(numbers, default=0) + 1}"
            label = "PLACE"
            records.append({"id": eid, "type": "PLACE", "name": name, "aliases": []})
            self.doc._.ng_entities = records
            countries[code] = eid
        group = self.doc.spans["ng_mentions"]
        group.append(Span(self.doc, span.start, span.end, label=label, kb_id=eid))
        return eid

    def is_place(self, eid: str) -> bool:
        """A PLACE, or a country that the entity rules typed ORG."""
        kind = self.ctx.types.get(eid)
        return kind == "PLACE" or (kind == "ORG" and self.entity_country(eid) is not None)

    def places_of(self, eid: str) -> tuple[Any, ...]:
        """The gazetteer's readings of an entity's name."""
        for record in self.doc._.ng_entities or []:
            if record["id"] == eid:
                return self.gaz.places(record["name"])
        return ()


def make_fact(
    ctx: Context,
    sent: Any,
    predicate: str,
    subject: str,
    obj: str | dict[str, str],
    extractor: str,
    confidence: float,
    qualifiers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "predicate": predicate,
        "subject": subject,
        "object": obj,
        "qualifiers": qualifiers or {},
        "time": None,
        "source": ctx.fact_source(sent, extractor, subject, obj),
        "hedged": ctx.hedged(sent),
        "negated": False,
        "evidence": ctx.evidence(sent),
        "confidence": confidence,
        "extractor": extractor,
    }
