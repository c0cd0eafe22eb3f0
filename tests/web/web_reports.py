"""Invented reports for the web tests: people, groups and places here exist nowhere.

They travel as one JSON Lines file so that each has its own id (with ':' and '/' in it,
as real ids have), title, date and source; `newsgraph ingest` reads them as any input.
"""

from __future__ import annotations

import json
from pathlib import Path

REPORTS = (
    {
        "id": "wire:2031/03/korvik-arrest",
        "published": "2031-03-10",
        "source": "Northern Wire",
        "title": "Commander of the Silver Hand detained in Korvik",
        "text": (
            "Security forces arrested Anna Keller, a senior commander of the Silver Hand Brigade, "
            "in the town of Korvik on Tuesday, the interior ministry said.\n\n"
            "Keller, whose real name is Anna Maria Keller, was born in Velmora in 1979. "
            "She assumed the leadership of the Silver Hand Brigade in 2027."
        ),
    },
    {
        "id": "wire:2031/03/keller-second",
        "published": "2031-03-12",
        "source": "Harbour Daily",
        "title": "Silver Hand leader held near Korvik",
        "text": (
            "Anna Keller, the leader of the Silver Hand Brigade, was arrested by security forces "
            "near Korvik on March 9, according to Tomas Brenner, the spokesman of the interior ministry.\n\n"
            "Local sources said Keller was reportedly born in 1977 in Ostrava Nova."
        ),
    },
    {
        "id": "wire:2031/04/checkpoint",
        "published": "2031-04-02",
        "source": "Northern Wire",
        "title": "Checkpoint attacked in Dunmere",
        "text": (
            "Fighters of the Silver Hand Brigade attacked an army checkpoint in Dunmere on Thursday, "
            "killing two soldiers, the army said.\n\n"
            "Lukas Varga, a member of the Silver Hand Brigade, met Tomas Brenner in Dunmere on Monday. "
            "Varga is the deputy leader of the Silver Hand Brigade."
        ),
    },
    {
        "id": "wire:2031/05/talks",
        "published": "2031-05-20",
        "source": "Harbour Daily",
        "title": "Talks in Velmora",
        "text": (
            "Mira Castell, the foreign minister of Eastmark, met Tomas Brenner in Velmora on Friday "
            "to discuss the release of prisoners, officials said.\n\n"
            "Castell said the Silver Hand Brigade had kidnapped three aid workers near Dunmere in April."
        ),
    },
    {
        "id": "wire:2031/06/aid",
        "published": "2031-06-03",
        "source": "Coast Gazette",
        "title": "Aid workers freed",
        "text": (
            "Three aid workers held near Dunmere were freed on Sunday, said Mirela Castell, "
            "a spokeswoman for the Eastmark Relief Council.\n\n"
            "The workers had been kidnapped in April, the council said."
        ),
    },
)


def write_reports(folder: Path) -> Path:
    """The reports as one JSON Lines file in `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    return path
