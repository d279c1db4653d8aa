"""Reads through GraphQL: lists, pagination, filters, tenancy, roles, and no N+1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

import httpx
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, T, Work
from graph.core.credentials import Principal, Role, create_api_key
from schema.core.context import RequestContext
from schema.root import SchemaLimits, build_schema
from tests.conftest import GraphQLCaller

_ACCOUNTS: LiteralString = """
UNWIND range(1, $n) AS i
CREATE (a:Account {workspace: $ws, id: 'acc-' + right('000' + toString(i), 3),
                   name: 'Account ' + right('000' + toString(i), 3),
                   industry: CASE WHEN i % 2 = 0 THEN 'Retail' ELSE 'Software' END,
                   employees: i * 10, status: CASE WHEN i % 3 = 0 THEN 'CUSTOMER' ELSE 'TARGET' END,
                   ownerSellerId: 's' + toString(i % 3)})
MERGE (s:Seller {workspace: $ws, id: 's' + toString(i % 3)}) ON CREATE SET s.name = 'Seller ' + toString(i % 3)
CREATE (a)-[:OWNED_BY]->(s)
WITH a, i
UNWIND range(1, 3) AS j
CREATE (p:Person {workspace: $ws, id: a.id + '-p' + toString(j), name: a.name + ' person ' + toString(j),
                  department: CASE WHEN j = 1 THEN 'Finance' ELSE 'IT' END})
CREATE (p)-[:EMPLOYED_AT {startDate: date('2020-01-01')}]->(a)
CREATE (o:Opportunity {workspace: $ws, id: a.id + '-o' + toString(j), accountId: a.id,
                       name: 'Deal ' + toString(j), state: CASE WHEN j = 1 THEN 'OPEN' ELSE 'WON' END})
CREATE (o)-[:FOR_ACCOUNT]->(a)
"""


async def _accounts(graph: GraphClient, workspace: str, n: int) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_ACCOUNTS, ws=workspace, n=n)

    await graph.write(work)


LIST = """
query($first: Int!, $after: String, $filter: AccountFilterInput) {
  accounts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name industry owner { id name } people(first: 2) { id } openOpportunities { id } } }
  }
}
"""


def _data(body: dict[str, Any]) -> Any:
    assert "errors" not in body, body["errors"]
    return body["data"]


async def test_pages_cover_every_account_once(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Walking the cursors visits each account exactly once, in name order, and then stops."""
    await _accounts(graph, workspace, 12)
    seen: list[str] = []
    after = None
    while True:
        page = _data(await gql(LIST, {"first": 5, "after": after}))["accounts"]
        assert page["totalCount"] == 12
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"acc-{i:03d}" for i in range(1, 13)]


async def test_nested_fields_resolve(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Owner, people (capped by `first`) and open deals come back for every node."""
    await _accounts(graph, workspace, 3)
    edges = _data(await gql(LIST, {"first": 3}))["accounts"]["edges"]
    node = edges[0]["node"]
    assert node["owner"] == {"id": "s1", "name": "Seller 1"}
    assert len(node["people"]) == 2
    assert node["openOpportunities"] == [{"id": "acc-001-o1"}]


async def test_filters(gql: GraphQLCaller, graph: GraphClient, workspace: str) -> None:
    """Industry and status filters combine; people filter by account and department."""
    await _accounts(graph, workspace, 12)
    page = _data(
        await gql(LIST, {"first": 50, "filter": {"industry": "Retail", "status": "CUSTOMER"}})
    )
    assert [e["node"]["id"] for e in page["accounts"]["edges"]] == ["acc-006", "acc-012"]
    people = _data(
        await gql(
            '{ people(first: 10, filter: {accountId: "acc-002", department: "Finance"}) '
            "{ totalCount edges { node { id } } } }"
        )
    )["people"]
    assert people["totalCount"] == 1
    assert people["edges"][0]["node"]["id"] == "acc-002-p1"
    deals = _data(await gql("{ opportunities(first: 50, filter: {state: OPEN}) { totalCount } }"))
    assert deals["opportunities"]["totalCount"] == 12


async def test_sort_descending_by_employees(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Sorting by employees descending pages correctly across the cursor."""
    await _accounts(graph, workspace, 7)
    query = """query($after: String) { accounts(first: 4, after: $after, sort: EMPLOYEES, descending: true)
      { pageInfo { endCursor hasNextPage } edges { node { employees } } } }"""
    first = _data(await gql(query))["accounts"]
    second = _data(await gql(query, {"after": first["pageInfo"]["endCursor"]}))["accounts"]
    values = [e["node"]["employees"] for e in first["edges"] + second["edges"]]
    assert values == [70, 60, 50, 40, 30, 20, 10]
    assert not second["pageInfo"]["hasNextPage"]


async def test_bad_page_arguments_are_explained(gql: GraphQLCaller) -> None:
    """first out of range and a forged cursor get codes INVALID_INPUT and INVALID_CURSOR."""
    too_many = await gql("{ accounts(first: 100000) { totalCount } }")
    assert too_many["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert "between 1 and" in too_many["errors"][0]["message"]
    forged = await gql('{ accounts(first: 5, after: "bm9wZQ") { totalCount } }')
    assert forged["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_other_workspace_is_indistinguishable_from_missing(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """B asking for A's account gets the same NOT_FOUND message as for an id nobody has; B's
    lists count none of A's accounts."""
    await _accounts(graph, workspace, 2)
    other = GraphQLCaller(
        http, (await create_api_key(graph, workspace + "-b", "b", Role.ADMIN)).secret
    )
    theirs = await other('{ account(id: "acc-001") { account { id } } }')
    missing = await other('{ account(id: "acc-zzz") { account { id } } }')
    assert theirs["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert theirs["errors"][0]["message"].replace("acc-001", "X") == missing["errors"][0][
        "message"
    ].replace("acc-zzz", "X")
    assert (
        _data(await other("{ accounts(first: 5) { totalCount } }"))["accounts"]["totalCount"] == 0
    )
    assert _data(await other("{ people(first: 5) { totalCount } }"))["people"]["totalCount"] == 0


async def test_viewer_reads_and_partner_cannot_list(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A viewer reads the lists; a partner key is refused with FORBIDDEN."""
    await _accounts(graph, workspace, 2)
    viewer = GraphQLCaller(http, (await create_api_key(graph, workspace, "v", Role.VIEWER)).secret)
    assert (
        _data(await viewer("{ accounts(first: 5) { totalCount } }"))["accounts"]["totalCount"] == 2
    )
    partner = GraphQLCaller(
        http, (await create_api_key(graph, workspace, "p", Role.PARTNER, "p1")).secret
    )
    refused = await partner("{ accounts(first: 5) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_depth_limit(graph: GraphClient, workspace: str) -> None:
    """A query deeper than the configured limit is refused before it runs; one within runs."""
    schema = build_schema(SchemaLimits(max_depth=3))
    context = RequestContext(graph, Principal(workspace, Role.ADMIN, "test"))
    within = await schema.execute(
        "{ accounts(first: 1) { edges { node { id } } } }", context_value=context
    )
    assert within.errors is None
    too_deep = await schema.execute(
        "{ accounts(first: 1) { edges { node { owner { id } } } } }", context_value=context
    )
    assert too_deep.errors is not None
    assert "exceeds maximum operation depth" in too_deep.errors[0].message
    assert too_deep.data is None


@dataclass(frozen=True)
class _CountingGraph(GraphClient):
    """The real client, counting transactions (each is one round-trip's worth of statements);
    the count survives ``with_metadata`` copies, as the request tags its client."""

    calls: list[str] = field(default_factory=list)

    async def read(self, work: Work[T]) -> T:
        self.calls.append("read")
        return await super().read(work)


async def test_round_trips_do_not_grow_with_page_size(graph: GraphClient, workspace: str) -> None:
    """A nested list query costs the same number of transactions for 2 accounts as for 20."""
    await _accounts(graph, workspace, 20)
    schema = build_schema()
    principal = Principal(workspace, Role.ADMIN, "test")
    counts = []
    for first in (2, 20):
        counting = _CountingGraph(graph.driver, graph.database)
        result = await schema.execute(
            LIST,
            variable_values={"first": first},
            context_value=RequestContext(counting, principal),
        )
        assert result.errors is None, result.errors
        assert len(result.data["accounts"]["edges"]) == first  # type: ignore[index]
        counts.append(len(counting.calls))
    assert counts[0] == counts[1] == 4  # the page, owners, people, open deals
