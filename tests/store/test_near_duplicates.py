"""One report saved twice is one report: the content hash over normalised text, near-copies linked by
MinHash + LSH over word shingles, copies never counted as corroboration, and the migration of old bases."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from newsgraph.document import content_id
from newsgraph.explore.events import list_events
from newsgraph.explore.kb import canonical_info
from newsgraph.pipeline import IngestCounts, ingest_paths
from newsgraph.schema import ExtractionJSON
from newsgraph.store import MIGRATIONS, connect, migrate, queries
from newsgraph.store.copies import THRESHOLD, band_keys, jaccard, shingles, text_hash
from newsgraph.store.write import content_hash, store_result

REPORT = (
    "Flood waters rose across the lower valley of Korvik on Tuesday, forcing hundreds of families "
    "from their homes, the regional council said. Anna Keller, who leads the council, told reporters "
    "that two bridges on the northern road had been closed and that army engineers were building a "
    "temporary crossing near the old mill. Schools in the valley will stay shut until Friday, she said, "
    "and the council has opened three shelters in sports halls on higher ground. Forecasters expect "
    "more rain over the weekend, and farmers downstream have been told to move their animals."
)
EDITED = REPORT + " Updated with the number of shelters."
OTHER = (
    "The Northern Front said on Wednesday that it had freed four hostages held since the spring in "
    "the hills east of Korvik. Tomas Rivel, a spokesman for the group, said the four were in good "
    "health and would be handed to a medical team on Thursday. The regional council did not comment."
)


def extraction(document_id: str, text: str) -> ExtractionJSON:
    """A hand-built extraction: one person and one event (a statement in the report's first sentence)."""
    start = text.index("Anna Keller") if "Anna Keller" in text else text.index("Tomas Rivel")
    name = text[start : start + 11]
    result: dict[str, Any] = {
        "document": {"id": document_id, "title": None, "published": "2026-03-03", "source": None},
        "entities": [
            {
                "id": "e1",
                "type": "PERSON",
                "name": name,
                "aliases": [],
                "mentions": [{"start": start, "end": start + 11, "text": name}],
            }
        ],
        "facts": [],
        "events": [
            {
                "id": "v1",
                "type": "ASSAULT" if "Flood" not in text else "DISASTER",
                "mode": None,
                "trigger": {"start": 0, "end": 5, "text": text[:5]},
                "arguments": [{"role": "actor", "entity": "e1"}],
                "time": None,
                "source": None,
                "hedged": False,
                "negated": False,
                "evidence": {"start": 0, "end": 40, "text": text[:40]},
                "confidence": 0.8,
                "extractor": "test",
            }
        ],
        "times": [],
    }
    result["document"]["language"] = "en"
    return result  # type: ignore[return-value]


def test_near_duplicates_hash_ignores_spacing_and_markup() -> None:
    variants = [
        REPORT + "\n",
        "  " + REPORT.replace(". ", ".\n\n"),
        "<p>" + REPORT + "</p>",
        REPORT.replace(" ", "  "),
    ]
    assert {content_hash(v) for v in variants} == {content_hash(REPORT)}
    assert content_hash(REPORT.replace("Tuesday", "Monday")) != content_hash(REPORT)
    assert text_hash(REPORT) == content_hash(REPORT)


def test_near_duplicates_a_report_saved_again_is_skipped(tmp_path: Path, nlp: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT.replace(". ", ".\n") + "\n\n", encoding="utf-8")
    conn = connect(tmp_path / "kb.db")
    counts = ingest_paths(conn, [str(folder)], nlp=nlp)
    assert counts == IngestCounts(new=1, skipped=1, failed=0)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_near_duplicates_shingle_similarity_of_an_edited_copy() -> None:
    close = jaccard(shingles(REPORT), shingles(EDITED))
    assert THRESHOLD <= close < 1.0
    assert jaccard(shingles(REPORT), shingles(OTHER)) < 0.1
    shared = set(band_keys(shingles(REPORT))) & set(band_keys(shingles(EDITED)))
    assert shared, "an edited copy shares at least one LSH band with its report"


def test_near_duplicates_copies_are_linked_and_never_corroborate() -> None:
    conn = connect(":memory:")
    for document_id, text in (("report-1", REPORT), ("report-2", EDITED), ("report-3", OTHER)):
        assert store_result(conn, extraction(document_id, text), text=text, content_hash=content_hash(text))
    copies = queries.document_copies(conn)
    assert [(c[0], c[1]) for c in copies] == [("report-2", "report-1")]
    assert THRESHOLD <= copies[0][2] < 1.0
    # The same person in the report and its copy: one canonical entity, one report, not two.
    queries.set_canonical_ids(conn, {"report-1/e1": "report-1/e1", "report-2/e1": "report-1/e1"})
    assert canonical_info(conn, ["report-1/e1"])["report-1/e1"].documents == 1
    statements = {row.document_id: row.id for row in queries.statements_by_ids(conn, _event_ids(conn))}
    queries.set_event_groups(conn, {statements["report-1"]: "g", statements["report-2"]: "g"})
    group = next(g for g in list_events(conn) if g["id"] == "g")
    assert group["documents"] == ["report-1", "report-2"]
    assert group["reports"] == 1 and group["copies"] == ["report-2"]
    hit = queries.search(conn, "Anna Keller")["entities"][0]
    assert hit["entities"] == 2 and hit["documents"] == 1


def _event_ids(conn: sqlite3.Connection) -> list[str]:
    return queries.affirmed_event_groups(conn)


def test_near_duplicates_copy_of_a_copy_points_to_the_first_report() -> None:
    conn = connect(":memory:")
    again = EDITED + " Corrected."
    for document_id, text in (("report-1", REPORT), ("report-2", EDITED), ("report-4", again)):
        store_result(conn, extraction(document_id, text), text=text, content_hash=content_hash(text))
    assert {c[0]: c[1] for c in queries.document_copies(conn)} == {
        "report-2": "report-1",
        "report-4": "report-1",
    }


def test_near_duplicates_migration_rehashes_and_links_old_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path, migrate_schema=False)
    migrate(conn, migrations=MIGRATIONS[:1])
    with conn:
        for seq, (document_id, text) in enumerate(
            (("old-1", REPORT), ("old-2", REPORT + "\n"), ("old-3", OTHER), ("old-4", EDITED)), start=1
        ):
            conn.execute(
                "INSERT INTO documents (id, seq, content_hash, title, published, source, language, text,"
                " ingested_at, extractor_version) VALUES (?, ?, ?, NULL, NULL, NULL, 'en', ?, 't', 'v')",
                (document_id, seq, content_id(text), text),
            )
    conn.close()
    conn = connect(path)  # runs the pending migrations
    hashes = dict(conn.execute("SELECT id, content_hash FROM documents").fetchall())
    assert hashes["old-1"] == content_hash(REPORT) and hashes["old-3"] == content_hash(OTHER)
    assert hashes["old-2"] == content_id(REPORT + "\n"), "a re-saved copy keeps its old hash (unique)"
    copies = {c[0]: (c[1], c[2]) for c in queries.document_copies(conn)}
    assert copies["old-2"] == ("old-1", 1.0)
    assert copies["old-4"][0] == "old-1" and "old-3" not in copies
    # New documents are checked against the migrated ones.
    late = REPORT + " Shelters are full."
    assert store_result(conn, extraction("new-1", late), text=late, content_hash=content_hash(late))
    assert dict((c[0], c[1]) for c in queries.document_copies(conn))["new-1"] == "old-1"
    assert not store_result(
        conn, extraction("new-2", REPORT), text=REPORT + " ", content_hash=content_hash(REPORT)
    )
    figures = queries.stats(conn)
    assert figures["documents"] == 5 and figures["document_copies"] == 3
