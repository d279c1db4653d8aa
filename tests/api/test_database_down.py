"""When Neo4j goes away the API fails fast with DATABASE_UNAVAILABLE, and recovers by itself."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.errors import DatabaseAuthFailed
from graph.core.host import free_port
from graph.core.local_server import LocalNeo4j, LocalServerOptions
from tests.conftest import REPO, TEST_PASSWORD
from tests.graph.signals.story import dirty_accounts, load_story

# It stops and starts a server of its own, so it needs the local launcher (Java); against a server
# named by NEO4J_URI the suite starts no Java at all.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("NEO4J_URI")),
    reason="NEO4J_URI is set: this test needs a local Neo4j of its own to stop and start",
)


@pytest.fixture
def own_server() -> Iterator[LocalNeo4j]:
    """A second local server this test may stop and start, on a fixed port."""
    home = REPO / ".neo4j" / f"down-{uuid.uuid4().hex[:8]}"
    server = LocalNeo4j(
        LocalServerOptions(
            home=home, password=TEST_PASSWORD, heap="512m", pagecache="64m", port=free_port()
        )
    )
    server.start(attached=True)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


async def test_down_then_back(own_server: LocalNeo4j, settings: Settings, workspace: str) -> None:
    """Stop Neo4j: query fails with DATABASE_UNAVAILABLE (no stack trace); start it: query works."""
    assert own_server.uri is not None
    connection = ConnectionOptions(
        uri=own_server.uri,
        username="neo4j",
        password=TEST_PASSWORD,
        max_retry_time_s=0.5,
        connection_timeout_s=1.0,
    )
    app = create_app(settings, connection)
    async with app.router.lifespan_context(app):
        driver = open_driver(connection)
        key = (await create_api_key(GraphClient(driver), workspace, "k", Role.ADMIN)).secret
        await driver.close()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            headers = {"Authorization": f"Bearer {key}"}
            query = {"query": "{ viewer { workspace } }"}
            ok = await http.post("/graphql", json=query, headers=headers)
            assert ok.json()["data"]["viewer"]["workspace"] == workspace

            own_server.stop()
            down = await http.post("/graphql", json=query, headers=headers)
            body = down.json()
            assert body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            assert "Traceback" not in down.text
            ready = await http.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["status"] == "unavailable"

            own_server.start(attached=True)
            back = await http.post("/graphql", json=query, headers=headers)
            assert back.json()["data"]["viewer"]["workspace"] == workspace
            assert (await http.get("/readyz")).status_code == 200


async def test_a_server_restarted_on_another_port_is_followed(
    settings: Settings, workspace: str
) -> None:
    """The local server comes back on another address (its port was taken meanwhile): the API,
    given where to look (``locate``), connects there by itself, without a restart."""
    home = REPO / ".neo4j" / f"moved-{uuid.uuid4().hex[:8]}"
    server = LocalNeo4j(
        LocalServerOptions(home=home, password=TEST_PASSWORD, heap="512m", pagecache="64m")
    )
    first_uri = server.start(attached=True)
    try:
        connection = ConnectionOptions(
            uri=first_uri,
            username="neo4j",
            password=TEST_PASSWORD,
            max_retry_time_s=0.5,
            connection_timeout_s=1.0,
        )
        driver = open_driver(connection)
        key = (await create_api_key(GraphClient(driver), workspace, "k", Role.ADMIN)).secret
        await driver.close()
        # The signal loop on too (this server holds only this test's workspace): it must follow.
        looping = settings.model_copy(update={"signals_worker": True, "signals_poll_s": 0.2})
        app = create_app(looping, connection, locate=server.running_uri)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                headers = {"Authorization": f"Bearer {key}"}
                query = {"query": "{ viewer { workspace } }"}
                assert (await http.post("/graphql", json=query, headers=headers)).status_code == 200
                server.stop()
                with socket.socket() as squatter:
                    # The old port is taken meanwhile (SO_REUSEADDR: the server's TIME_WAIT
                    # connections do not stop the bind).
                    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    squatter.bind(("127.0.0.1", int(first_uri.rsplit(":", 1)[1])))
                    squatter.listen()
                    moved_uri = server.start(attached=True)
                assert moved_uri != first_uri
                deadline = time.monotonic() + 20
                while True:
                    back = await http.post("/graphql", json=query, headers=headers)
                    if (back.json().get("data") or {}).get("viewer") or time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.5)
                assert back.json()["data"]["viewer"]["workspace"] == workspace
                assert (await http.get("/readyz")).status_code == 200
                # A write at the new address marks accounts; the loop, moved too, scans them.
                moved = open_driver(replace(connection, uri=moved_uri))
                try:
                    await load_story(GraphClient(moved), workspace)
                    deadline = time.monotonic() + 30
                    while (  # noqa: ASYNC110 - polls Neo4j, no event to wait on
                        await dirty_accounts(GraphClient(moved), workspace)
                        and time.monotonic() < deadline
                    ):
                        await asyncio.sleep(0.5)
                    assert await dirty_accounts(GraphClient(moved), workspace) == set(), (
                        "the signal loop did not follow the server"
                    )
                finally:
                    await moved.close()
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


async def test_wrong_credentials_are_named(neo4j_connection: ConnectionOptions) -> None:
    """Credentials Neo4j refuses give DATABASE_AUTH_FAILED naming the settings to fix."""
    wrong = ConnectionOptions(
        uri=neo4j_connection.uri, username="nobody-here", password="not-the-password"
    )
    driver = open_driver(wrong)
    try:
        with pytest.raises(DatabaseAuthFailed, match="NEO4J_PASSWORD"):
            await GraphClient(driver).ping()
        with pytest.raises(DatabaseAuthFailed):
            await create_api_key(GraphClient(driver), "any", "k", Role.ADMIN)
    finally:
        await driver.close()
