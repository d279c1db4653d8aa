"""`partners` and `partner(id)`: our team sees every partner; a partner credential only itself."""

from __future__ import annotations

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from tests.conftest import GraphQLCaller
from tests.overlap_fixture import load_overlap_data, small_world_data

PARTNERS = """
query ($after: String) {
  partners(first: 1, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name domain sharingLevel } }
  }
}
"""
PARTNER = "query ($id: ID!) { partner(id: $id) { id name sharingLevel } }"


async def test_members_list_and_look_up_every_partner(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Both partners, a page at a time, and null for an unknown id."""
    await load_overlap_data(graph, workspace, small_world_data())
    first = (await gql(PARTNERS))["data"]["partners"]
    assert first["totalCount"] == 2
    assert [e["node"]["id"] for e in first["edges"]] == ["p1"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(PARTNERS, {"after": after}))["data"]["partners"]
    assert [e["node"] for e in second["edges"]] == [
        {"id": "p2", "name": "Partner Two", "domain": None, "sharingLevel": "ACCOUNTS"}
    ]
    assert (await gql(PARTNER, {"id": "p2"}))["data"]["partner"]["name"] == "Partner Two"
    body = await gql(PARTNER, {"id": "nope"})
    assert body["data"]["partner"] is None
    assert "errors" not in body


async def test_a_partner_sees_only_itself(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Its own partner in the list and by id; another partner reads like an unknown one."""
    await load_overlap_data(graph, workspace, small_world_data("COUNTS"))
    key = await create_api_key(graph, workspace, "p1 key", Role.PARTNER, "p1")
    caller = GraphQLCaller(http, key.secret)
    listed = (await caller(PARTNERS))["data"]["partners"]
    assert listed["totalCount"] == 1
    assert [e["node"]["id"] for e in listed["edges"]] == ["p1"]
    assert (await caller(PARTNER, {"id": "p1"}))["data"]["partner"]["id"] == "p1"
    assert await caller(PARTNER, {"id": "p2"}) == await caller(PARTNER, {"id": "nope"})
    assert (await caller(PARTNER, {"id": "p2"}))["data"]["partner"] is None
