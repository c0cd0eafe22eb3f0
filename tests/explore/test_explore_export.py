"""The exports (JSON Lines, CSV, FollowTheMoney, GEXF) of a base built from three extracted reports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped]
import pytest
from explore_reports import build_kb, extract_reports
from followthemoney import model
from followthemoney.types import registry
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.export.ftm import write_ftm
from newsgraph.export.gexf import actor_graph, write_gexf
from newsgraph.export.jsonl import write_jsonl
from newsgraph.export.tables import ENTITIES_HEADER, TABLES, write_tables
from newsgraph.schema import ExtractionJSON
from newsgraph.store import connect

Extracted = list[tuple[ExtractionJSON, str]]


@pytest.fixture(scope="module")
def extracted(nlp: Any) -> Extracted:
    return extract_reports(nlp)


@pytest.fixture
def kb(extracted: Extracted) -> sqlite3.Connection:
    return build_kb(extracted)


def canonical_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(DISTINCT coalesce(canonical_id, id)) FROM entities").fetchone()[0])


def test_export_jsonl_entities_one_line_per_canonical(kb: sqlite3.Connection) -> None:
    out = io.StringIO()
    count = write_jsonl(kb, out, what="entities")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) == canonical_count(kb)
    assert len({r["id"] for r in records}) == len(records)
    person = next(r for r in records if "Karim Haddad" in r["names"])
    assert set(person["names"]) == {"Karim Haddad", "Karim al-Haddad"}
    assert len(person["documents"]) == 2
    assert {"real_name"} <= {a["kind"] for a in person["aliases"]}
    predicates = {s["predicate"] for s in person["statements"]}
    assert {"leader_of", "born_on", "born_in", "COERCE"} <= predicates
    member_ids = {m["id"] for m in person["members"]}
    for statement in person["statements"]:
        if statement["kind"] == "fact":
            assert statement["subject"]["id"] in member_ids
        else:
            assert member_ids & {a["entity"]["id"] for a in statement["arguments"]}
        assert statement["document_id"] and statement["evidence"]["text"]


def test_export_jsonl_statements_one_line_per_statement(kb: sqlite3.Connection) -> None:
    out = io.StringIO()
    count = write_jsonl(kb, out, what="statements")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    total = kb.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert count == len(lines) == total
    assert {line["kind"] for line in lines} == {"fact", "event"}
    leaders = [
        line for line in lines if line["predicate"] == "leader_of" and "Haddad" in line["subject"]["name"]
    ]
    assert len({line["document_id"] for line in leaders}) == 2
    assert len({line["subject"]["canonical_id"] for line in leaders}) == 1  # one person across reports
    assert {line["subject"]["name"] for line in leaders} == {"Karim al-Haddad"}
    assert {line["object"]["name"] for line in leaders} == {"Northern Shield Brigade"}


def test_export_csv_tables_headers_and_rows(kb: sqlite3.Connection, tmp_path: Path) -> None:
    counts = write_tables(kb, tmp_path / "csv")
    assert set(counts) == {"entities.csv", *TABLES}
    for name in counts:
        with (tmp_path / "csv" / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = ENTITIES_HEADER if name == "entities.csv" else TABLES[name]
        assert tuple(rows[0]) == header, name
        assert len(rows) - 1 == counts[name], name
        assert all(len(row) == len(header) for row in rows), name
    assert counts["entities.csv"] == canonical_count(kb)
    assert counts["statements.csv"] == kb.execute("SELECT count(*) FROM statements").fetchone()[0]
    with (tmp_path / "csv" / "entities.csv").open(encoding="utf-8", newline="") as handle:
        entities = {row["name"]: row for row in csv.DictReader(handle)}
    assert entities["Karim al-Haddad"]["names"] == "Karim Haddad; Karim al-Haddad"
    assert entities["Karim al-Haddad"]["aliases"] == "Karim Yusuf al-Haddad"
    assert entities["Karim al-Haddad"]["documents"] == "2"


def ftm_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_ftm(conn, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_export_ftm_entities_validate_with_followthemoney(kb: sqlite3.Connection) -> None:
    entities = ftm_entities(kb)
    assert entities
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "one line per entity id"
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert schema.validate(data) is None
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict()["properties"] == data["properties"], "values are clean as written"
        for name in schema.required:
            assert data["properties"].get(name), (data["schema"], name)
        for name, values in data["properties"].items():
            prop = schema.properties[name]
            if prop.type == registry.entity:
                for value in values:
                    assert value in by_id, f"{data['schema']}.{name} points to a missing entity"
                    assert model[by_id[value]["schema"]].is_a(prop.range), (data["schema"], name)


def test_export_ftm_schemata_and_properties(kb: sqlite3.Connection) -> None:
    entities = ftm_entities(kb)
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Person", "Organization", "Address", "Directorship", "Membership", "Event"} <= schemata
    assert {"Position", "Occupancy"} <= schemata
    person = next(
        e for e in entities if e["schema"] == "Person" and "Karim al-Haddad" in e["properties"]["name"]
    )
    props = person["properties"]
    assert {"Karim Haddad", "Karim Yusuf al-Haddad"} <= set(props["alias"])
    assert set(props["birthDate"]) == {"1971", "1969"}  # conflicting claims both kept, each with proof
    assert set(props["birthPlace"]) == {"Homs", "Latakia"}
    assert len(props["proof"]) == 2
    leads = [
        e for e in entities if e["schema"] == "Directorship" and e["properties"]["director"] == [person["id"]]
    ]
    assert leads and leads[0]["properties"]["role"] == ["leader"]
    assert leads[0]["properties"]["recordId"] and leads[0]["properties"]["description"]
    events = [
        e for e in entities if e["schema"] == "Event" and "arrest" in e["properties"].get("keywords", [])
    ]
    assert events and all(person["id"] in e["properties"]["involved"] for e in events)
    assert all(e["properties"]["date"] == ["2021-03-09"] for e in events)


def test_export_gexf_reads_back_with_networkx(kb: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "actors.gexf"
    nodes, edges = write_gexf(kb, path)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == nodes and graph.number_of_edges() == edges
    assert {data["type"] for _node, data in graph.nodes(data=True)} <= {"PERSON", "ORG"}
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert {"Karim al-Haddad", "Northern Shield Brigade", "Omar Fawzi", "Samir Tawil"} <= set(labels)
    tie = graph.edges[labels["Karim al-Haddad"], labels["Northern Shield Brigade"]]
    assert tie["weight"] >= 2 and "leader_of" in tie["relations"]
    met = graph.edges[labels["Omar Fawzi"], labels["Samir Tawil"]]
    assert "event:CONSULT/meet" in met["relations"]
    assert sum(w for _a, _b, w in graph.edges(data="weight")) == sum(
        w for _a, _b, w in actor_graph(kb).edges(data="weight")
    )


runner = CliRunner()


def test_export_cli_each_format(extracted: Extracted, tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    build_kb(extracted, path=str(db)).close()
    for fmt, target in (("jsonl", "e.jsonl"), ("ftm", "e.ftm.json"), ("gexf", "a.gexf"), ("csv", "tables")):
        result = runner.invoke(
            app, ["export", "--format", fmt, "--db", str(db), "-o", str(tmp_path / target)]
        )
        assert result.exit_code == 0, (fmt, result.output)
    assert (tmp_path / "tables" / "statements.csv").is_file()
    nx.read_gexf(tmp_path / "a.gexf")
    result = runner.invoke(app, ["export", "--format", "jsonl", "--what", "statements", "--db", str(db)])
    assert result.exit_code == 0 and all(json.loads(line)["evidence"] for line in result.stdout.splitlines())


def test_export_cli_usage_errors_and_empty_base(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    connect(db).close()
    assert runner.invoke(app, ["export", "--format", "ftm", "--db", str(db)]).exit_code == 1
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["export", "--format", "csv", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["export", "--format", "jsonl", "--what", "x", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["export", "--format", "ftm", "--db", str(tmp_path / "none.db")]).exit_code == 2
