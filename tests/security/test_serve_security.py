"""Who may reach the server: `newsgraph serve` listens on loopback unless told otherwise, and
beyond loopback only with a token that every write then needs.

Real `newsgraph serve` processes: the address they listen on is read from the process's
sockets (psutil), not from what they print.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.commands.serve import is_loopback
from newsgraph.store import connect
from newsgraph.web.auth import host_name

NEWSGRAPH = Path(sys.executable).parent / "newsgraph"
JUDGEMENT = {"a": "sha256:00/e1", "b": "sha256:00/e2", "verdict": "same"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "kb.db"
    connect(path).close()
    return path


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process, self.port = process, port
        self.url = f"http://127.0.0.1:{port}"

    def listening(self) -> set[str]:
        """The local addresses the server process listens on at its port."""
        connections = psutil.Process(self.process.pid).net_connections(kind="tcp")
        return {
            c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN and c.laddr.port == self.port
        }


@pytest.fixture
def serve(base: Path) -> Iterator[Callable[..., Served]]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        port = free_port()
        environment = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"} | (env or {})
        command = [str(NEWSGRAPH), "serve", "--db", str(base), "--port", str(port), *args]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )
        started.append(process)
        served = Served(process, port)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(served.url + "/api/openapi.json", timeout=5)
                return served
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.communicate()[1]) from None
                time.sleep(0.1)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_serve_listens_on_loopback_by_default(serve: Callable[..., Served]) -> None:
    served = serve()
    assert served.listening() == {"127.0.0.1"}
    response = httpx.post(served.url + "/api/judgements", json=JUDGEMENT, timeout=30)
    assert response.status_code != 401  # on loopback without a token, writes are open to this machine


def test_serve_without_a_token_answers_only_requests_for_this_machine(serve: Callable[..., Served]) -> None:
    """DNS rebinding: a page of another site that points its own name at 127.0.0.1 sends that name
    in the Host header; a loopback server with no token to ask for refuses it (E038)."""
    served = serve()
    for host in ("rebound.example", "rebound.example:80", "127.0.0.1.rebound.example"):
        read = httpx.get(served.url + "/api/stats", headers={"host": host}, timeout=30)
        assert read.status_code == 400 and read.json()["code"] == "E038", (host, read.text)
        write = httpx.post(served.url + "/api/judgements", json=JUDGEMENT, headers={"host": host}, timeout=30)
        assert write.status_code == 400 and write.json()["code"] == "E038", host
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", "LOCALHOST"):
        assert httpx.get(served.url + "/api/stats", headers={"host": host}, timeout=30).status_code == 200


def test_a_host_header_is_read_without_its_port() -> None:
    assert host_name("[::1]:8765") == "::1" and host_name("Localhost:80") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1" and host_name("::1") == "::1"


def test_serve_beyond_loopback_needs_the_token_for_every_write(serve: Callable[..., Served]) -> None:
    served = serve("--host", "0.0.0.0", env={"NEWSGRAPH_TOKEN": "t0ken-from-env"})
    assert served.listening() == {"0.0.0.0"}
    assert httpx.get(served.url + "/api/stats", timeout=30).status_code == 200  # reads stay open
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "t0ken-from-env"}):
        response = httpx.post(served.url + "/api/judgements", json=JUDGEMENT, headers=headers, timeout=30)
        assert response.status_code == 401 and response.json()["code"] == "E031", headers
    allowed = httpx.post(
        served.url + "/api/judgements",
        json=JUDGEMENT,
        headers={"Authorization": "Bearer t0ken-from-env"},
        timeout=30,
    )
    assert allowed.status_code == 404  # past the guard: the ids are unknown


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "::ffff:127.0.0.1", "localhost.example.org"])
def test_serve_refuses_any_host_but_loopback_without_a_token(base: Path, host: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    result = CliRunner().invoke(app, ["serve", "--db", str(base), "--host", host], env=env)
    assert result.exit_code == 2 and "E030" in result.output, result.output
    assert not is_loopback(host)
