"""The dependency audit: `pip-audit` over the installed environment (the pinned dependencies of
pyproject.toml, their own dependencies, and the model), every known vulnerability either fixed
or listed with its reason in ``requirements/audit-ignore.txt``.

pip-audit asks PyPI's per-version JSON API (or OSV) for each distribution. Where neither can
be reached, or where PyPI answers for no distribution at all (a mirror without that API),
nothing was audited, and the test is skipped saying so: a pass would claim what was not checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
IGNORE_FILE = REPO / "requirements" / "audit-ignore.txt"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
UNREACHABLE = re.compile(r"ConnectionError|NameResolutionError|Max retries exceeded|timed out", re.IGNORECASE)


def ignored() -> dict[str, str]:
    """Vulnerability id -> the reason it is ignored; a line without a reason is an error."""
    out: dict[str, str] = {}
    for number, line in enumerate(IGNORE_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ident, _, reason = line.partition("#")
        assert ident.strip() and reason.strip(), f"{IGNORE_FILE.name}:{number}: give an id and '# reason'"
        out[ident.strip()] = reason.strip()
    return out


def test_dependency_audit_ignore_list_gives_reasons() -> None:
    assert isinstance(ignored(), dict)


def test_dependency_audit_finds_no_unknown_vulnerability() -> None:
    if not PIP_AUDIT.is_file():
        pytest.skip(f"pip-audit is not installed at {PIP_AUDIT}: run `make install` (it is a dev dependency)")
    reasons = ignored()
    command = [
        str(PIP_AUDIT),
        "--progress-spinner",
        "off",
        "--skip-editable",
        "--timeout",
        "30",
        "-f",
        "json",
    ]
    command += [arg for ident in reasons for arg in ("--ignore-vuln", ident)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode not in (0, 1):
        if UNREACHABLE.search(done.stderr):
            pytest.skip(
                "no vulnerability service could be reached, nothing was audited: " + done.stderr[-300:]
            )
        pytest.fail(f"pip-audit failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        reason = next((d["skip_reason"] for d in dependencies if "skip_reason" in d), "")
        pytest.skip(
            f"pip-audit audited none of the {len(dependencies)} installed distributions: the vulnerability"
            f" service has no answer for them from here (e.g. {reason!r}); nothing was checked"
        )
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or 'no release yet'})"
        for d in audited
        for v in d["vulns"]
        if v["id"] not in reasons
    ]
    assert not found, (
        "vulnerable dependencies (upgrade, or list in requirements/audit-ignore.txt with a reason):\n"
        + "\n".join(found)
    )
