"""`accountmap signals`: the graph-signal loop (change scan, webhook deliveries) as a process of
its own, so that API workers can leave it out (``ACCOUNTMAP_SIGNALS_WORKER=false``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging.config
import signal
from collections.abc import Collection

import httpx

from api.app import worker_options
from api.observability import logging_config
from api.settings import Settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.signals.worker import SignalWorker


async def run_signal_loop(
    settings: Settings, connection: ConnectionOptions, workspaces: Collection[str] | None
) -> None:
    """Run the loop until SIGINT or SIGTERM (``workspaces``: only these; None: all)."""
    logging.config.dictConfig(logging_config(settings.log_format))
    # Ctrl-C and a service manager's SIGTERM end the loop the same way, whatever this process
    # inherited for them (a job a shell started in the background ignores SIGINT).
    main = asyncio.current_task()
    assert main is not None
    for stop in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(stop, main.cancel)
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database, timeout_s=settings.neo4j_query_timeout_s)
    try:
        async with httpx.AsyncClient(follow_redirects=False) as http:
            with contextlib.suppress(asyncio.CancelledError):
                await SignalWorker(graph, http, worker_options(settings, workspaces)).run_forever()
    finally:
        await driver.close()
