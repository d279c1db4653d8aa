"""`accountmap signals`: the change scan and deliveries as a process of their own."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from graph.core.client import ConnectionOptions, GraphClient
from tests.conftest import REPO
from tests.graph.signals.story import dirty_accounts, load_story


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a background job of a shell inherits it


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_the_signal_loop_runs_alone_and_stops_on_a_signal(
    neo4j_connection: ConnectionOptions, graph: GraphClient, workspace: str, stop: signal.Signals
) -> None:
    """An import marks its accounts; `accountmap signals --workspace W` scans them (the marks
    clear) and exits cleanly on SIGTERM (what a service manager sends) or Ctrl-C, even when it
    inherited SIGINT ignored (started in the background by a shell)."""
    await load_story(graph, workspace)
    assert await dirty_accounts(graph, workspace)
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_connection.uri,
        "NEO4J_PASSWORD": neo4j_connection.password,
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "accountmap"),
        "signals",
        "--workspace",
        workspace,
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        preexec_fn=_ignore_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while await dirty_accounts(graph, workspace) and time.monotonic() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.5)
        assert await dirty_accounts(graph, workspace) == set()
    finally:
        process.send_signal(stop)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert "Signal loop stopped." in output.decode()
