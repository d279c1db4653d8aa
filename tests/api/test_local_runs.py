"""Repeated runs: the local server keeps its port and says in one line who runs it; the demo key
is reused beside local data and revoked after a run against a server of your own."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import demo_key
from api.settings import Settings
from graph.core.client import ConnectionOptions
from graph.core.host import free_port
from graph.core.local_server import LocalNeo4j, LocalServerError, LocalServerOptions
from tests.conftest import TEST_PASSWORD, new_workspace


@pytest.fixture
def other_process() -> Iterator[int]:
    """A live process that is not this one."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


def test_a_second_run_on_a_home_says_who_runs_it(tmp_path: Path, other_process: int) -> None:
    """Starting a home another live process runs fails with one sentence naming pid and URI."""
    (tmp_path / "launcher.owner").write_text(f"{other_process} bolt://127.0.0.1:7999")
    server = LocalNeo4j(LocalServerOptions(home=tmp_path, password="irrelevant-pw"))
    with pytest.raises(LocalServerError) as raised:
        server.start()
    message = str(raised.value)
    assert "\n" not in message
    assert f"pid {other_process}" in message
    assert "bolt://127.0.0.1:7999" in message
    assert "accountmap neo4j start" in message


def test_a_home_keeps_its_port_while_the_port_is_free(tmp_path: Path) -> None:
    """The port a home last used is offered again, unless something else holds it now."""
    server = LocalNeo4j(LocalServerOptions(home=tmp_path, password="irrelevant-pw"))
    port = free_port()
    (tmp_path / "launcher.port").write_text(str(port))
    assert server.remembered_port() == port
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        assert server.remembered_port() is None


def test_demo_key_reused_locally_and_per_run_elsewhere(
    neo4j_connection: ConnectionOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside local data the demo key is kept and reused; against NEO4J_URI it is made for the
    run (and `serve` revokes it when the run ends)."""
    for name in ("NEO4J_URI", "ACCOUNTMAP_NEO4J_URI"):
        monkeypatch.delenv(name, raising=False)
    local = Settings(neo4j_password=TEST_PASSWORD, neo4j_home=tmp_path)
    assert local.uses_local_server
    workspace = new_workspace("demo")
    first = demo_key(local, neo4j_connection, workspace)
    again = demo_key(local, neo4j_connection, workspace)
    assert (again.secret, again.revoke_on_exit) == (first.secret, False)

    elsewhere = Settings(neo4j_uri=neo4j_connection.uri, neo4j_password="a-real-server-pw")
    per_run = demo_key(elsewhere, neo4j_connection, workspace)
    assert per_run.revoke_on_exit
    assert per_run.secret != first.secret
