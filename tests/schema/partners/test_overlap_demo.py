"""Partner overlap on the demo workspace, loaded through the real importer: the stories of
seeds/demo/STORIES.md, asked the way the README would ask them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace

PARTNER_OVERLAP = """
query PartnerOverlap {
  partnerOverlap(partnerId: "par-stratus", first: 10) {
    partnerName totalCount
    matrix { ourStatus partnerStatus count }
    accounts { edges { node { accountId ourStatus partnerStatus uncoveredPeopleCount } } }
    matching { matchedByDomain matchedByName
               unmatched { record { name } reason }
               duplicates { accountId recordIds } }
  }
}
"""

WARM_INTRODUCTIONS = """
query WarmIntroductions {
  warmIntroductions(partnerId: "par-stratus", first: 5) {
    edges { node { accountId name warmth route { contactName buyerName buyerRole } } }
  }
}
"""

BEST_PARTNER = """
query BestPartner {
  bestPartnerForAccount(accountId: "acc-cobaltridge") {
    ourRoute { fromName strength }
    bestPartner { partnerName route { fromName buyerName strength } }
    partnerIsWarmer gap
  }
}
"""

SHARED_ACCOUNTS = """
query SharedAccounts {
  sharedAccounts(partnerIds: ["par-stratus", "par-meridian"], first: 30) {
    totalCount
    edges { node { accountId ourStatus partnerStatuses { partnerId status } } }
  }
}
"""

PARTNER_PROGRAM = """
query PartnerProgram {
  partnerProgram(partnerId: "par-stratus") {
    overlappingAccounts inPipeline closedWon pipelineShare closedShare
  }
}
"""


@pytest.fixture(scope="module")
async def demo_workspace(graph: GraphClient) -> str:
    """A freshly loaded demo workspace of its own."""
    workspace = new_workspace("demo")
    await load_demo(graph, workspace)
    return workspace


async def _ask(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, query: str, role: Role
) -> dict[str, Any]:
    partner = "par-meridian" if role is Role.PARTNER else None
    key = await create_api_key(graph, workspace, "demo", role, partner)
    body = await GraphQLCaller(http, key.secret)(query)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_stratus_overlap_matches_the_story(
    http: httpx.AsyncClient, graph: GraphClient, demo_workspace: str
) -> None:
    """Five Stratus records match by domain, Harborview by name; Aldercrest is a duplicate."""
    data = await _ask(http, graph, demo_workspace, PARTNER_OVERLAP, Role.ADMIN)
    overlap = data["partnerOverlap"]
    matching = overlap["matching"]
    assert (matching["matchedByDomain"], matching["matchedByName"]) == (5, 1)
    assert {u["record"]["name"] for u in matching["unmatched"]} == {
        "Bluefin Outdoor Co",
        "Gannet Foods",
    }
    assert [d["accountId"] for d in matching["duplicates"]] == ["acc-aldercrest"]
    assert overlap["totalCount"] == 5
    assert sum(c["count"] for c in overlap["matrix"]) == 5


async def test_cobalt_ridge_is_a_warm_introduction_through_lena(
    http: httpx.AsyncClient, graph: GraphClient, demo_workspace: str
) -> None:
    """Stratus's customer Cobalt Ridge, our open deal, ranks first: Lena knows Henrik at 0.9."""
    data = await _ask(http, graph, demo_workspace, WARM_INTRODUCTIONS, Role.ADMIN)
    first = data["warmIntroductions"]["edges"][0]["node"]
    assert first["accountId"] == "acc-cobaltridge"
    assert first["warmth"] == 0.9
    assert first["route"]["contactName"] == "Lena Fischer"
    assert first["route"]["buyerRole"] == "ECONOMIC_BUYER"
    best = (await _ask(http, graph, demo_workspace, BEST_PARTNER, Role.ADMIN))[
        "bestPartnerForAccount"
    ]
    assert best["ourRoute"] is None
    assert best["bestPartner"]["partnerName"] == "Stratus Cloud Partners"
    assert best["partnerIsWarmer"] is True


async def test_shared_with_two_partners_and_program(
    http: httpx.AsyncClient, graph: GraphClient, demo_workspace: str
) -> None:
    """Aldercrest and Pinecrest are on both lists; the program figures add up."""
    data = await _ask(http, graph, demo_workspace, SHARED_ACCOUNTS, Role.ADMIN)
    ids = [e["node"]["accountId"] for e in data["sharedAccounts"]["edges"]]
    assert ids == ["acc-aldercrest", "acc-pinecrest"]
    program = (await _ask(http, graph, demo_workspace, PARTNER_PROGRAM, Role.ADMIN))[
        "partnerProgram"
    ]
    assert program["overlappingAccounts"] == 5
    assert 0 <= program["closedWon"] <= program["inPipeline"] <= 5


async def test_meridian_sees_claire_only_as_a_count(
    http: httpx.AsyncClient, graph: GraphClient, demo_workspace: str
) -> None:
    """Meridian (ACCOUNTS) learns that it knows one person at Pinecrest we do not, not who."""
    query = """{ partnerOverlap(partnerId: "par-meridian") {
        disclosure accounts { edges { node { accountId uncoveredPeopleCount } } } } }"""
    data = await _ask(http, graph, demo_workspace, query, Role.PARTNER)
    nodes = {e["node"]["accountId"]: e["node"] for e in data["partnerOverlap"]["accounts"]["edges"]}
    assert nodes["acc-pinecrest"]["uncoveredPeopleCount"] >= 1
    assert data["partnerOverlap"]["disclosure"] == "ACCOUNTS"
    assert "Claire" not in str(data)


DOC = Path(__file__).resolve().parents[3] / "docs" / "PARTNER_OVERLAP.md"
DOC_EXAMPLES = re.findall(r"```graphql\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def _example_name(document: str) -> str:
    found = re.search(r"query\s+(\w+)", document)
    return found.group(1) if found else document[:30]


@pytest.mark.parametrize("document", DOC_EXAMPLES, ids=[_example_name(d) for d in DOC_EXAMPLES])
async def test_doc_example_runs_on_demo_data(
    http: httpx.AsyncClient, graph: GraphClient, demo_workspace: str, document: str
) -> None:
    """Each GraphQL example of docs/PARTNER_OVERLAP.md answers on the demo data, without errors."""
    data = await _ask(http, graph, demo_workspace, document, Role.ADMIN)
    assert all(value is not None for value in data.values())
