"""`newsgraph serve`: loopback by default, prints its URL, refuses to go beyond loopback without a token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from live_server import free_port
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.commands.serve import is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.5", True), ("0.0.0.0", False),
     ("192.168.1.4", False), ("example.org", False), ("::", False)],
)  # fmt: skip
def test_serve_knows_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_host_without_a_token(kb_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    result = CliRunner().invoke(app, ["serve", "--db", str(kb_path), "--host", "0.0.0.0"], env=env)
    assert result.exit_code == 2
    assert "is not a loopback address" in result.output and "--token" in result.output


def test_serve_refuses_a_missing_base(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no knowledge base" in result.output
    assert not (tmp_path / "none.db").exists()  # serving never creates a base


def test_serve_runs_prints_its_url_and_takes_the_token_from_the_environment(kb_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NEWSGRAPH_TOKEN": "env-token"}
    command = [
        str(Path(sys.executable).parent / "newsgraph"),
        "serve",
        "--db",
        str(kb_path),
        "--port",
        str(port),
        "--private",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url + "api/stats", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status_code == 401  # --private with the token from NEWSGRAPH_TOKEN
        authorised = httpx.get(url + "api/stats", headers={"Authorization": "Bearer env-token"}, timeout=5)
        assert authorised.status_code == 200 and authorised.json()["documents"] > 0
    finally:
        process.terminate()
        process.wait(timeout=10)
