"""departureKnockOn through the GraphQL API: a hand-built workspace, and story (b) of the demo
workspace (Priya Raman leaving Quarry Peak for Lumen Bay) on the demo's date."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from graph.ingest.imports import load_bundle
from seeds.demo import load_demo
from seeds.demo_build import DEMO_TODAY
from tests.conftest import GraphQLCaller, new_workspace

KNOCK_ON = """
query($person: ID!, $asOf: Date, $maxHops: Int! = 3) {
  departureKnockOn(personId: $person, asOf: $asOf, maxHops: $maxHops) {
    personName reason
    left { account { id } leftOn roles }
    deals {
      opportunity { id } account { id } lostOnlyRoute economicBuyers { id } reason
      routeWithThem { warmth hopCount hops { from { id } to { id name } relationship } }
      newRoute { warmth hopCount hops { to { id } } }
    }
    strandedDeals { opportunity { id } }
    openings {
      account { id } accountName status title economicBuyers { id } reason
      path { warmth hopCount hops { from { id } to { id name buyingRoles } strength } }
    }
  }
}
"""

DAY = "2026-03-01"

BUNDLE: dict[str, list[dict[str, Any]]] = {
    "sellers": [{"id": "s0", "name": "Sam Seller"}],
    "accounts": [
        {"id": "acc-old", "name": "Old Co", "status": "PROSPECT"},
        {"id": "acc-new", "name": "New Co", "status": "TARGET"},
    ],
    "people": [
        {"id": "leaver", "name": "Lee Leaver"},
        {"id": "eb", "name": "Erin Buyer"},
        {"id": "weak", "name": "Wes Weak"},
        {"id": "mid", "name": "Mia Middle"},
        {"id": "new-eb", "name": "Nora Buyer"},
    ],
    "employments": [
        {
            "personId": "leaver",
            "organizationId": "acc-old",
            "startDate": "2020-01-01",
            "endDate": "2026-02-01",
        },
        {
            "personId": "leaver",
            "organizationId": "acc-new",
            "title": "VP Operations",
            "startDate": "2026-02-15",
        },
        {"personId": "eb", "organizationId": "acc-old", "startDate": "2020-01-01"},
        {"personId": "weak", "organizationId": "acc-old", "startDate": "2020-01-01"},
        {"personId": "mid", "organizationId": "acc-old", "startDate": "2020-01-01"},
        {"personId": "new-eb", "organizationId": "acc-new", "startDate": "2020-01-01"},
    ],
    "reportingLines": [
        {"personId": "weak", "managerId": "mid"},
        {"personId": "mid", "managerId": "eb"},
    ],
    "opportunities": [
        {"id": "opp-old", "accountId": "acc-old", "name": "Old Co rollout", "state": "OPEN"},
        {"id": "opp-won", "accountId": "acc-old", "name": "Old Co pilot", "state": "WON"},
    ],
    "buyingRoles": [
        {"personId": "eb", "accountId": "acc-old", "role": "ECONOMIC_BUYER"},
        {"personId": "new-eb", "accountId": "acc-new", "role": "ECONOMIC_BUYER"},
        {"personId": "leaver", "accountId": "acc-old", "role": "CHAMPION", "toDate": "2026-02-01"},
    ],
    "relationships": [
        {"kind": "KNOWS", "fromId": "s0", "fromKind": "SELLER", "toId": "leaver", "strength": 0.9},
        {"kind": "KNOWS", "fromId": "leaver", "toId": "eb", "strength": 0.8},
        {"kind": "KNOWS", "fromId": "s0", "fromKind": "SELLER", "toId": "weak", "strength": 0.3},
        {"kind": "INFLUENCES", "fromId": "leaver", "toId": "new-eb", "strength": 0.5},
    ],
}


def _data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _code(body: dict[str, Any]) -> str:
    errors: list[dict[str, Any]] = body["errors"]
    return str(errors[0]["extensions"]["code"])


async def test_knock_on_through_the_api(
    gql: GraphQLCaller, http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """A 2-hop bound strands the deal (old and new routes shown), the new job is an opening."""
    await load_bundle(graph, workspace, BUNDLE)
    answer = _data(await gql(KNOCK_ON, {"person": "leaver", "asOf": DAY, "maxHops": 2}))
    knock_on = answer["departureKnockOn"]
    assert knock_on["reason"] is None
    assert knock_on["left"] == [
        {"account": {"id": "acc-old"}, "leftOn": "2026-02-01", "roles": ["CHAMPION"]}
    ]
    (deal,) = knock_on["deals"]
    assert deal["opportunity"] == {"id": "opp-old"}
    assert deal["lostOnlyRoute"] is True
    assert knock_on["strandedDeals"] == [{"opportunity": {"id": "opp-old"}}]
    assert [h["to"]["id"] for h in deal["routeWithThem"]["hops"]] == ["leaver", "eb"]
    assert [h["to"]["id"] for h in deal["newRoute"]["hops"]] == ["weak", "mid", "eb"]
    assert deal["newRoute"]["warmth"] == pytest.approx(0.3 * 0.6 * 0.6)
    (opening,) = knock_on["openings"]
    assert opening["account"] == {"id": "acc-new"}
    assert opening["title"] == "VP Operations"
    assert [h["to"]["id"] for h in opening["path"]["hops"]] == ["leaver", "new-eb"]
    assert opening["path"]["hops"][1]["to"]["buyingRoles"] == ["ECONOMIC_BUYER"]

    wide = _data(await gql(KNOCK_ON, {"person": "leaver", "asOf": DAY, "maxHops": 3}))
    assert wide["departureKnockOn"]["strandedDeals"] == []
    later = _data(await gql(KNOCK_ON, {"person": "leaver", "asOf": "2027-06-01"}))
    assert later["departureKnockOn"]["reason"] == "NOT_A_RECENT_LEAVER"
    assert _code(await gql(KNOCK_ON, {"person": "leaver", "maxHops": 7})) == "INVALID_INPUT"
    assert _code(await gql(KNOCK_ON, {"person": "nobody"})) == "NOT_FOUND"
    key = await create_api_key(graph, workspace, "partner", Role.PARTNER, "par-x")
    refused = await GraphQLCaller(http, key.secret)(KNOCK_ON, {"person": "leaver"})
    assert _code(refused) == "FORBIDDEN"


async def test_demo_story_b_priya_leaves_quarry_peak_for_lumen_bay(
    http: httpx.AsyncClient, graph: GraphClient
) -> None:
    """Quarry Peak's deal lost its only route via Priya; Lumen Bay opens via Marcus -> Priya."""
    workspace = new_workspace("demo")
    await load_demo(graph, workspace)
    key = await create_api_key(graph, workspace, "story", Role.ADMIN)
    body = await GraphQLCaller(http, key.secret)(
        KNOCK_ON, {"person": "per-priya-raman", "asOf": DEMO_TODAY.isoformat()}
    )
    knock_on = _data(body)["departureKnockOn"]
    assert knock_on["personName"] == "Priya Raman"
    assert knock_on["left"] == [
        {"account": {"id": "acc-quarrypeak"}, "leftOn": "2026-09-15", "roles": ["CHAMPION"]}
    ]
    assert knock_on["strandedDeals"] == [{"opportunity": {"id": "opp-quarrypeak-scheduling"}}]
    (deal,) = knock_on["deals"]
    assert deal["economicBuyers"] == [{"id": "per-daniel-brooks"}]
    route = deal["routeWithThem"]
    assert [h["from"]["id"] for h in route["hops"]] == ["sel-marcus", "per-priya-raman"]
    assert route["hops"][-1]["to"]["name"] == "Daniel Brooks"
    assert round(route["warmth"], 6) == 0.72
    cold = deal["newRoute"]
    assert cold is not None
    assert cold["warmth"] < 0.2
    assert "per-priya-raman" not in [h["to"]["id"] for h in cold["hops"]]
    assert cold["hops"][0]["to"]["id"] == "per-tom-keller"
    (opening,) = knock_on["openings"]
    assert opening["account"] == {"id": "acc-lumenbay"}
    assert opening["status"] == "TARGET"
    assert opening["economicBuyers"] == [{"id": "per-omar-haddad"}]
    hops = opening["path"]["hops"]
    assert [(h["from"]["id"], h["to"]["id"]) for h in hops] == [
        ("sel-marcus", "per-priya-raman"),
        ("per-priya-raman", "per-omar-haddad"),
    ]
    assert round(opening["path"]["warmth"], 6) == 0.45
