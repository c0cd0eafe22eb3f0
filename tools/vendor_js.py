"""Fetch the UI's JavaScript libraries from the npm registry at pinned versions and check them.

Each entry of ``src/newsgraph/web/static/vendor/MANIFEST.json`` names a package, its
version, the file inside the package tarball (``member``), the file written under
``vendor/`` and its sha256. ``npm pack NAME@VERSION`` fetches the tarball in a
temporary folder (the registry's ordinary client, never a CDN); the file is extracted
and its sha256 compared with the manifest. A mismatch stops with an error and writes
nothing. ``--check`` only hashes the committed files (no network); ``--update``
writes the hashes of what was fetched into the manifest (after a deliberate version
bump). The files are committed, so the app runs offline.

    python tools/vendor_js.py            # re-fetch and verify
    python tools/vendor_js.py --check    # verify the committed files only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "newsgraph" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(name: str, version: str, workdir: Path) -> Path:
    """The tarball of NAME@VERSION, packed by npm into `workdir`."""
    done = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / done.stdout.strip().splitlines()[-1]


def member_bytes(tarball: Path, member: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as archive:
        handle = archive.extractfile(f"package/{member}")
        if handle is None:
            raise SystemExit(f"{tarball.name}: {member} is not a file")
        return handle.read()


def check_committed(entries: list[dict[str, str]]) -> int:
    bad = 0
    for entry in entries:
        path = VENDOR / entry["file"]
        if not path.is_file():
            print(f"missing: {entry['file']} ({entry['name']}@{entry['version']})", file=sys.stderr)
            bad += 1
            continue
        got = sha256(path.read_bytes())
        if got != entry["sha256"]:
            print(f"sha256 mismatch: {entry['file']}: {got} != {entry['sha256']}", file=sys.stderr)
            bad += 1
    print(f"{len(entries) - bad}/{len(entries)} vendored files match MANIFEST.json")
    return 1 if bad else 0


def refetch(entries: list[dict[str, str]], *, update: bool) -> int:
    fetched: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tarballs: dict[str, Path] = {}
        for entry in entries:
            key = f"{entry['name']}@{entry['version']}"
            if key not in tarballs:
                tarballs[key] = fetch(entry["name"], entry["version"], workdir)
            data = member_bytes(tarballs[key], entry["member"])
            digest = sha256(data)
            if update:
                entry["sha256"] = digest
            elif digest != entry["sha256"]:
                print(f"sha256 mismatch for {key} {entry['member']}: {digest}", file=sys.stderr)
                return 1
            fetched[entry["file"]] = data
    for file, data in fetched.items():
        (VENDOR / file).parent.mkdir(parents=True, exist_ok=True)
        (VENDOR / file).write_bytes(data)
    if update:
        MANIFEST.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    print(f"{len(fetched)} files fetched with npm pack and verified against MANIFEST.json")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="hash the committed files only (offline)")
    parser.add_argument(
        "--update", action="store_true", help="write the fetched files' hashes to the manifest"
    )
    args = parser.parse_args()
    entries: list[dict[str, str]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if args.check:
        return check_committed(entries)
    return refetch(entries, update=args.update)


if __name__ == "__main__":
    raise SystemExit(main())
