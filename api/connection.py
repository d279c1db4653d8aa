"""Which Neo4j the service talks to: NEO4J_URI when set, else the local server on its home."""

from __future__ import annotations

from api.settings import Settings, SettingsError
from graph.core.client import ConnectionOptions
from graph.core.local_server import LocalNeo4j, LocalServerOptions


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
