"""``accountmap mcp``: the MCP server over stdio, for an assistant on this machine.

The process speaks for one credential, checked once at start (an API key against the graph, a
JWT by signature, exactly as ``/graphql`` checks them); every tool call runs with a fresh request
context for it, through the same schema ``create_app`` builds.
"""

from __future__ import annotations

from typing import Any

from mcp.server.context import ServerRequestContext
from mcp.server.stdio import stdio_server

from api.app import schema_of
from api.auth import principal_of
from api.graphql_view import limits_of
from api.mcp.server import build_server
from api.settings import Settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from schema.core.context import RequestContext


async def serve_stdio(settings: Settings, connection: ConnectionOptions, credential: str) -> None:
    """Serve until stdin closes. ``AuthenticationError`` when the credential is not valid."""
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database, timeout_s=settings.neo4j_query_timeout_s)
    try:
        caller = await principal_of(credential, settings, graph)

        async def context_for(_ctx: ServerRequestContext[Any, Any]) -> RequestContext:
            return RequestContext(graph=graph, caller=caller, limits=limits_of(settings))

        server = build_server(
            schema_of(settings), context_for, max_page_size=settings.max_page_size
        )
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await driver.close()
