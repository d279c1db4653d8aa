"""warmestPaths, accountRisk, portfolioRisk and whatIfLeaves through the GraphQL API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role as KeyRole
from graph.core.credentials import create_api_key
from graph.core.model import BuyingRole, SharingLevel, Stance
from tests.conftest import GraphQLCaller
from tests.reference.graphs import DAY, OTHER, TARGET, Edge, Employment, Role, Sample, write_sample

PATHS = """
query($account: ID!, $k: Int!, $maxHops: Int!, $via: Boolean!) {
  warmestPaths(accountId: $account, k: $k, maxHops: $maxHops, viaPartners: $via) {
    reason roleHolderIds
    best { warmth hopCount hidden }
    paths {
      warmth hopCount firstContactId hidden viaPartnerIds
      hops { from { id kind } to { id name kind title organizationId buyingRoles }
             relationship strength }
    }
  }
}
"""

RISK = """
query($account: ID!) {
  accountRisk(accountId: $account) {
    account { id } score
    flags { flag weight detail people { id kind } }
    engagedContacts { id sellers { id } }
    suggestions { person { id } reasons path { warmth hopCount } }
  }
}
"""

PORTFOLIO = """
query($after: String) {
  portfolioRisk(first: 1, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { account { id } score flags { flag } } }
  }
}
"""

WHAT_IF = """
query($account: ID!, $person: ID) {
  whatIfLeaves(accountId: $account, personId: $person) {
    scoreChange before { score } after { score flags { flag } }
  }
}
"""


def _sample() -> Sample:
    """s0 knows thread (0.9); thread reports to the economic buyer; a partner contact knows
    the economic buyer well."""
    start = DAY - timedelta(days=300)
    return Sample(
        ["s0"],
        ["thread", "eb", "pc"],
        {"partner-a": SharingLevel.COUNTS},
        [
            Employment("thread", TARGET, False, start, None, "IT"),
            Employment("eb", TARGET, False, start, None, "Finance"),
            Employment("pc", "partner-a", True, start, None),
        ],
        [Role("eb", TARGET, BuyingRole.ECONOMIC_BUYER.value, Stance.NEUTRAL.value, None, None)],
        [
            Edge("KNOWS", "s0", "thread", 0.9),
            Edge("REPORTS_TO", "thread", "eb", 0.5),
            Edge("KNOWS", "s0", "pc", 1.0),
            Edge("KNOWS", "pc", "eb", 0.9),
        ],
        owners={TARGET: "s0"},
        open_deals={TARGET: "s0"},
    )


def _data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_warmest_paths_through_the_api(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """The API answers the best path with its hops, and a COUNTS partner path is hidden."""
    await write_sample(graph, workspace, _sample())
    plain = _data(await gql(PATHS, {"account": TARGET, "k": 2, "maxHops": 4, "via": False}))
    answer = plain["warmestPaths"]
    assert answer["reason"] is None
    assert answer["roleHolderIds"] == ["eb"]
    (path,) = answer["paths"]
    assert path["warmth"] == 0.45
    assert [h["to"]["id"] for h in path["hops"]] == ["thread", "eb"]
    assert path["hops"][1]["relationship"] == "REPORTS_TO"
    assert path["hops"][1]["to"]["buyingRoles"] == ["ECONOMIC_BUYER"]
    via = _data(await gql(PATHS, {"account": TARGET, "k": 2, "maxHops": 4, "via": True}))
    best = via["warmestPaths"]["best"]
    assert best == {"warmth": 0.9, "hopCount": 2, "hidden": True}
    assert via["warmestPaths"]["paths"][0]["hops"] == []


async def test_bad_bounds_and_missing_account(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """maxHops above 6 and k above 10 are INVALID_INPUT naming the argument; an unknown account
    is null with the one NOT_FOUND error (warmestPaths, accountRisk and whatIfLeaves alike)."""
    await write_sample(graph, workspace, _sample())
    body = await gql(PATHS, {"account": TARGET, "k": 1, "maxHops": 7, "via": False})
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "maxHops"}
    assert "maxHops" in body["errors"][0]["message"]
    body = await gql(PATHS, {"account": TARGET, "k": 11, "maxHops": 4, "via": False})
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "k"}
    missing = await gql(PATHS, {"account": "nope", "k": 1, "maxHops": 4, "via": False})
    assert missing["data"] == {"warmestPaths": None}
    (error,) = missing["errors"]
    assert error["message"] == "No Account with id 'nope' in this workspace."
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "accountId"
    risk = await gql(RISK, {"account": "nope"})
    assert risk["data"] == {"accountRisk": None}
    assert risk["errors"][0]["message"] == error["message"]
    what_if = await gql(WHAT_IF, {"account": TARGET, "person": "nobody"})
    assert what_if["data"] == {"whatIfLeaves": None}
    assert what_if["errors"][0]["message"] == "No Person with id 'nobody' in this workspace."
    both = await gql(WHAT_IF, {"account": TARGET, "person": None})
    assert both["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "personId"}
    typo = await gql(
        'query($a: ID!) { warmestPaths(accountId: $a, role: "CFO") { reason } }', {"a": TARGET}
    )
    assert typo["data"] == {"warmestPaths": None}
    assert typo["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert typo["errors"][0]["extensions"]["field"] == "role"
    assert "Did you mean" in typo["errors"][0]["message"]
    bounds = await gql(
        "query($a: ID!) { accountRisk(accountId: $a, options: {maxHops: 9}) { score } }",
        {"a": TARGET},
    )
    assert bounds["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "maxHops"}


async def test_partner_callers_see_paths_only_as_sharing_allows(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A COUNTS partner sees no paths (the partner boundary shows counts only) and no risk."""
    await write_sample(graph, workspace, _sample())
    key = await create_api_key(graph, workspace, "partner", KeyRole.PARTNER, "partner-a")
    partner = GraphQLCaller(http, key.secret)
    paths = await partner(PATHS, {"account": TARGET, "k": 1, "maxHops": 4, "via": False})
    assert paths["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = await partner(RISK, {"account": TARGET})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_account_risk_portfolio_and_what_if(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Risk names the single thread, the portfolio pages by cursor, what-if writes nothing."""
    sample = _sample()
    sample.employments.append(Employment("pc", OTHER, False, DAY - timedelta(days=10), None))
    await write_sample(graph, workspace, sample)
    risk = _data(await gql(RISK, {"account": TARGET}))["accountRisk"]
    flags = {f["flag"]: f for f in risk["flags"]}
    assert set(flags) == {
        "SINGLE_THREADED",
        "SINGLE_SELLER",
        "ECONOMIC_BUYER_UNENGAGED",
        "NO_CHAMPION",
        "SINGLE_POINT_OF_FAILURE",
    }
    assert {p["id"] for p in flags["SINGLE_POINT_OF_FAILURE"]["people"]} == {"s0", "thread"}
    assert risk["score"] == sum(f["weight"] for f in risk["flags"])
    assert risk["suggestions"][0]["person"]["id"] == "eb"
    assert risk["suggestions"][0]["path"] == {"warmth": 0.45, "hopCount": 2}

    first = _data(await gql(PORTFOLIO, {}))["portfolioRisk"]
    assert first["totalCount"] == 2
    assert first["pageInfo"]["hasNextPage"]
    second = _data(await gql(PORTFOLIO, {"after": first["pageInfo"]["endCursor"]}))
    ids = [e["node"]["account"]["id"] for e in first["edges"] + second["portfolioRisk"]["edges"]]
    assert sorted(ids) == [OTHER, TARGET]
    assert not second["portfolioRisk"]["pageInfo"]["hasNextPage"]

    what_if = _data(await gql(WHAT_IF, {"account": TARGET, "person": "thread"}))["whatIfLeaves"]
    assert what_if["before"]["score"] == risk["score"]
    assert "NO_ENGAGED_CONTACT" in {f["flag"] for f in what_if["after"]["flags"]}
    assert what_if["scoreChange"] == what_if["after"]["score"] - what_if["before"]["score"]
    again = _data(await gql(RISK, {"account": TARGET}))["accountRisk"]
    assert again["score"] == risk["score"]
