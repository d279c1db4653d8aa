"""Which Neo4j the service talks to: NEO4J_URI when set, else the local server on its home."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from api.settings import Settings, SettingsError
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.local_server import LocalNeo4j, LocalServerOptions

Locate = Callable[[], str | None]
"""Where the database is now (a Bolt URI), or ``None`` when it is not running."""

log = logging.getLogger("accountmap.connection")


def local_server(settings: Settings) -> LocalNeo4j:
    """The local server the settings describe (not started)."""
    return LocalNeo4j(
        LocalServerOptions(
            home=settings.neo4j_home,
            password=settings.neo4j_password.get_secret_value(),
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
        )
    )


def connection_options(settings: Settings, uri: str | None = None) -> ConnectionOptions:
    """Connection options for ``uri``, NEO4J_URI, or the running local server, in that order."""
    uri = uri or settings.neo4j_uri
    if uri is None:
        uri = local_server(settings).running_detached()
    if uri is None:
        raise SettingsError(
            "No Neo4j to talk to: set NEO4J_URI (with NEO4J_USERNAME and NEO4J_PASSWORD), or start "
            f"the local server first with 'accountmap neo4j start' (home {settings.neo4j_home})."
        )
    return ConnectionOptions(
        uri=uri,
        username=settings.neo4j_username,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        connection_timeout_s=settings.neo4j_connection_timeout_s,
        max_retry_time_s=settings.neo4j_max_retry_time_s,
        pool_size=settings.neo4j_pool_size,
    )


def local_locator(settings: Settings) -> Locate | None:
    """How to find the local server after a restart on another port (``None`` with NEO4J_URI:
    a named server keeps its address, and the driver reconnects by itself)."""
    if not settings.uses_local_server:
        return None
    return local_server(settings).running_uri


async def follow_relocations(
    state: Any,
    locate: Locate,
    options: ConnectionOptions,
    every_s: float = 2.0,
    on_move: Callable[[GraphClient], None] | None = None,
) -> None:
    """Every ``every_s``, look where the database is; when it moved, point ``state.graph`` at a
    new driver there (and tell ``on_move``), then close the old one. Runs until cancelled (the
    app's lifespan)."""
    uri = options.uri
    while True:
        await asyncio.sleep(every_s)
        found = await asyncio.to_thread(locate)
        if found is None or found == uri:
            continue
        graph: GraphClient = state.graph
        state.graph = replace(graph, driver=open_driver(replace(options, uri=found)))
        if on_move is not None:
            on_move(state.graph)
        log.warning("Neo4j moved from %s to %s; connected there", uri, found)
        uri = found
        await graph.driver.close()
