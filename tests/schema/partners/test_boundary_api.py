"""The partner boundary through warmestPaths: FORBIDDEN below CONTACTS and outside the overlap
(one text whether the account exists or not); at CONTACTS, only paths through the partner's own
contacts, starting at the anonymous "our team"."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from tests.conftest import GraphQLCaller
from tests.overlap_fixture import load_overlap_data, small_world_data

PATHS = """
query ($account: ID!, $via: Boolean! = false, $from: [ID!]) {
  warmestPaths(accountId: $account, k: 5, maxHops: 4, viaPartners: $via, from: $from) {
    accountId roleHolderIds reason
    paths {
      warmth hopCount seller { id } firstContactId targetId hidden viaPartnerIds
      hops { from { id kind name organizationId } to { id name organizationId buyingRoles }
             relationship strength }
    }
  }
}
"""


async def _caller(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, level: str
) -> GraphQLCaller:
    await load_overlap_data(graph, workspace, small_world_data(level))
    key = await create_api_key(graph, workspace, "p1 key", Role.PARTNER, "p1")
    return GraphQLCaller(http, key.secret)


def _error(body: dict[str, Any]) -> tuple[str, str]:
    (error,) = body["errors"]
    assert (body["data"] or {}).get("warmestPaths") is None
    return error["extensions"]["code"], error["message"]


@pytest.mark.parametrize("level", ["NONE", "COUNTS", "ACCOUNTS"])
async def test_warmest_paths_need_contacts(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, level: str
) -> None:
    """Below CONTACTS a partner gets no paths at all, whatever it asks and whether the account
    exists: no role holders, no warmth, no other partner."""
    caller = await _caller(http, graph, workspace, level)
    answers = [
        _error(await caller(PATHS, {"account": account, "via": via}))
        for account in ("acme", "lonely", "nope")
        for via in (False, True)
    ]
    assert {code for code, _ in answers} == {"FORBIDDEN"}
    assert len({message for _, message in answers}) == 1


async def test_accounts_outside_the_overlap_read_like_missing_ones(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """At CONTACTS, an account of ours outside its overlap is the same denial as no account."""
    caller = await _caller(http, graph, workspace, "CONTACTS")
    outside = _error(await caller(PATHS, {"account": "lonely"}))
    missing = _error(await caller(PATHS, {"account": "nope"}))
    assert outside == missing
    assert outside[0] == "FORBIDDEN"
    chosen = _error(await caller(PATHS, {"account": "acme", "from": ["s1"]}))
    assert chosen == _error(await caller(PATHS, {"account": "acme", "from": ["nobody"]}))


async def test_contacts_see_routes_through_their_own_contacts_only(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Our direct route (s1 -> eb) is not shown; the route through Cara starts at "our team"
    and names only Cara and Erin; our seller never appears."""
    caller = await _caller(http, graph, workspace, "CONTACTS")
    body = await caller(PATHS, {"account": "acme"})
    assert "errors" not in body, body
    answer = body["data"]["warmestPaths"]
    assert answer["roleHolderIds"] == ["eb"]
    (path,) = answer["paths"]
    assert path["hidden"] is False
    assert path["seller"] is None
    assert (path["firstContactId"], path["targetId"], path["viaPartnerIds"]) == ("c1", "eb", ["p1"])
    assert path["hopCount"] == 3
    assert path["warmth"] == pytest.approx(0.5 * 0.3 * 0.9)
    assert [(h["from"]["id"], h["to"]["id"], h["strength"]) for h in path["hops"]] == [
        ("our-team", "c1", 0.3),
        ("c1", "eb", 0.9),
    ]
    assert path["hops"][0]["from"]["name"] == "Our team"
    text = json.dumps(body)
    for ours in ("s1", "Sam Seller", "p2", "Partner Two", "lonely"):
        assert ours not in text


async def test_a_mistyped_role_names_standard_roles_only(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A partner's typo is INVALID_INPUT naming standard roles only: the workspace's own custom
    roles never reach a partner credential."""
    caller = await _caller(http, graph, workspace, "CONTACTS")

    async def declare(tx: Any) -> None:
        await tx.run(
            "MERGE (w:Workspace {id: $ws}) SET w.customRoles = ['EXECUTIVE_SPONSOR']", ws=workspace
        )

    await graph.write(declare)
    body = await caller(
        'query ($a: ID!) { warmestPaths(accountId: $a, role: "EXECUTIVE_SPONSR") { reason } }',
        {"a": "acme"},
    )
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert "EXECUTIVE_SPONSOR" not in json.dumps(body)
