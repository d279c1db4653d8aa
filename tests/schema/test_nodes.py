"""Any object by its id alone (Relay's node interface), within the caller's workspace only."""

from __future__ import annotations

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from graph.ingest.imports import load_bundle
from tests.conftest import GraphQLCaller, new_workspace

BUNDLE = {
    "sellers": [{"id": "sel-1", "name": "Dana Seller"}],
    "accounts": [{"id": "acc-1", "name": "Acme", "ownerSellerId": "sel-1"}],
    "partners": [{"id": "par-1", "name": "Stratus", "sharingLevel": "ACCOUNTS"}],
    "people": [{"id": "per-1", "name": "Lena Buyer"}],
    "employments": [{"personId": "per-1", "organizationId": "acc-1"}],
    "opportunities": [{"id": "opp-1", "accountId": "acc-1", "name": "Routes"}],
}

NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
    ... on Account { name }
    ... on Person { name }
    ... on Seller { name }
    ... on Opportunity { name account { id } }
    ... on Partner { name }
  }
}
"""


async def test_each_kind_comes_back_in_the_order_asked(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """nodes answers every kind in order, null for an unknown id and for another workspace's."""
    await load_bundle(graph, workspace, BUNDLE)
    elsewhere = new_workspace()
    await load_bundle(graph, elsewhere, {"accounts": [{"id": "acc-2", "name": "Other"}]})
    ids = ["opp-1", "acc-1", "missing", "per-1", "acc-2", "sel-1", "par-1"]
    body = await gql(NODES, {"ids": ids})
    assert "errors" not in body, body
    answered = [None if n is None else (n["__typename"], n["id"]) for n in body["data"]["nodes"]]
    assert answered == [
        ("Opportunity", "opp-1"),
        ("Account", "acc-1"),
        None,
        ("Person", "per-1"),
        None,
        ("Seller", "sel-1"),
        ("Partner", "par-1"),
    ]
    assert body["data"]["nodes"][0]["account"] == {"id": "acc-1"}
    one = await gql('query { node(id: "acc-1") { id ... on Account { name } } }')
    assert one["data"]["node"] == {"id": "acc-1", "name": "Acme"}
    none = await gql('query { node(id: "acc-2") { id } }')
    assert none == {"data": {"node": None}}


async def test_partner_callers_cannot_fetch_by_id(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A partner credential gets FORBIDDEN: it reads only through the partner boundary."""
    await load_bundle(graph, workspace, BUNDLE)
    key = await create_api_key(graph, workspace, "partner", Role.PARTNER, "par-1")
    body = await GraphQLCaller(http, key.secret)('query { node(id: "acc-1") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
