"""Partner overlap through the API: what each sharing level shows and hides, and tenancy."""

from __future__ import annotations

import json
from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from tests.conftest import GraphQLCaller, new_workspace
from tests.overlap_fixture import load_overlap_data, small_world_data

OVERLAP = """
query ($partnerId: ID!, $where: OverlapAccountWhere, $first: Int! = 50, $after: String) {
  partnerOverlap(partnerId: $partnerId, where: $where, first: $first, after: $after) {
    partnerId sharingLevel disclosure totalCount
    matrix { ourStatus partnerStatus count }
    accounts {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        accountId name accountStatus ourStatus partnerStatus uncoveredPeopleCount
        records { id matchedBy }
        uncoveredPeople { id name knownBy { contactId contactName strength } }
      } }
    }
    matching { records ambiguous { record { id } reason candidateAccountIds }
               unmatched { record { id } reason } duplicates { accountId recordIds } }
  }
}
"""

INTRODUCTIONS = """
query ($partnerId: ID!) {
  warmIntroductions(partnerId: $partnerId, first: 10) {
    totalCount
    edges { node { accountId ourStatus partnerStatus warmth reachableBuyers
                   route { contactId contactName buyerId buyerName buyerRole strength } } }
  }
}
"""

PROGRAM = """
query ($partnerId: ID!) {
  partnerProgram(partnerId: $partnerId) {
    overlappingAccounts inPipeline closedWon pipelineShare closedShare
  }
}
"""

SHARED = """
query ($ids: [ID!]!) {
  sharedAccounts(partnerIds: $ids, first: 10) {
    totalCount edges { node { accountId ourStatus partnerStatuses { partnerId status } } }
  }
}
"""

BEST = """
query ($accountId: ID!) {
  bestPartnerForAccount(accountId: $accountId) {
    accountId partnerIsWarmer gap
    ourRoute { fromId strength }
    bestPartner { partnerId route { fromId buyerId strength } }
  }
}
"""

# Names that exist in the small world but are never part of p1's overlap for a partner caller:
# an unshared account, the ambiguous candidates, our seller, the other partner's records.
OUTSIDE_P1 = ("lonely", "hooli-1", "hooli-2", "Lonely Inc", "s1", "Sam Seller", "p2/")


async def _partner_caller(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, level: str, partner: str = "p1"
) -> GraphQLCaller:
    await load_overlap_data(graph, workspace, small_world_data(level))
    key = await create_api_key(graph, workspace, f"{partner} key", Role.PARTNER, partner)
    return GraphQLCaller(http, key.secret)


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


async def test_our_team_sees_everything(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """An admin sees accounts, raw statuses, people names, routes and the matching report."""
    await load_overlap_data(graph, workspace, small_world_data())
    body = await gql(OVERLAP, {"partnerId": "p1"})
    overlap = body["data"]["partnerOverlap"]
    assert overlap["disclosure"] == "EVERYTHING"
    assert overlap["totalCount"] == 4
    accounts = {n["accountId"]: n for n in _nodes(overlap["accounts"])}
    assert accounts["acme"]["accountStatus"] == "PROSPECT"
    assert [p["name"] for p in accounts["acme"]["uncoveredPeople"]] == ["Xavier"]
    assert overlap["matching"]["ambiguous"][0]["candidateAccountIds"] == ["hooli-1", "hooli-2"]
    intros = await gql(INTRODUCTIONS, {"partnerId": "p1"})
    first = intros["data"]["warmIntroductions"]["edges"][0]["node"]
    assert first["route"]["buyerName"] == "Erin Buyer"
    best = await gql(BEST, {"accountId": "acme"})
    assert best["data"]["bestPartnerForAccount"]["bestPartner"]["partnerId"] == "p1"


async def test_cell_filter_and_cursor_through_the_api(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """A cell narrows the connection (not the matrix); endCursor continues the list."""
    await load_overlap_data(graph, workspace, small_world_data())
    cell = {"partnerStatus": "CUSTOMER", "ourStatus": "PROSPECT_TARGET"}
    body = await gql(OVERLAP, {"partnerId": "p1", "where": cell, "first": 1})
    overlap = body["data"]["partnerOverlap"]
    assert overlap["accounts"]["totalCount"] == 2
    assert sum(c["count"] for c in overlap["matrix"]) == 4
    assert [n["accountId"] for n in _nodes(overlap["accounts"])] == ["acme"]
    after = overlap["accounts"]["pageInfo"]["endCursor"]
    body = await gql(OVERLAP, {"partnerId": "p1", "where": cell, "first": 1, "after": after})
    page = body["data"]["partnerOverlap"]["accounts"]
    assert [n["accountId"] for n in _nodes(page)] == ["umbrella"]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_sharing_level_none_shows_nothing(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """NONE: every overlap query is FORBIDDEN and no data comes back."""
    caller = await _partner_caller(http, graph, workspace, "NONE")
    for query in (OVERLAP, INTRODUCTIONS, PROGRAM):
        body = await caller(query, {"partnerId": "p1"})
        assert set(body["data"].values()) == {None}
        assert _codes(body) == ["FORBIDDEN"]
    body = await caller(SHARED, {"ids": ["p1"]})
    assert _codes(body) == ["FORBIDDEN"]


async def test_sharing_level_counts_shows_the_matrix_only(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """COUNTS: the matrix and program figures, no accounts, no introductions, no report."""
    caller = await _partner_caller(http, graph, workspace, "COUNTS")
    body = await caller(OVERLAP, {"partnerId": "p1"})
    assert "errors" not in body
    overlap = body["data"]["partnerOverlap"]
    assert overlap["disclosure"] == "COUNTS"
    assert overlap["totalCount"] == 4
    assert overlap["accounts"] is None
    assert overlap["matching"] is None
    for name in ("acme", "globex", *OUTSIDE_P1):
        assert name not in json.dumps(body)
    program = await caller(PROGRAM, {"partnerId": "p1"})
    assert program["data"]["partnerProgram"]["overlappingAccounts"] == 4
    assert _codes(await caller(INTRODUCTIONS, {"partnerId": "p1"})) == ["FORBIDDEN"]
    assert _codes(await caller(SHARED, {"ids": ["p1"]})) == ["FORBIDDEN"]


async def test_sharing_level_accounts_hides_people(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """ACCOUNTS: accounts with both statuses and people counts, but no names, no warmth, no
    routes and no report."""
    caller = await _partner_caller(http, graph, workspace, "ACCOUNTS")
    body = await caller(OVERLAP, {"partnerId": "p1"})
    overlap = body["data"]["partnerOverlap"]
    assert overlap["disclosure"] == "ACCOUNTS"
    accounts = {n["accountId"]: n for n in _nodes(overlap["accounts"])}
    assert set(accounts) == {"acme", "globex", "initech", "umbrella"}
    acme = accounts["acme"]
    assert (acme["ourStatus"], acme["partnerStatus"]) == ("PROSPECT_TARGET", "CUSTOMER")
    assert acme["uncoveredPeopleCount"] == 3  # everyone its contact knows there
    assert acme["uncoveredPeople"] is None
    assert all(a["accountStatus"] is None for a in accounts.values())
    assert overlap["matching"] is None
    intros = await caller(INTRODUCTIONS, {"partnerId": "p1"})
    nodes = _nodes(intros["data"]["warmIntroductions"])
    assert [n["accountId"] for n in nodes] == ["acme", "initech", "umbrella"]  # by id
    assert {(n["warmth"], n["route"], n["reachableBuyers"]) for n in nodes} == {(None, None, None)}
    for text in (json.dumps(body), json.dumps(intros)):
        for name in ("Xavier", "Erin Buyer", "Cara Contact", *OUTSIDE_P1):
            assert name not in text


async def test_sharing_level_contacts_adds_people_but_never_ours(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """CONTACTS: the people its contacts know and the route names; never our seller, and
    nothing that tells whom our sellers know."""
    caller = await _partner_caller(http, graph, workspace, "CONTACTS")
    body = await caller(OVERLAP, {"partnerId": "p1"})
    overlap = body["data"]["partnerOverlap"]
    acme = next(n for n in _nodes(overlap["accounts"]) if n["accountId"] == "acme")
    people = {p["name"]: p for p in acme["uncoveredPeople"]}
    assert sorted(people) == ["Erin Buyer", "Kim Known", "Xavier"]
    assert people["Xavier"]["knownBy"][0]["contactName"] == "Cara Contact"
    assert overlap["matching"] is None
    intros = await caller(INTRODUCTIONS, {"partnerId": "p1"})
    route = _nodes(intros["data"]["warmIntroductions"])[0]["route"]
    assert (route["contactName"], route["buyerName"]) == ("Cara Contact", "Erin Buyer")
    for text in (json.dumps(body), json.dumps(intros)):
        for name in OUTSIDE_P1:
            assert name not in text
    # Kim Known (whom our seller knows too) is listed like anyone its contact knows: leaving
    # her out would tell the partner whom our sellers know.
    assert [k["contactId"] for k in people["Kim Known"]["knownBy"]] == ["c1"]


async def test_partner_cannot_reach_other_partners_or_our_lists(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Another partner's id reads exactly like a missing one; our lists and comparisons refuse."""
    caller = await _partner_caller(http, graph, workspace, "CONTACTS")
    other = await caller(OVERLAP, {"partnerId": "p2"})
    missing = await caller(OVERLAP, {"partnerId": "p9"})
    assert _codes(other) == _codes(missing) == ["FORBIDDEN"]
    assert other["errors"][0]["message"] == missing["errors"][0]["message"]
    for query in (INTRODUCTIONS, PROGRAM):
        assert _codes(await caller(query, {"partnerId": "p2"})) == ["FORBIDDEN"]
    assert _codes(await caller(SHARED, {"ids": ["p1", "p2"]})) == ["FORBIDDEN"]
    assert _codes(await caller(BEST, {"accountId": "acme"})) == ["FORBIDDEN"]
    assert _codes(await caller("{ accounts(first: 5) { totalCount } }")) == ["FORBIDDEN"]
    own = await caller(SHARED, {"ids": ["p1"]})
    shared = _nodes(own["data"]["sharedAccounts"])
    assert {n["accountId"] for n in shared} == {"acme", "globex", "initech", "umbrella"}


async def test_other_workspace_partner_data_is_invisible(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """Workspace B's partner, records and people never show up from workspace A."""
    other_workspace = new_workspace()
    await load_overlap_data(graph, other_workspace, small_world_data())
    body = await gql(OVERLAP, {"partnerId": "p1"})
    assert _codes(body) == ["NOT_FOUND"]
    # A's own p1 shares one record that matches nothing of A's: B's accounts do not count.
    data = small_world_data()
    data.accounts = [a for a in data.accounts if a["id"] == "lonely"]
    data.partner_accounts = [r for r in data.partner_accounts if r["externalId"] == "1"]
    data.people = data.employments = data.roles = data.knows = data.opportunities = []
    await load_overlap_data(graph, workspace, data)
    body = await gql(OVERLAP, {"partnerId": "p1"})
    overlap = body["data"]["partnerOverlap"]
    assert overlap["totalCount"] == 0
    assert overlap["matching"]["unmatched"][0]["reason"] == "NO_ACCOUNT_WITH_DOMAIN"
    assert _codes(await gql(BEST, {"accountId": "acme"})) == ["NOT_FOUND"]
    partner_key = await create_api_key(graph, other_workspace, "b key", Role.PARTNER, "p1")
    b_partner = GraphQLCaller(http, partner_key.secret)
    b_body = await b_partner(OVERLAP, {"partnerId": "p1"})
    assert b_body["data"]["partnerOverlap"]["totalCount"] == 4
    assert workspace not in json.dumps(b_body)
