"""Signals through the API: webhooks for admins only, the event log and the delivery log as
connections, replays, and the subscription over a real WebSocket (graphql-transport-ws) scoped
to the caller's workspace, refused to partners and to sockets without a credential."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from api.app import create_app
from api.settings import Settings
from graph.core.client import ConnectionOptions, GraphClient
from graph.core.credentials import Role, create_api_key
from graph.ingest.lifecycle import EntityKind, delete_entity
from graph.signals.scan import scan_until_clean
from tests.conftest import GraphQLCaller, new_workspace
from tests.graph.signals.story import DAY, load_story

REGISTER = """
mutation Register($url: String!, $types: [SignalType!]!) {
  registerWebhook(url: $url, eventTypes: $types, secret: "0123456789abcdef-secret") {
    webhook { id url eventTypes }
    secret
  }
}
"""


async def _with_events(graph: GraphClient, workspace: str) -> None:
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await delete_entity(graph, workspace, EntityKind.PERSON, "p-maya")
    await scan_until_clean(graph, workspace, DAY)


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_webhooks_are_for_admins(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """A member may not register, list or delete webhooks; an admin may; a bad URL is
    INVALID_INPUT naming the field; the secret is shown once, never listed."""
    member = GraphQLCaller(http, (await create_api_key(graph, workspace, "m", Role.MEMBER)).secret)
    variables = {"url": "http://127.0.0.1:9/hook", "types": ["CHAMPION_LEFT"]}
    assert _codes(await member(REGISTER, variables)) == ["FORBIDDEN"]
    assert _codes(await member("{ webhooks { totalCount } }")) == ["FORBIDDEN"]
    bad = await gql(REGISTER, {**variables, "url": "ftp://example.com/x"})
    assert bad["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "url"}
    made = (await gql(REGISTER, variables))["data"]["registerWebhook"]
    assert made["secret"] == "0123456789abcdef-secret"
    listed = await gql("{ webhooks { totalCount edges { node { id url eventTypes } } } }")
    assert listed["data"]["webhooks"]["edges"][0]["node"] == made["webhook"]
    deleted = await gql(
        "mutation($id: ID!) { deleteWebhook(id: $id) { id droppedDeliveries } }",
        {"id": made["webhook"]["id"]},
    )
    assert deleted["data"]["deleteWebhook"]["droppedDeliveries"] == 0
    again = await gql(
        "mutation($id: ID!) { deleteWebhook(id: $id) { id } }", {"id": made["webhook"]["id"]}
    )
    assert _codes(again) == ["NOT_FOUND"]


async def test_event_and_delivery_logs(
    graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """Events newest first, paged with after; each event has one pending delivery per webhook,
    paged too; a replay answers with the delivery; a hop bound out of range is INVALID_INPUT."""
    await gql(
        REGISTER, {"url": "http://127.0.0.1:9/hook", "types": ["CHAMPION_LEFT", "RISK_FLAG_RAISED"]}
    )
    await _with_events(graph, workspace)
    query = """
    query($after: String) {
      signalEvents(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { seq type accountId sentence people { id kind } detailJson } }
      }
    }"""
    first = (await gql(query))["data"]["signalEvents"]
    second = (await gql(query, {"after": first["pageInfo"]["endCursor"]}))["data"]["signalEvents"]
    seqs = [e["node"]["seq"] for e in first["edges"] + second["edges"]]
    assert seqs == sorted(seqs, reverse=True)
    assert len(set(seqs)) == 4
    total = first["totalCount"]
    assert first["pageInfo"]["hasNextPage"]
    everything = (await gql("{ signalEvents(first: 50) { edges { node { type } } } }"))["data"]
    kinds = [e["node"]["type"] for e in everything["signalEvents"]["edges"]]
    assert len(kinds) == total
    assert "CHAMPION_LEFT" in kinds
    wanted = sum(k in ("CHAMPION_LEFT", "RISK_FLAG_RAISED") for k in kinds)
    log = """
    query($after: String) {
      webhookDeliveries(first: 1, after: $after, where: {state: PENDING}) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id eventSeq state } }
      }
    }"""
    page = (await gql(log))["data"]["webhookDeliveries"]
    assert page["totalCount"] == wanted
    nxt = (await gql(log, {"after": page["pageInfo"]["endCursor"]}))["data"]["webhookDeliveries"]
    assert nxt["edges"][0]["node"]["eventSeq"] < page["edges"][0]["node"]["eventSeq"]
    replayed = await gql(
        "mutation($id: ID!) { replayWebhookDelivery(id: $id) { state replays attempts } }",
        {"id": page["edges"][0]["node"]["id"]},
    )
    assert replayed["data"]["replayWebhookDelivery"] == {
        "state": "PENDING",
        "replays": 1,
        "attempts": 0,
    }
    bound = await gql("mutation { setSignalHopBound(maxHops: 9) { maxHops } }")
    assert bound["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "maxHops"}


async def test_partners_get_no_events(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A partner credential reads no signal events (they name our sellers and routes)."""
    await _with_events(graph, workspace)
    key = await create_api_key(graph, workspace, "p", Role.PARTNER, partner_id="par-x")
    body = await GraphQLCaller(http, key.secret)("{ signalEvents { totalCount } }")
    assert _codes(body) == ["FORBIDDEN"]


@asynccontextmanager
async def _served(settings: Settings, connection: ConnectionOptions) -> AsyncIterator[str]:
    """The API on a loopback port (its own lifespan and driver); yields the WebSocket URL."""
    app = create_app(settings.model_copy(update={"signals_poll_s": 0.05}), connection)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await task


async def _open(url: str, key: str | None) -> ClientConnection:
    socket = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    payload = {} if key is None else {"Authorization": f"Bearer {key}"}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    return socket


async def _subscribe(socket: ClientConnection) -> None:
    await socket.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {
                    "query": "subscription { signalEvents { seq type accountId sentence } }"
                },
            }
        )
    )


async def test_subscription_pushes_the_workspaces_events(
    graph: GraphClient, settings: Settings, neo4j_connection: ConnectionOptions
) -> None:
    """Over a WebSocket authenticated in connection_init, the subscription pushes this
    workspace's new events in order and nothing of another workspace's; a partner's is
    refused with FORBIDDEN; a socket without a credential is closed with 4403."""
    mine, theirs = new_workspace("sub"), new_workspace("sub")
    for workspace in (mine, theirs):
        await load_story(graph, workspace)
        await scan_until_clean(graph, workspace, DAY)
    admin = (await create_api_key(graph, mine, "a", Role.ADMIN)).secret
    partner = (await create_api_key(graph, mine, "p", Role.PARTNER, partner_id="par-x")).secret
    async with _served(settings, neo4j_connection) as url:
        socket = await _open(url, admin)
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await _subscribe(socket)
        await asyncio.sleep(0.3)  # the subscription has read where the log stands
        for workspace in (theirs, mine):
            await delete_entity(graph, workspace, EntityKind.PERSON, "p-maya")
            await scan_until_clean(graph, workspace, DAY)
        first = json.loads(await asyncio.wait_for(socket.recv(), 10))
        second = json.loads(await asyncio.wait_for(socket.recv(), 10))
        events = [m["payload"]["data"]["signalEvents"] for m in (first, second)]
        assert [e["type"] for e in events] == ["CHAMPION_LEFT", "ROUTE_TO_ECONOMIC_BUYER_LOST"]
        assert events[0]["seq"] < events[1]["seq"]
        assert events[0]["seq"] == 1  # this workspace's numbering: theirs is not in it
        await socket.close()

        refused = await _open(url, partner)
        assert json.loads(await refused.recv())["type"] == "connection_ack"
        await _subscribe(refused)
        message = json.loads(await asyncio.wait_for(refused.recv(), 10))
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
        await refused.close()

        anonymous = await _open(url, None)
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(anonymous.recv(), 10)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403
