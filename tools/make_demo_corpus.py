"""Build the demo corpus, ``examples/corpus/reports.jsonl``, from public-domain reports.

Takes the development texts of ``../shared/evaldata/iraq_syria_news_texts`` whose
header says public domain (US-government works; the items under the Open Government
Licence are left out) and ``examples/arrest-report.txt``,
one JSON Lines record each (``id``, ``title``, ``published``, ``source``, ``text``).
Run once; the output is committed so that ``make demo`` needs nothing outside the
checkout.

    python tools/make_demo_corpus.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "corpus" / "reports.jsonl"
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUBLIC_DOMAIN = re.compile(r"public domain", re.IGNORECASE)


def header_fields(line: str) -> dict[str, str]:
    """``# source_url: … | date: … | licence: … | origin: …`` as a dict."""
    fields: dict[str, str] = {}
    for part in line.lstrip("# ").split(" | "):
        key, _, value = part.partition(": ")
        fields[key.strip()] = value.strip()
    return fields


def records(shared: Path) -> list[dict[str, str | None]]:
    folder = shared / "evaldata" / "iraq_syria_news_texts"
    out: list[dict[str, str | None]] = []
    with (folder / "manifest.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            raw = (folder / "articles" / row["file"]).read_text(encoding="utf-8")
            first, _, body = raw.partition("\n")
            fields = header_fields(first)
            if not PUBLIC_DOMAIN.search(fields.get("licence", "")) or "OGL" in fields.get("licence", ""):
                continue
            title = row["title"].strip()
            text = body.strip()
            # re3d files repeat the title on their first line, then a blank line, then the text.
            head, sep, rest = text.partition("\n\n")
            if sep and head.strip() == title:
                text = rest.strip()
            elif text.startswith(title):
                text = text[len(title) :].strip()
            date = row["date"].split(" ")[0]
            url = fields.get("source_url", "")
            out.append(
                {
                    "id": "demo:" + row["file"].removesuffix(".txt"),
                    "title": title or None,
                    "published": date if FULL_DATE.match(date) else None,
                    "source": url if url.startswith("http") else row["source"],
                    "text": text,
                }
            )
    out.append(
        {
            "id": "demo:arrest-report",
            "title": None,
            "published": "2020-05-21",
            "source": "examples/arrest-report.txt",
            "text": (ROOT / "examples" / "arrest-report.txt").read_text(encoding="utf-8").strip(),
        }
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    found = records(args.shared)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for record in found:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(found)} reports written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
