"""The ASGI application: ``create_app(settings)``.

One Neo4j driver per process, opened in the lifespan and closed on shutdown; the process keeps no
other state, so any number of replicas can run behind a load balancer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route

from api.auth import CredentialBackend, RequireAuthentication, auth_error_response
from api.connection import connection_options
from api.graphql_view import AccountMapGraphQL
from api.health import healthz, readyz
from api.ide import IdeAssets
from api.mcp.http import PATH as MCP_PATH
from api.mcp.http import McpEndpoint, answering_mcp_in_json_rpc
from api.settings import Settings, load_settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.errors import GraphError
from graph.core.migrations import apply_migrations
from schema.root import SchemaLimits, build_schema

log = logging.getLogger("accountmap")


def create_app(
    settings: Settings | None = None, connection: ConnectionOptions | None = None
) -> Starlette:
    """Build the app. ``connection`` overrides where Neo4j is (the CLI passes the local one)."""
    settings = settings or load_settings()
    connection = connection or connection_options(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = open_driver(connection)
        app.state.graph = GraphClient(
            driver, connection.database, timeout_s=settings.neo4j_query_timeout_s
        )
        try:
            applied = await apply_migrations(app.state.graph)
            if applied:
                log.info("applied migrations: %s", ", ".join(applied))
        except GraphError as error:
            # Serve anyway: /readyz reports 503 and applies them once Neo4j is back.
            log.warning("Migrations not applied at startup (%s); /readyz retries", error.message)
        try:
            async with assistant.run():  # the MCP SDK's session manager, for /mcp
                yield
        finally:
            await driver.close()

    schema = schema_of(settings)
    ide = IdeAssets(settings.graphiql_modules) if settings.graphiql else None
    graphql = AccountMapGraphQL(schema, ide=ide, max_body_bytes=settings.max_body_bytes)
    assistant = McpEndpoint(schema, settings)
    protected = RequireAuthentication(graphql)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", protected),
            Route(MCP_PATH, assistant, methods=["GET", "POST", "DELETE"]),
            *([ide.route()] if ide else []),
        ],
        middleware=[
            Middleware(
                AuthenticationMiddleware,
                backend=CredentialBackend(),
                on_error=answering_mcp_in_json_rpc(auth_error_response),
            )
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app


def schema_of(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema with the settings' limits (``/graphql``, ``/mcp`` and ``accountmap
    mcp`` all run this one)."""
    return build_schema(
        SchemaLimits(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
        )
    )
