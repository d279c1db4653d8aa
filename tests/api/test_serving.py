"""Serving: slow clients are cut off, and several workers answer as one service."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from api.server import READ_TIMEOUT_S
from graph.core.client import ConnectionOptions, GraphClient
from graph.core.credentials import Role, create_api_key
from graph.core.host import free_port
from tests.conftest import REPO


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"hello {len(await request.body())}")


@pytest.fixture
def guarded_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A uvicorn server with the project's protocol and a read timeout of 1 s."""
    monkeypatch.setenv(READ_TIMEOUT_S, "1")
    port = free_port()
    config = uvicorn.Config(
        Starlette(routes=[Route("/", _hello, methods=["GET", "POST"])]),
        host="127.0.0.1",
        port=port,
        http="api.server:GuardedHttp",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """True when the server closes the connection within ``seconds`` without answering."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_client_that_never_sends_is_closed(guarded_server: int) -> None:
    with socket.create_connection(("127.0.0.1", guarded_server)) as idle:
        assert _closed_within(idle, 5)


def test_a_client_that_stops_mid_headers_is_closed(guarded_server: int) -> None:
    with socket.create_connection(("127.0.0.1", guarded_server)) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        assert _closed_within(slow, 5)


def test_a_client_that_stops_mid_body_is_closed(guarded_server: int) -> None:
    with socket.create_connection(("127.0.0.1", guarded_server)) as slow:
        slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        assert _closed_within(slow, 5)


def test_a_whole_request_is_answered(guarded_server: int) -> None:
    with socket.create_connection(("127.0.0.1", guarded_server)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        client.settimeout(5)
        assert client.recv(4096).startswith(b"HTTP/1.1 200")
        # Answered, then idle on a kept-alive connection: uvicorn's keep-alive closes it.
        assert _closed_within(client, 10)


async def test_two_workers_serve_one_api(
    neo4j_connection: ConnectionOptions, graph: GraphClient, workspace: str, tmp_path: Path
) -> None:
    """`accountmap serve --workers 2`: both start, every request is answered, and /metrics in
    either worker counts the requests of both."""
    key = (await create_api_key(graph, workspace, "workers", Role.VIEWER)).secret
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_connection.uri,
        "NEO4J_PASSWORD": neo4j_connection.password,
        "ACCOUNTMAP_PORT": str(port),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    log = (tmp_path / "serve.log").open("w")
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "accountmap"),
        "serve",
        "--workers",
        "2",
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and process.returncode is None:
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
            headers = {"Authorization": f"Bearer {key}"}
            for _ in range(20):
                response = await http.post(
                    "/graphql", json={"query": "{ viewer { workspace } }"}, headers=headers
                )
                assert response.json()["data"]["viewer"]["workspace"] == workspace
            metrics = (await http.get("/metrics")).text
        total = re.search(r'accountmap_requests_total\{code="OK",field="viewer"\} (\S+)', metrics)
        assert total is not None
        assert float(total.group(1)) == 20
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert len(set(re.findall(r"Started server process \[(\d+)\]", output))) == 2, output
