"""FollowTheMoney entities, one JSON object per line, for Aleph and OpenSanctions tooling.

Schemata:

- a canonical PERSON is a ``Person``, an ORG an ``Organization``, a PLACE an
  ``Address`` (``full`` is its name; ``country`` when it is or lies in a country);
  OTHER entities are left out. Names from every document and alias become
  ``alias`` (acronyms ``abbreviation``, short names ``weakAlias``). Literal facts
  become properties: ``birthDate``, ``deathDate``, ``birthPlace``/``birthCountry``,
  ``citizenship``, ``address``/``addressEntity``/``country``, ``position`` (roles).
- each document is an ``Article`` (title, ``publishedAt``, ``sourceUrl``,
  ``publisher``, body text); every entity and relation cites its articles in ``proof``.
- relations are FtM interval schemata: ``member_of`` a ``Membership``,
  ``spokesperson_of`` a ``Membership`` with role 'spokesperson', ``leader_of`` and
  ``deputy_of`` (of an organisation) a ``Directorship`` with role 'leader' or
  'deputy', ``deputy_of`` (of a person) an ``Associate``, ``position_held`` a
  ``Position`` with an ``Occupancy``; ``located_in`` between places that are not
  countries an ``UnknownLink``. A relation whose ends do not fit its schema's ranges
  becomes an ``UnknownLink`` with the predicate as its role. Intervals carry
  ``date``/``startDate``/``endDate``, ``sourceUrl``, ``publisher``, ``proof``, the
  evidence sentence as ``description`` and the statement ids as ``recordId``.
- each event group is an ``Event``: PERSON/ORG arguments are ``involved`` (actors
  and commanders also ``organizer``), places ``location``/``addressEntity``.

Negated statements are left out (FtM has no way to say "not"); hedged ones are
kept and say so in ``summary``. ``not_same_as`` facts are judgements, not relations.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import urlsplit

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from ..explore.events import summarise_groups
from ..explore.kb import ACTOR_TYPES, RefJSON, StatementJSON, dated, source_name
from ..store import queries
from ..store.queries.sql import chunks
from .records import EntityRecordJSON, iter_entity_records
from .safe import json_line

SCHEMA_OF_TYPE = {"PERSON": "Person", "ORG": "Organization", "PLACE": "Address"}
ALIAS_PROPERTY = {"acronym": "abbreviation", "short_name": "weakAlias"}  # other kinds: 'alias'


@dataclass(frozen=True, slots=True)
class Relation:
    """How a fact becomes an FtM interval entity: schema, the properties of its two ends, a role."""

    schema: str
    source: str
    target: str
    role_property: str | None = None
    role: str | None = None


RELATIONS: dict[str, tuple[Relation, ...]] = {
    # Tried in order; the first whose ranges fit the two ends is used.
    "member_of": (Relation("Membership", "member", "organization"),),
    "spokesperson_of": (Relation("Membership", "member", "organization", "role", "spokesperson"),),
    "leader_of": (Relation("Directorship", "director", "organization", "role", "leader"),),
    "deputy_of": (
        Relation("Directorship", "director", "organization", "role", "deputy"),
        Relation("Associate", "person", "associate", "relationship", "deputy"),
    ),
    "located_in": (Relation("UnknownLink", "subject", "object", "role", "located in"),),
}
FALLBACK = Relation("UnknownLink", "subject", "object", "role")
SKIPPED = {"alias", "not_same_as"}
GROUPS_AT_ONCE = 200


def ftm_id(namespace: str, key: str) -> str:
    """A stable FtM entity id: 'ng-' and the sha1 of a namespace and a key."""
    return "ng-" + hashlib.sha1(f"{namespace}\x00{key}".encode()).hexdigest()


def entity_id(canonical_id: str) -> str:
    return ftm_id("entity", canonical_id)


def article_id(document_id: str) -> str:
    return ftm_id("document", document_id)


def country_code(*names: str) -> str | None:
    """The ISO code when one of the names is a country's name ('Syria' -> 'sy'), else None."""
    for name in names:
        code = registry.country.clean(name)
        if code is not None:
            return code
    return None


class Documents:
    """Per document: its Article id, source URL and publisher (the URL's host), read once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.meta: dict[str, tuple[str | None, str | None, str | None]] = {}
        for document_id, source, published in queries.document_sources(conn):
            url = source if registry.url.clean(source or "") and _is_web(source) else None
            host = urlsplit(url).hostname if url else None
            self.meta[document_id] = (url, host, published)

    def cite(self, proxy: EntityProxy, document_id: str) -> None:
        url, host, _published = self.meta.get(document_id, (None, None, None))
        proxy.add("proof", article_id(document_id))
        proxy.add("sourceUrl", url)
        proxy.add("publisher", host)

    def published(self, document_id: str) -> str | None:
        return self.meta.get(document_id, (None, None, None))[2]


def _is_web(source: str | None) -> bool:
    return bool(source) and urlsplit(source or "").scheme in ("http", "https")


def iter_ftm(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every FtM entity as a dict (id, schema, properties): articles, entities, relations, events."""
    documents = Documents(conn)
    yield from _articles(conn, documents)
    exported: dict[str, str] = {}  # canonical id -> FtM schema name, of the entities written so far
    # Entity types first, so that relations know the schema of both their ends.
    for canonical, kind, _count in queries.canonical_type_counts(conn):
        if canonical not in exported and kind in SCHEMA_OF_TYPE:
            exported[canonical] = SCHEMA_OF_TYPE[kind]
        elif canonical not in exported:
            exported[canonical] = ""
    positions: set[str] = set()
    for record in iter_entity_records(conn):
        schema = exported.get(record["id"], "")
        if not schema:
            continue
        yield from _entity(record, schema=schema, kinds=exported, documents=documents, positions=positions)
    yield from _events(conn, documents=documents, kinds=exported)


def write_ftm(conn: sqlite3.Connection, out: TextIO) -> int:
    """Write the FtM entities as JSON Lines; return how many."""
    count = 0
    for entity in iter_ftm(conn):
        out.write(json_line(entity, sort_keys=True) + "\n")
        count += 1
    return count


def _articles(conn: sqlite3.Connection, documents: Documents) -> Iterator[dict[str, Any]]:
    for row in queries.iter_document_texts(conn):
        article = model.make_entity("Article")
        article.id = article_id(row.id)
        article.add("name", row.title or row.source or row.id)
        article.add("title", row.title)
        article.add("publishedAt", row.published)
        article.add("language", row.language)
        article.add("bodyText", row.text)
        url, host, _published = documents.meta[row.id]
        article.add("sourceUrl", url)
        article.add("publisher", host)
        if url is None and row.source:
            article.add("fileName", row.source.rsplit("/", 1)[-1])
        yield article.to_dict()


def _entity(
    record: EntityRecordJSON,
    *,
    schema: str,
    kinds: dict[str, str],
    documents: Documents,
    positions: set[str],
) -> Iterator[dict[str, Any]]:
    """The entity itself, then the relations in which it is the subject."""
    proxy = model.make_entity(schema)
    proxy.id = entity_id(record["id"])
    proxy.add("full" if schema == "Address" else "name", record["name"])
    if schema == "Address":
        proxy.add("name", record["name"])
    proxy.add("alias", [n for n in record["names"] if n != record["name"]])
    for alias in record["aliases"]:
        prop = ALIAS_PROPERTY.get(alias["kind"], "alias") if schema != "Address" else "alias"
        proxy.add(prop, alias["name"])
    for document_id in record["documents"]:
        documents.cite(proxy, document_id)
    if schema == "Address":
        proxy.add("country", country_code(*record["names"], *(a["name"] for a in record["aliases"])))
    relations: dict[str, EntityProxy] = {}
    for statement in record["statements"]:
        if statement["kind"] != "fact" or statement["negated"] or statement["predicate"] in SKIPPED:
            continue
        target = statement["object"]
        target_schema = kinds.get(target["canonical_id"], "") if target else ""
        if target is not None and not target_schema:
            continue  # an OTHER entity: not exported
        if _property_fact(proxy, statement, target_schema=target_schema):
            documents.cite(proxy, statement["document_id"])
            continue
        if target is None:
            continue
        if statement["predicate"] == "position_held" and schema == "Person":
            yield from _occupancy(proxy, statement, target, target_schema, relations, documents, positions)
            continue
        relation = _relation(statement["predicate"], schema, target_schema)
        role = relation.role or (statement["predicate"] if relation is FALLBACK else None)
        key = f"{relation.schema}\x00{target['canonical_id']}\x00{role or ''}"
        link = relations.get(key)
        if link is None:
            link = model.make_entity(relation.schema)
            link.id = ftm_id("relation", f"{record['id']}\x00{key}")
            link.add(relation.source, proxy.id)
            link.add(relation.target, entity_id(target["canonical_id"]))
            if relation.role_property or relation is FALLBACK:
                link.add(relation.role_property or "role", role)
            relations[key] = link
        _interval(link, statement, documents)
    yield proxy.to_dict()
    for link in relations.values():
        yield link.to_dict()


def _property_fact(proxy: EntityProxy, statement: StatementJSON, *, target_schema: str) -> bool:
    """Put a fact that FtM keeps as a property of the entity itself; False when it is a relation."""
    predicate, target, literal = statement["predicate"], statement["object"], statement["literal"]
    person = proxy.schema.is_a("Person")
    place = target["name"] if target is not None and target_schema == "Address" else None
    if predicate == "born_on" and person and literal:
        proxy.add("birthDate", literal)
    elif predicate == "died_on" and person and literal:
        proxy.add("deathDate", literal)
    elif predicate == "born_in" and person and place:
        proxy.add("birthPlace", place)
        proxy.add("birthCountry", country_code(place))
    elif predicate == "citizen_of" and place and proxy.schema.is_a("LegalEntity"):
        proxy.add("citizenship" if person else "country", country_code(place))
    elif predicate == "resides_in" and place and target is not None and proxy.schema.is_a("LegalEntity"):
        proxy.add("address", place)
        proxy.add("addressEntity", entity_id(target["canonical_id"]))
        proxy.add("country", country_code(place))
    elif predicate == "located_in" and place and proxy.schema.name == "Address" and country_code(place):
        proxy.add("country", country_code(place))
    elif predicate == "role" and literal:
        proxy.add("position" if person else "keywords", literal)
    else:
        return False
    return True


def _relation(predicate: str, source_schema: str, target_schema: str) -> Relation:
    """The first relation for `predicate` whose ranges take both ends; else `FALLBACK`."""
    for relation in RELATIONS.get(predicate, ()):
        schema = model[relation.schema]
        if _fits(source_schema, schema.properties[relation.source].range) and _fits(
            target_schema, schema.properties[relation.target].range
        ):
            return relation
    return FALLBACK


def _fits(schema_name: str, expected: Any) -> bool:
    schema = model.get(schema_name)
    return schema is not None and expected is not None and schema.is_a(expected)


def _occupancy(
    holder: EntityProxy,
    statement: StatementJSON,
    target: RefJSON,
    target_schema: str,
    relations: dict[str, EntityProxy],
    documents: Documents,
    positions: set[str],
) -> Iterator[dict[str, Any]]:
    """A post (a Position, written once) and the person's Occupancy of it."""
    title = str(statement["qualifiers"].get("title") or "").strip()
    name = f"{title} of {target['name']}" if title else f"post at {target['name']}"
    post_id = ftm_id("position", f"{title.casefold()}\x00{target['canonical_id']}")
    if post_id not in positions:
        positions.add(post_id)
        post = model.make_entity("Position")
        post.id = post_id
        post.add("name", name)
        if target_schema == "Organization":
            post.add("organization", entity_id(target["canonical_id"]))
        elif target_schema == "Address":
            post.add("addressEntity", entity_id(target["canonical_id"]))
            code = country_code(target["name"])
            post.add("country", code)
            if code is None:
                post.add("subnationalArea", target["name"])
        yield post.to_dict()
    key = f"Occupancy\x00{post_id}"
    link = relations.get(key)
    if link is None:
        link = model.make_entity("Occupancy")
        link.id = ftm_id("relation", f"{holder.id}\x00{key}")
        link.add("holder", holder.id)
        link.add("post", post_id)
        relations[key] = link
    holder.add("position", name)
    _interval(link, statement, documents)


def _interval(link: EntityProxy, statement: StatementJSON, documents: Documents) -> None:
    """Dates, provenance and evidence of one statement, added to the relation it supports."""
    qualifiers = statement["qualifiers"]
    time = statement["time"]
    link.add("date", dated(time["value"]) if time else None)
    link.add("startDate", qualifiers.get("start"))
    link.add("endDate", qualifiers.get("end"))
    if not link.get("date") and not link.get("startDate"):
        link.add("date", documents.published(statement["document_id"]))
    documents.cite(link, statement["document_id"])
    link.add("description", statement["evidence"]["text"])
    link.add("recordId", statement["id"])
    link.add("summary", _claim_summary(statement))


def _claim_summary(statement: StatementJSON) -> str:
    evidence = statement["evidence"]
    said = f"{'reportedly, ' if statement['hedged'] else ''}according to {source_name(statement)}"
    return f"{said} (document {statement['document_id']}, characters {evidence['start']}-{evidence['end']})"


def _events(
    conn: sqlite3.Connection, *, documents: Documents, kinds: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """One Event per event group, from its claims that are not negated."""
    groups = queries.affirmed_event_groups(conn)
    for part in chunks(groups, GROUPS_AT_ONCE):
        for group in summarise_groups(conn, part):
            claims = [c for c in group["claims"] if not c["negated"]]
            if not claims:
                continue
            event = model.make_entity("Event")
            event.id = ftm_id("event", group["id"])
            label = group["type"] + (f"/{group['mode']}" if group["mode"] else "")
            places = [ref["name"] for ref in group["arguments"].get("place", [])]
            where = f" in {', '.join(places)}" if places else ""
            when = f" on {group['date']}" if group["date"] else ""
            event.add("name", f"{label}{where}{when}")
            event.add("keywords", [group["type"], group["mode"]])
            event.add("date", [dated(c["time"]["value"]) if c["time"] else None for c in claims])
            for role, refs in group["arguments"].items():
                for ref in refs:
                    kind = kinds.get(ref["canonical_id"], "")
                    if role == "place" and kind == "Address":
                        event.add("location", ref["name"])
                        event.add("addressEntity", entity_id(ref["canonical_id"]))
                        event.add("country", country_code(ref["name"]))
                    elif ref["type"] in ACTOR_TYPES and kind in ("Person", "Organization"):
                        event.add("involved", entity_id(ref["canonical_id"]))
                        if role in ("actor", "commander"):
                            event.add("organizer", entity_id(ref["canonical_id"]))
            for claim in claims:
                documents.cite(event, claim["document_id"])
                event.add("description", claim["evidence"]["text"])
                event.add("recordId", claim["id"])
                event.add("summary", _claim_summary(claim))
            yield event.to_dict()
