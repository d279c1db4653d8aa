"""Fixtures: one real Neo4j per test run (the project's launcher, or NEO4J_URI), a fresh
workspace per test (tenancy is the isolation), and the ASGI app over httpx.

Every workspace a test creates is named ``pytest-<run start>-...`` (``new_workspace``): the run
removes its own at the end, and the next run removes what a crashed run left hours ago, so a server
you point the tests at ends as it was found."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.local_server import LocalNeo4j, LocalServerOptions
from graph.core.migrations import apply_migrations

REPO = Path(__file__).resolve().parent.parent
TEST_PREFIX = "pytest-"
RUN_PREFIX = f"{TEST_PREFIX}{int(time.time())}-"
STALE_AFTER_S = 6 * 3600
"""A run's workspaces older than this are leftovers of a crashed run (no run lasts that long)."""
TEST_PASSWORD = "accountmap-test-password"
JWT_SECRET = "a-test-only-hmac-secret-of-decent-length"
JWT_ISSUER = "https://issuer.test"


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to start, in one sentence, when the server to test against cannot be logged into."""
    if os.environ.get("NEO4J_URI") and not os.environ.get("NEO4J_PASSWORD"):
        raise pytest.UsageError(
            "NEO4J_URI is set but NEO4J_PASSWORD is not: set the password of that server "
            "(or unset NEO4J_URI to let the tests start their own local Neo4j)."
        )


def new_workspace(kind: str = "ws") -> str:
    """A workspace id no other test uses, removed at the end of the run."""
    return f"{RUN_PREFIX}{kind}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def neo4j_connection() -> Iterator[ConnectionOptions]:
    """NEO4J_URI when set, else a throwaway local server started once for the whole run."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield ConnectionOptions(
            uri=uri,
            username=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ["NEO4J_PASSWORD"],
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    home = REPO / ".neo4j" / f"test-{os.getpid()}"
    shutil.rmtree(home, ignore_errors=True)
    server = LocalNeo4j(
        LocalServerOptions(home=home, password=TEST_PASSWORD, heap="1g", pagecache="512m")
    )
    uri = server.start(attached=True)
    try:
        yield ConnectionOptions(uri=uri, username="neo4j", password=TEST_PASSWORD)
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
async def graph(neo4j_connection: ConnectionOptions) -> AsyncIterator[GraphClient]:
    """A migrated graph shared by the run; tests isolate by workspace, not by database."""
    driver = open_driver(neo4j_connection)
    client = GraphClient(driver, neo4j_connection.database)
    await apply_migrations(client)
    await _remove_workspaces(client, stale_before=int(time.time()) - STALE_AFTER_S)
    yield client
    await _remove_workspaces(client, run_prefix=RUN_PREFIX)
    await driver.close()


_REMOVE = """
MATCH (n) WHERE n.workspace STARTS WITH $prefix OR (n:Workspace AND n.id STARTS WITH $prefix)
WITH n, coalesce(n.workspace, n.id) AS owner
WITH n, toInteger(split(substring(owner, size($prefix)), '-')[0]) AS started
WHERE ($runPrefix IS NOT NULL AND coalesce(n.workspace, n.id) STARTS WITH $runPrefix)
   OR ($staleBefore IS NOT NULL AND started < $staleBefore)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""


async def _remove_workspaces(
    graph: GraphClient, *, run_prefix: str | None = None, stale_before: int | None = None
) -> None:
    """Delete this run's test workspaces, or those of runs that started before ``stale_before``."""
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run(
            _REMOVE,
            {"prefix": TEST_PREFIX, "runPrefix": run_prefix, "staleBefore": stale_before},
        )
        await result.consume()


@pytest.fixture
def workspace() -> str:
    """A workspace id no other test uses."""
    return new_workspace()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings for the app under test (the connection is passed separately)."""
    return Settings(
        neo4j_password=TEST_PASSWORD,
        jwt_key=JWT_SECRET,
        jwt_algorithms=["HS256"],
        jwt_issuer=JWT_ISSUER,
        max_query_depth=8,
        # The signal loop would scan every workspace of the shared server; the signal tests
        # run their own workers, scoped to their workspaces.
        signals_worker=False,
    )


@pytest.fixture(scope="session")
async def app(
    settings: Settings, neo4j_connection: ConnectionOptions, graph: GraphClient
) -> AsyncIterator[Starlette]:
    """The ASGI app with its lifespan running (one driver, as in production)."""
    application = create_app(settings, neo4j_connection)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def admin_key(graph: GraphClient, workspace: str) -> str:
    """An admin API key of the test's workspace."""
    return (await create_api_key(graph, workspace, "test admin", Role.ADMIN)).secret


class GraphQLCaller:
    """Posts GraphQL documents with a credential and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient, key: str) -> None:
        self.http = http
        self.key = key

    async def __call__(
        self, query: str, variables: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": dict(variables or {})},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def gql(http: httpx.AsyncClient, admin_key: str) -> GraphQLCaller:
    """GraphQL as the workspace's admin."""
    return GraphQLCaller(http, admin_key)
