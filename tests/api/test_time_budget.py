"""A request's time budget and a client that goes away stop the request's Neo4j work too.

The edge under test is the real one (request observation, authentication, the GraphQL view);
the schema is a one-field schema whose resolver runs a Cypher statement that would take minutes,
so that the request is reliably still running when the budget ends or the client leaves. What is
checked is the database: the transaction, found by its ``requestId`` metadata in
``SHOW TRANSACTIONS`` while it runs, is gone soon after.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import httpx
import pytest
import strawberry
from neo4j import AsyncManagedTransaction
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route

from api.auth import CredentialBackend, auth_error_response
from api.graphql_view import AccountMapGraphQL
from api.observability import RequestObservation
from api.settings import Settings
from graph.core.client import GraphClient, fetch_one
from graph.core.credentials import Role, create_api_key
from schema.core.context import Info
from schema.core.errors import CodedErrors, CodedSchema
from schema.core.operation import OperationMetadata

# Minutes of CPU in Neo4j: the request is still running whenever the test looks.
_SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"


@strawberry.type
class _Query:
    @strawberry.field
    async def slow(self, info: Info) -> int:
        async def work(tx: AsyncManagedTransaction) -> int:
            row = await fetch_one(tx, _SLOW, {})
            return int(row["n"]) if row else 0

        return await info.context.graph.read(work)


def _app(graph: GraphClient, settings: Settings, budget_s: float) -> Starlette:
    schema = CodedSchema(query=_Query, extensions=[OperationMetadata, CodedErrors])
    app = Starlette(
        routes=[Route("/graphql", AccountMapGraphQL(schema, ide=None, budget_s=budget_s))],
        middleware=[
            Middleware(RequestObservation, budget_s=budget_s),
            Middleware(
                AuthenticationMiddleware, backend=CredentialBackend(), on_error=auth_error_response
            ),
        ],
    )
    app.state.graph = graph
    app.state.settings = settings
    return app


@pytest.fixture
async def key(graph: GraphClient, workspace: str) -> str:
    return (await create_api_key(graph, workspace, "budget", Role.VIEWER)).secret


async def _transactions_of(graph: GraphClient, request_id: str) -> list[dict[str, Any]]:
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run(
            "SHOW TRANSACTIONS YIELD metaData, currentQuery "
            "WHERE metaData.requestId = $id RETURN metaData, currentQuery",
            {"id": request_id},
        )
        return [record.data() async for record in result]


async def _eventually(graph: GraphClient, request_id: str, *, present: bool) -> float:
    """Seconds until the request's transaction is (or is no longer) listed; fails after 10 s."""
    started = time.monotonic()
    while time.monotonic() - started < 10:
        if bool(await _transactions_of(graph, request_id)) == present:
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    pytest.fail(f"transaction of {request_id} {'never appeared' if present else 'still runs'}")


async def test_the_budget_ends_the_request_and_its_transaction(
    graph: GraphClient, settings: Settings, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(graph, settings, budget_s=1.5)
    caplog.set_level(logging.INFO, logger="accountmap.request")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        request = asyncio.ensure_future(
            client.post(
                "/graphql",
                json={"query": "query Slow { slow }"},
                headers={"Authorization": f"Bearer {key}", "X-Request-ID": "budget-1"},
            )
        )
        await _eventually(graph, "budget-1", present=True)
        [running] = await _transactions_of(graph, "budget-1")
        assert running["metaData"] == {"requestId": "budget-1", "graphqlOperation": "Slow"}
        response = await request
    assert response.status_code == 504
    assert response.headers["x-request-id"] == "budget-1"
    assert response.json()["errors"][0]["extensions"] == {"code": "QUERY_TIMEOUT"}
    assert "1.5 s" in response.json()["errors"][0]["message"]
    await _eventually(graph, "budget-1", present=False)
    [line] = [r for r in caplog.records if r.name == "accountmap.request"]
    assert (line.code, line.status, line.operation, line.fields) == (  # type: ignore[attr-defined]
        "QUERY_TIMEOUT",
        504,
        "Slow",
        ["slow"],
    )


async def test_a_client_that_leaves_stops_the_database_work(
    graph: GraphClient, settings: Settings, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(graph, settings, budget_s=60)
    caplog.set_level(logging.INFO, logger="accountmap.request")
    body = json.dumps({"query": "{ slow }"}).encode()
    left = asyncio.Event()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if not sent:
            sent.append({})
            return {"type": "http.request", "body": body, "more_body": False}
        await left.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
        "headers": [
            (b"content-type", b"application/json"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"x-request-id", b"leaver-1"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    call = asyncio.ensure_future(app(scope, receive, send))  # type: ignore[arg-type]
    await _eventually(graph, "leaver-1", present=True)
    left.set()
    await asyncio.wait_for(call, 10)
    assert sent[1:] == []  # nothing was sent to the departed client
    await _eventually(graph, "leaver-1", present=False)
    [line] = [r for r in caplog.records if r.name == "accountmap.request"]
    assert (line.code, line.status) == ("CLIENT_CLOSED_REQUEST", 499)  # type: ignore[attr-defined]
