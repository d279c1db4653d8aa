"""The ASGI application: ``create_app(settings)``.

One Neo4j driver per process, opened in the lifespan and closed on shutdown; the process keeps no
other state, so any number of replicas can run behind a load balancer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route, WebSocketRoute

from api.auth import CredentialBackend, RequireAuthentication, auth_error_response
from api.connection import connection_options
from api.graphql_view import AccountMapGraphQL
from api.health import healthz, readyz
from api.ide import IdeAssets
from api.settings import Settings, load_settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.errors import GraphError
from graph.core.migrations import apply_migrations
from graph.signals.deliveries import Backoff
from graph.signals.worker import SignalWorker, WorkerOptions
from schema.root import SchemaLimits, build_schema

log = logging.getLogger("accountmap")


def _worker_options(settings: Settings) -> WorkerOptions:
    return WorkerOptions(
        poll_s=settings.signals_poll_s,
        lease_s=settings.webhook_lease_s,
        timeout_s=settings.webhook_timeout_s,
        max_attempts=settings.webhook_max_attempts,
        backoff=Backoff(settings.webhook_backoff_base_s, settings.webhook_backoff_max_s),
    )


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
        # The signal loop (graph/signals/worker.py): its state is in Neo4j, so every replica
        # may run it; it stops with the process.
        http = httpx.AsyncClient(follow_redirects=False)
        worker = (
            asyncio.create_task(
                SignalWorker(app.state.graph, http, _worker_options(settings)).run_forever()
            )
            if settings.signals_worker
            else None
        )
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await http.aclose()
            await driver.close()

    schema = build_schema(
        SchemaLimits(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
        )
    )
    ide = IdeAssets(settings.graphiql_modules) if settings.graphiql else None
    graphql = AccountMapGraphQL(schema, ide=ide, max_body_bytes=settings.max_body_bytes)
    protected = RequireAuthentication(graphql)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", protected),
            # Subscriptions (graphql-transport-ws); the view authenticates in connection_init.
            WebSocketRoute("/graphql", graphql),
            *([ide.route()] if ide else []),
        ],
        middleware=[
            Middleware(
                AuthenticationMiddleware,
                backend=CredentialBackend(),
                on_error=auth_error_response,
            )
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
