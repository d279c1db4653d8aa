"""The ASGI application: ``create_app(settings)``.

One Neo4j driver per process, opened in the lifespan and closed on shutdown; the process keeps no
other state, so any number of replicas can run behind a load balancer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager

import httpx
import strawberry
from prometheus_client import multiprocess as prometheus_multiprocess
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route, WebSocketRoute

from api.auth import CredentialBackend, RequireAuthentication, auth_error_response
from api.connection import Locate, connection_options, follow_relocations, local_locator
from api.graphql_view import AccountMapGraphQL
from api.health import healthz, readyz
from api.ide import IdeAssets
from api.mcp.http import PATH as MCP_PATH
from api.mcp.http import McpEndpoint, answering_mcp_in_json_rpc
from api.observability import POOL_SIZE, RequestObservation, TransactionMetrics, metrics
from api.settings import Settings, load_settings
from api.web_app import WebAppAssets
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.errors import GraphError
from graph.core.migrations import apply_migrations
from graph.signals.deliveries import Backoff
from graph.signals.worker import SignalWorker, WorkerOptions
from schema.root import SchemaLimits, build_schema

log = logging.getLogger("accountmap")


def worker_options(settings: Settings, workspaces: Collection[str] | None = None) -> WorkerOptions:
    """The signal loop's options from the settings (``workspaces``: only these; None: all)."""
    return WorkerOptions(
        workspaces=workspaces,
        poll_s=settings.signals_poll_s,
        lease_s=settings.webhook_lease_s,
        timeout_s=settings.webhook_timeout_s,
        max_attempts=settings.webhook_max_attempts,
        backoff=Backoff(settings.webhook_backoff_base_s, settings.webhook_backoff_max_s),
    )


def create_app(
    settings: Settings | None = None,
    connection: ConnectionOptions | None = None,
    locate: Locate | None = None,
) -> Starlette:
    """Build the app. ``connection`` overrides where Neo4j is (the CLI passes the local one);
    ``locate``, when given, is asked every few seconds where Neo4j is now, and the app follows a
    server restarted on another address (the local server's, ``local_locator``)."""
    settings = settings or load_settings()
    connection = connection or connection_options(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = open_driver(connection)
        app.state.graph = GraphClient(
            driver,
            connection.database,
            timeout_s=settings.neo4j_query_timeout_s,
            observer=TransactionMetrics(),
        )
        POOL_SIZE.set(connection.pool_size)
        try:
            applied = await apply_migrations(app.state.graph)
            if applied:
                log.info("applied migrations: %s", ", ".join(applied))
        except GraphError as error:
            # Serve anyway: /readyz reports 503 and applies them once Neo4j is back.
            log.warning("Migrations not applied at startup (%s); /readyz retries", error.message)
        # The signal loop (graph/signals/worker.py): its state is in Neo4j, so every replica
        # may run it; it stops with the process.
        http = httpx.AsyncClient(follow_redirects=False)
        signals = SignalWorker(app.state.graph, http, worker_options(settings))
        worker = asyncio.create_task(signals.run_forever()) if settings.signals_worker else None

        def moved(graph: GraphClient) -> None:
            signals.graph = graph  # the loop follows a relocated server like the requests do

        following = (
            asyncio.create_task(follow_relocations(app.state, locate, connection, on_move=moved))
            if locate is not None
            else None
        )
        try:
            async with assistant.run():  # the MCP SDK's session manager, for /mcp
                yield
        finally:
            for task in (following, worker):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            await http.aclose()
            await app.state.graph.driver.close()
            if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
                # This worker's live gauges stop counting toward the sum.
                prometheus_multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

    schema = schema_of(settings)
    ide = IdeAssets(settings.graphiql_modules) if settings.graphiql else None
    graphql = AccountMapGraphQL(
        schema,
        ide=ide,
        max_body_bytes=settings.max_body_bytes,
        budget_s=settings.request_timeout_s,
    )
    assistant = McpEndpoint(schema, settings)
    protected = RequireAuthentication(graphql)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *([Route("/metrics", metrics)] if settings.metrics else []),
            Route("/graphql", protected),
            Route(MCP_PATH, assistant, methods=["GET", "POST", "DELETE"]),
            # Subscriptions (graphql-transport-ws); the view authenticates in connection_init.
            WebSocketRoute("/graphql", graphql),
            *([ide.route()] if ide else []),
            *WebAppAssets().routes(),
        ],
        middleware=[
            Middleware(RequestObservation, budget_s=settings.request_timeout_s),
            Middleware(
                AuthenticationMiddleware,
                backend=CredentialBackend(),
                on_error=answering_mcp_in_json_rpc(auth_error_response),
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app


def create_worker_app() -> Starlette:
    """The app of one of several workers (``accountmap serve --workers N``): settings from the
    environment, Neo4j where the serving command found or started it."""
    from api.server import WORKER_NEO4J_URI

    settings = load_settings()
    connection = connection_options(settings, os.environ.get(WORKER_NEO4J_URI))
    return create_app(settings, connection, local_locator(settings))


def schema_of(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema with the settings' limits (``/graphql``, ``/mcp`` and ``accountmap
    mcp`` all run this one)."""
    return build_schema(
        SchemaLimits(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_cost=settings.max_query_cost,
        )
    )
