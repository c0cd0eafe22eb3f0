"""Identity across documents: stated aliases travel, acronyms and namesakes, organisation guards,
places by gazetteer and folded key. Real pipeline, real SQLite, invented names."""

from __future__ import annotations

import sqlite3
from typing import Any

from newsgraph.pipeline import extract_text
from newsgraph.resolve.blocking import acronym_keys, candidate_pairs
from newsgraph.resolve.compare import Profile, name_score
from newsgraph.resolve.names import parse_name
from newsgraph.resolve.run import org_names_agree, orgs_apart, place_judgements, plausible_pair, resolve_store
from newsgraph.store.db import connect
from newsgraph.store.write import content_hash, store_result


def _store(nlp: Any, *texts: str) -> sqlite3.Connection:
    conn = connect(":memory:")
    for number, text in enumerate(texts):
        result = extract_text(text, published=f"2024-03-0{number + 1}", nlp=nlp)
        store_result(conn, result, text=text, content_hash=content_hash(text))
    resolve_store(conn)
    return conn


def _canonical(conn: sqlite3.Connection, name: str) -> set[str]:
    rows = conn.execute("SELECT coalesce(canonical_id, id) FROM entities WHERE name = ?", (name,)).fetchall()
    assert rows, f"no entity named {name!r}"
    return {row[0] for row in rows}


def test_an_alias_stated_in_one_report_joins_the_names_everywhere_with_the_report_as_reason(nlp: Any) -> None:
    conn = _store(
        nlp,
        "The Northern Liberation Front, also known as Brask Rising, attacked Pellow on Monday, police said.",
        "Brask Rising said on Tuesday that it would keep fighting in the hills.",
        "The Northern Liberation Front said on Wednesday that its commander had been killed.",
    )
    assert len(_canonical(conn, "Brask Rising") | _canonical(conn, "Northern Liberation Front")) == 1
    reasons = conn.execute(
        "SELECT j.reason FROM judgements j JOIN entities e ON e.id IN (j.a, j.b)"
        " WHERE j.author = 'text' AND j.verdict = 'positive' AND e.name = 'Brask Rising'"
        " AND e.document_id NOT IN (SELECT document_id FROM statements WHERE predicate = 'alias')"
    ).fetchall()
    stating = conn.execute("SELECT document_id, id FROM statements WHERE predicate = 'alias'").fetchone()
    assert reasons and all(stating[0] in r[0] and stating[1] in r[0] for r in reasons)


def test_a_stated_alias_joins_two_entities_another_report_kept_apart(nlp: Any) -> None:
    # the second report names both as two entities; without the first report's statement the
    # one-document wall would keep them apart
    conn = _store(
        nlp,
        "The Northern Liberation Front, also known as Brask Rising, attacked Pellow on Monday, police said.",
        "Brask Rising said on Tuesday that its fighters had left Pellow, and the Northern Liberation"
        " Front said the same.",
    )
    assert len(_canonical(conn, "Brask Rising") | _canonical(conn, "Northern Liberation Front")) == 1


def test_a_not_same_as_read_anywhere_keeps_the_names_apart_everywhere(nlp: Any) -> None:
    conn = _store(
        nlp,
        "The Brask Liberation Front is not the same as the Brask Liberation Front of Korvik, analysts said.",
        "The Brask Liberation Front said on Tuesday that it had taken the bridge.",
        "The Brask Liberation Front of Korvik said on Wednesday that it had lost the bridge.",
    )
    # without the statement the head-phrase rule would join the second and third reports (the
    # stating report's own two entities are kept apart by the statement and by its one-document wall)
    assert not _canonical(conn, "Brask Liberation Front") & _canonical(
        conn, "Brask Liberation Front of Korvik"
    )
    assert len(_canonical(conn, "Brask Liberation Front")) == 1
    assert len(_canonical(conn, "Brask Liberation Front of Korvik")) == 1


def test_an_acronym_joins_its_full_name_across_reports_by_its_letters(nlp: Any) -> None:
    conn = _store(
        nlp,
        "The Korvik Relief Agency said on Monday that 300 families had fled.",
        "KRA said on Tuesday that aid convoys had reached the camps.",
        "KRB said on Wednesday that it had closed its office.",
    )
    assert _canonical(conn, "KRA") == _canonical(conn, "Korvik Relief Agency")
    assert not _canonical(conn, "KRB") & _canonical(conn, "Korvik Relief Agency")


def test_two_people_who_share_a_surname_stay_two_across_reports(nlp: Any) -> None:
    conn = _store(
        nlp,
        "Anna Keller, the mayor of Pellow, said the bridge would reopen.",
        "Jon Keller, a farmer from Tassik, said the harvest had failed.",
        "Anna Keller said on Wednesday that the bridge had reopened.",
    )
    assert len(_canonical(conn, "Anna Keller")) == 1
    assert not _canonical(conn, "Anna Keller") & _canonical(conn, "Jon Keller")


def test_in_one_report_a_titled_full_name_and_its_surname_are_one_entity(nlp: Any) -> None:
    result = extract_text(
        "Interior Minister Anna Keller visited Pellow on Monday. Keller said the war would end.", nlp=nlp
    )
    (person,) = [e for e in result["entities"] if e["type"] == "PERSON"]
    assert person["name"] == "Anna Keller" and {m["text"] for m in person["mentions"]} >= {
        "Anna Keller",
        "Keller",
    }


def test_in_one_report_a_surname_two_people_share_joins_neither(nlp: Any) -> None:
    result = extract_text(
        "Anna Keller and her brother Jon Keller arrived in Pellow on Monday. Keller said the trip was long.",
        nlp=nlp,
    )
    persons = {
        e["name"]: {m["text"] for m in e["mentions"]} for e in result["entities"] if e["type"] == "PERSON"
    }
    assert "Keller" not in persons["Anna Keller"] and "Keller" not in persons["Jon Keller"]


def test_a_given_name_spelt_like_an_article_is_a_given_name() -> None:
    assert name_score("Ash Keller", "Tobin Keller") < 0.25
    assert name_score("Ash Keller", "Keller") > 0.8
    assert name_score("ash-Keller", "Keller") == 1.0


def _org(eid: str, *names: str) -> Profile:
    return Profile(id=eid, kind="ORG", names=names)


def test_organisation_names_agree_by_words_acronym_or_head_phrase() -> None:
    assert org_names_agree("Korvik Coast Guard", "Coast Guard of Korvik")
    assert org_names_agree("Northern Front", "Northern Front of the Brask Hills")
    assert org_names_agree("NLF", "Northern Liberation Front")
    assert org_names_agree("MoW", "Ministry of Water")
    assert org_names_agree("Peruvian Government", "Government of Peru")  # a nationality is its country
    assert not org_names_agree("Korvik Government", "Korvik Government Forces")  # another head: another body
    assert not org_names_agree("Coast Guard", "Peruvian Coast Guard")  # a country word the other lacks
    assert not org_names_agree("Korvik", "Liberation Front of Korvik")


def test_organisations_of_two_countries_get_a_wall_and_no_pair() -> None:
    a, b = _org("d1/e1", "Peruvian Coast Guard"), _org("d2/e1", "Chilean Coast Guard")
    assert orgs_apart(a, b) and not plausible_pair(a, b)
    assert not orgs_apart(_org("d1/e1", "Coast Guard"), _org("d2/e1", "CG"))


def test_blocking_gives_acronyms_a_key_that_meets_their_full_name() -> None:
    assert "ORG|~nlf" in acronym_keys(parse_name("Northern Liberation Front", kind="ORG"), "ORG")
    assert acronym_keys(parse_name("NLF", kind="ORG"), "ORG") == ["ORG|~nlf"]
    assert acronym_keys(parse_name("Anna Keller"), "PERSON") == []
    # many names sorting between them do not keep the acronym from its full name
    fillers = [_org(f"d{i}/e1", f"Northern Liberation Front Brigade {i}") for i in range(10)]
    profiles = [_org("a/e1", "Northern Liberation Front"), *fillers, _org("z/e1", "NLF")]
    assert (0, len(profiles) - 1) in set(candidate_pairs(profiles))


def test_place_spellings_are_one_place_by_folded_key() -> None:
    places = [
        Profile(id="d1/e1", kind="PLACE", names=("Qarvana",)),
        Profile(id="d2/e1", kind="PLACE", names=("al-Qarvana",)),
        Profile(id="d3/e1", kind="PLACE", names=("Ar Qarvanah",)),
        Profile(id="d4/e1", kind="PLACE", names=("Qarvanna",)),
        Profile(id="d5/e1", kind="PLACE", names=("Tassikar",)),
    ]
    judged = {(j.a, j.b) for j in place_judgements(places, "2024-01-01T00:00:00Z")}
    assert judged == {("d1/e1", "d2/e1"), ("d1/e1", "d3/e1"), ("d1/e1", "d4/e1")}
