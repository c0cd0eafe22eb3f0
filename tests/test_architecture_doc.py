"""docs/ARCHITECTURE.md names every module of the package, so the map stays whole."""

from __future__ import annotations

import re
from pathlib import Path


def test_architecture_doc_names_every_module(repo_dir: Path) -> None:
    text = (repo_dir / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    package = repo_dir / "src" / "newsgraph"
    missing = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "__init__.py" and path.stem not in words
    )
    assert missing == []
