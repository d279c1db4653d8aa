"""docs/INTRO_REQUESTS.md on the demo workspace: its examples run in order (they build on each
other: the request, its changes, the deal opened after the intro) on a fresh demo, and each
answers what the page says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace
from tests.test_readme import examples, operation_name

PAGE = Path(__file__).resolve().parents[3] / "docs" / "INTRO_REQUESTS.md"


async def test_the_page_runs_in_order_and_says_what_it_shows(
    http: httpx.AsyncClient, graph: GraphClient
) -> None:
    """Each example of INTRO_REQUESTS.md answers without errors; the request goes REQUESTED ->
    ACCEPTED -> INTRODUCED through Stratus, Oliver's path to Henrik becomes one KNOWS hop of 0.5,
    the list ages it, the figures count it, and the deal opened after it is Stratus-sourced; a
    second run of the page replays every write."""
    workspace = new_workspace("demo")
    await load_demo(graph, workspace)
    admin = GraphQLCaller(http, (await create_api_key(graph, workspace, "docs", Role.ADMIN)).secret)
    answers: dict[str, Any] = {}
    for document in examples(PAGE):
        body = await admin(document)
        assert "errors" not in body, (operation_name(document), body["errors"])
        answers[operation_name(document)] = body["data"]
    asked = answers["RequestIntroToHenrik"]["requestIntroduction"]
    assert asked["request"]["id"] in PAGE.read_text()
    assert asked["request"]["partnerId"] == "par-stratus"
    assert asked["request"]["introducer"] == {"name": "Lena Fischer", "kind": "PERSON"}
    assert answers["LenaAccepts"]["changeIntroRequestState"]["change"]["fromState"] == "REQUESTED"
    history = answers["LenaIntroduces"]["changeIntroRequestState"]["request"]["history"]
    assert [h["toState"] for h in history] == ["REQUESTED", "ACCEPTED", "INTRODUCED"]
    best = answers["OliverNowKnowsHenrik"]["warmestPaths"]["best"]
    assert best["warmth"] == 0.5
    assert [(h["from"]["name"], h["to"]["name"]) for h in best["hops"]] == [
        ("Oliver Grant", "Henrik Aalto")
    ]
    (waiting,) = answers["WaitingIntroRequests"]["introRequests"]["edges"]
    assert (waiting["node"]["state"], waiting["node"]["daysInState"]) == ("INTRODUCED", 14)
    assert waiting["node"]["daysSinceRequested"] == 18
    (stratus,) = answers["IntroFiguresByPartner"]["introFigures"]["edges"]
    assert stratus["node"]["acceptanceRate"] == 1.0
    assert round(stratus["node"]["meanDaysToIntro"], 2) == 4.25
    pipeline = answers["StratusIntroPipeline"]["partnerProgram"]["introPipeline"]
    assert pipeline["sourcedOpportunityIds"] == ["opp-cobaltridge-storage"]
    assert (pipeline["sourcedAmount"], pipeline["influencedDeals"]) == (95000.0, 1)
    again = await admin(examples(PAGE)[0])
    assert again["data"]["requestIntroduction"]["replayed"] is True
