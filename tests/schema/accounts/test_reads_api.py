"""Reads through GraphQL: lists, pagination, filters, tenancy, roles, and no N+1."""

from __future__ import annotations

from typing import Any, LiteralString

import httpx
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.credentials import Principal, Role, create_api_key
from schema.core.context import RequestContext
from schema.root import SchemaLimits, build_schema
from tests.conftest import GraphQLCaller
from tests.schema.accounts.transactions import CountingGraph, count_transactions, create_accounts

LIST = """
query($first: Int!, $after: String, $where: AccountWhere) {
  accounts(first: $first, after: $after, where: $where) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name industry owner { id name }
      people(first: 2) { totalCount edges { node { person { id } } } }
      opportunities(where: {state: OPEN}) { edges { node { id } } } } }
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
    await create_accounts(graph, workspace, 12)
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
    """Owner, people (a page of `first`, with the total) and open deals come back for every
    node."""
    await create_accounts(graph, workspace, 3)
    edges = _data(await gql(LIST, {"first": 3}))["accounts"]["edges"]
    node = edges[0]["node"]
    assert node["owner"] == {"id": "s1", "name": "Seller 1"}
    assert node["people"]["totalCount"] == 3
    assert len(node["people"]["edges"]) == 2
    assert node["opportunities"]["edges"] == [{"node": {"id": "acc-001-o1"}}]


async def test_filters(gql: GraphQLCaller, graph: GraphClient, workspace: str) -> None:
    """Industry and status filters combine; people filter by account and department."""
    await create_accounts(graph, workspace, 12)
    page = _data(
        await gql(LIST, {"first": 50, "where": {"industry": "Retail", "status": "CUSTOMER"}})
    )
    assert [e["node"]["id"] for e in page["accounts"]["edges"]] == ["acc-006", "acc-012"]
    people = _data(
        await gql(
            '{ people(first: 10, where: {accountId: "acc-002", department: "Finance"}) '
            "{ totalCount edges { node { id } } } }"
        )
    )["people"]
    assert people["totalCount"] == 1
    assert people["edges"][0]["node"]["id"] == "acc-002-p1"
    deals = _data(await gql("{ opportunities(first: 50, where: {state: OPEN}) { totalCount } }"))
    assert deals["opportunities"]["totalCount"] == 12
    typo = await gql('{ accounts(where: {role: "CHAMPOIN"}) { totalCount } }')
    assert typo["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert typo["errors"][0]["extensions"]["field"] == "where.role"
    assert typo["errors"][0]["extensions"]["suggestions"][0] == "CHAMPION"


async def test_name_search_ignores_case(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """`nameContains` keeps the accounts whose name contains the text in any case, as Python's
    casefolded `in` does, and combines with the other filters."""
    await create_accounts(graph, workspace, 12)
    names = {f"acc-{i:03d}": f"Account {i:03d}" for i in range(1, 13)}
    for text, where in (("UNT 01", {}), ("1", {"status": "CUSTOMER"}), ("zzz", {})):
        page = _data(await gql(LIST, {"first": 50, "where": {"nameContains": text, **where}}))
        customers = {f"acc-{i:03d}" for i in range(1, 13) if i % 3 == 0}
        expected = sorted(
            account
            for account, name in names.items()
            if text.casefold() in name.casefold() and (not where or account in customers)
        )
        assert [e["node"]["id"] for e in page["accounts"]["edges"]] == expected


async def test_sort_descending_by_employees(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Sorting by employees descending pages correctly across the cursor."""
    await create_accounts(graph, workspace, 7)
    query = """query($after: String) { accounts(first: 4, after: $after,
      sort: [{field: EMPLOYEES, direction: DESC}])
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
    """B asking for A's account, person, deal or seller gets null, as for an id nobody has; B's
    lists count none of A's accounts."""
    await create_accounts(graph, workspace, 2)
    other = GraphQLCaller(
        http, (await create_api_key(graph, workspace + "-b", "b", Role.ADMIN)).secret
    )
    for lookup in (
        '{ account(id: "acc-001") { id } }',
        '{ person(id: "acc-001-p1") { id } }',
        '{ opportunity(id: "acc-001-o1") { id } }',
        '{ seller(id: "s1") { id } }',
    ):
        theirs = await other(lookup)
        missing = await other(lookup.replace("acc-001", "acc-zzz").replace("s1", "s9"))
        assert theirs == missing == {"data": {lookup.split("(")[0][2:]: None}}
    mine = _data(
        await GraphQLCaller(http, (await create_api_key(graph, workspace, "a", Role.ADMIN)).secret)(
            '{ account(id: "acc-001") { id } person(id: "acc-001-p1") { id } }'
        )
    )
    assert mine == {"account": {"id": "acc-001"}, "person": {"id": "acc-001-p1"}}
    assert (
        _data(await other("{ accounts(first: 5) { totalCount } }"))["accounts"]["totalCount"] == 0
    )
    assert _data(await other("{ people(first: 5) { totalCount } }"))["people"]["totalCount"] == 0


async def test_viewer_reads_and_partner_cannot_list(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A viewer reads the lists; a partner key is refused with FORBIDDEN."""
    await create_accounts(graph, workspace, 2)
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


async def test_round_trips_do_not_grow_with_page_size(graph: GraphClient, workspace: str) -> None:
    """A nested list query costs the same number of transactions for 2 accounts as for 20."""
    await create_accounts(graph, workspace, 20)
    counts = [await count_transactions(graph, workspace, LIST, first) for first in (2, 20)]
    assert counts[0] == counts[1] == 4  # the page, owners, people, open deals


DEEP = """
query($first: Int!) {
  accounts(first: $first) { edges { node {
    people { edges { node { manager { id } roles { role } person { reports { totalCount } } } } }
    coverage { stakeholdersMapped } context { totalCount } painPoints { totalCount }
    opportunities { edges { node { account { id } owner { id } people { id } } } } } } }
}
"""


async def test_deep_nesting_costs_one_transaction_per_level(
    graph: GraphClient, workspace: str
) -> None:
    """Every traversal field is one statement for the whole page, at 2 accounts as at 20."""
    await create_accounts(graph, workspace, 20)
    counts = [await count_transactions(graph, workspace, DEEP, first) for first in (2, 20)]
    assert counts[0] == counts[1]


_ORG: LiteralString = """
CREATE (a:Account {workspace: $ws, id: 'acme', name: 'Acme', status: 'TARGET'})
CREATE (s:Seller {workspace: $ws, id: 's1', name: 'Sam', role: 'AE'})
CREATE (boss:Person {workspace: $ws, id: 'boss', name: 'Bea Boss', seniority: 'C_LEVEL'})
CREATE (ann:Person {workspace: $ws, id: 'ann', name: 'Ann', seniority: 'MANAGER'})
CREATE (bob:Person {workspace: $ws, id: 'bob', name: 'Bob'})
CREATE (boss)-[:EMPLOYED_AT {startDate: date('2020-01-01')}]->(a)
CREATE (ann)-[:EMPLOYED_AT {startDate: date('2020-01-01')}]->(a)
CREATE (bob)-[:EMPLOYED_AT {startDate: date('2020-01-01'), endDate: date('2025-01-01')}]->(a)
CREATE (ann)-[:REPORTS_TO {fromDate: date('2021-01-01')}]->(boss)
CREATE (bob)-[:REPORTS_TO {toDate: date('2025-01-01')}]->(boss)
CREATE (boss)-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER', stance: 'SUPPORTER', opportunityId: 'o1',
                            fromDate: date('2022-01-01')}]->(a)
CREATE (o:Opportunity {workspace: $ws, id: 'o1', accountId: 'acme', name: 'Deal', state: 'OPEN',
                       amount: 10.0, ownerSellerId: 's1'})-[:FOR_ACCOUNT]->(a)
CREATE (ann)-[:ON_OPPORTUNITY]->(o)
"""

TRAVERSE = """
query($day: Date) {
  person(id: "boss", asOf: $day) {
    name seniority
    reports { totalCount edges { node { name manager { id } } } }
    roles { role stance account { name } opportunity { name owner { role } people { id } } }
  }
  opportunity(id: "o1") { account { id people(asOf: $day) { totalCount } } }
}
"""


async def test_references_are_objects_on_a_day(graph: GraphClient, gql: GraphQLCaller) -> None:
    """Manager, reports, roles, a deal's account, owner and people are objects; each answers
    for the day asked (a reporting line or role outside it is absent)."""
    workspace_of = await gql("{ viewer { workspace } }")

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_ORG, ws=workspace_of["data"]["viewer"]["workspace"])

    await graph.write(work)
    now = _data(await gql(TRAVERSE, {"day": "2026-01-01"}))
    boss = now["person"]
    assert boss["seniority"] == "C_LEVEL"
    assert boss["reports"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Ann", "manager": {"id": "boss"}}}],
    }
    assert boss["roles"] == [
        {
            "role": "ECONOMIC_BUYER",
            "stance": "SUPPORTER",
            "account": {"name": "Acme"},
            "opportunity": {"name": "Deal", "owner": {"role": "AE"}, "people": [{"id": "ann"}]},
        }
    ]
    assert now["opportunity"]["account"] == {"id": "acme", "people": {"totalCount": 2}}
    bob = _data(
        await gql(
            '{ person(id: "bob", asOf: "2026-01-01") { employments { '
            "organizationKind startDate endDate current account { name } partner { id } } } }"
        )
    )
    assert bob["person"]["employments"] == [
        {
            "organizationKind": "ACCOUNT",
            "startDate": "2020-01-01",
            "endDate": "2025-01-01",
            "current": False,
            "account": {"name": "Acme"},
            "partner": None,
        }
    ]
    then = _data(await gql(TRAVERSE, {"day": "2020-06-01"}))
    assert [e["node"]["name"] for e in then["person"]["reports"]["edges"]] == ["Bob"]
    assert then["person"]["roles"] == []
    assert then["opportunity"]["account"]["people"]["totalCount"] == 3


async def test_sort_on_several_fields_pages_across_ties(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Sorting by industry then employees descending pages through ties in that order."""
    await create_accounts(graph, workspace, 6)
    query = """query($after: String) { accounts(first: 2, after: $after,
      sort: [{field: NAME, direction: DESC}, {field: EMPLOYEES}]) {
      pageInfo { endCursor hasNextPage } edges { node { id } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = _data(await gql(query, {"after": after}))["accounts"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"acc-{i:03d}" for i in range(6, 0, -1)]
    twice = await gql("{ accounts(sort: [{field: NAME}, {field: NAME}]) { totalCount } }")
    assert twice["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "sort"}


async def test_sellers_is_a_connection(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Sellers page with a total and filter by role."""
    await create_accounts(graph, workspace, 3)
    page = _data(await gql("{ sellers(first: 2) { totalCount edges { node { id } } } }"))
    assert page["sellers"]["totalCount"] == 3
    assert [e["node"]["id"] for e in page["sellers"]["edges"]] == ["s0", "s1"]


ACCOUNT_MAP = """
query($first: Int!) { account(id: "acc-001") { name
  people(first: $first) { edges { node { person { name } roles { role } knownBy { name } } } }
  coverage { stakeholdersMapped } } }
"""


async def test_account_map_reads_each_part_once(graph: GraphClient, workspace: str) -> None:
    """The account, its people and its coverage are three reads whether the people and coverage
    are started beside the account (no arguments but `first`) or by their fields (a filter):
    what is started early is what the fields use, nothing is read twice, answers agree."""
    await create_accounts(graph, workspace, 3)
    answers = []
    for document in (
        ACCOUNT_MAP,
        ACCOUNT_MAP.replace("(first: $first)", "(first: $first, where: {current: true})"),
    ):
        counting = CountingGraph(graph.driver, graph.database)
        result = await build_schema().execute(
            document,
            variable_values={"first": 2},
            context_value=RequestContext(counting, Principal(workspace, Role.ADMIN, "test")),
        )
        assert result.errors is None, result.errors
        assert len(counting.calls) == 3
        answers.append(result.data)
    assert answers[0] == answers[1]
    assert len(answers[0]["account"]["people"]["edges"]) == 2  # type: ignore[index]
