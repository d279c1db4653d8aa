"""Account-based selling through GraphQL: roles, validation codes and the shapes of answers."""

from __future__ import annotations

from typing import Any

import httpx

from graph.client import GraphClient
from graph.credentials import Role, create_api_key
from graph.imports import load_bundle
from tests.conftest import GraphQLCaller

SET_MODEL = """
mutation Set($criteria: [ScoringCriterionInput!]!, $tiers: [TierThresholdInput!]!) {
  setScoringModel(criteria: $criteria, tierThresholds: $tiers, note: "v1") {
    version totalWeight tierThresholds { tier minScore } criteria { name rules { description } }
  }
}
"""

MODEL = {
    "criteria": [
        {
            "kind": "INDUSTRY",
            "weight": 60,
            "rules": [{"values": ["Logistics"]}, {"values": ["Retail"], "credit": 0.5}],
        },
        {
            "kind": "EMPLOYEES",
            "weight": 40,
            "name": "Size",
            "rules": [{"minimum": 10, "maximum": 50}],
        },
    ],
    "tiers": [{"tier": "A", "minScore": 80}, {"tier": "B", "minScore": 30}],
}

BUNDLE: dict[str, Any] = {
    "accounts": [
        {"id": "acc-fit", "name": "Fit", "industry": "Logistics", "employees": 20},
        {"id": "acc-half", "name": "Half", "industry": "Retail", "status": "LOST"},
    ]
}


async def test_set_model_then_list_scores(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """An admin saves a model; accounts list best first with tier and explanation."""
    await load_bundle(graph, workspace, BUNDLE)
    saved = await gql(SET_MODEL, MODEL)
    assert "errors" not in saved, saved
    assert saved["data"] == {
        "setScoringModel": {
            "version": 1,
            "totalWeight": 100.0,
            "tierThresholds": [{"tier": "A", "minScore": 80.0}, {"tier": "B", "minScore": 30.0}],
            "criteria": [
                {
                    "name": "INDUSTRY",
                    "rules": [
                        {"description": "industry in Logistics"},
                        {"description": "industry in Retail"},
                    ],
                },
                {"name": "Size", "rules": [{"description": "employees 10-50"}]},
            ],
        }
    }
    body = await gql(
        """query { accountScores(first: 5) { totalCount edges { node {
             account { id } score tier missingFields criteria { name points matchedRule } } } }
           winBackAccounts { score { account { id } score } lastClosedDeal { id } } }"""
    )
    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["accountScores"]["edges"]]
    assert [(n["account"]["id"], n["score"], n["tier"]) for n in nodes] == [
        ("acc-fit", 100.0, "A"),
        ("acc-half", 30.0, "B"),
    ]
    assert nodes[1]["missingFields"] == ["Size"]
    assert body["data"]["winBackAccounts"] == [
        {"score": {"account": {"id": "acc-half"}, "score": 30.0}, "lastClosedDeal": None}
    ]


async def test_invalid_model_is_invalid_input_with_every_problem(gql: GraphQLCaller) -> None:
    """An invalid model answers INVALID_INPUT listing each problem."""
    bad = {
        "criteria": [{"kind": "EMPLOYEES", "weight": -1, "rules": [{"values": ["x"]}]}],
        "tiers": [{"tier": "A", "minScore": 120}],
    }
    body = await gql(SET_MODEL, bad)
    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert len(error["extensions"]["errors"]) == 4


async def test_only_admins_and_members_set_models(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Viewers and integration keys are FORBIDDEN to set the model; members may."""
    for role, allowed in ((Role.VIEWER, False), (Role.INTEGRATION, False), (Role.MEMBER, True)):
        key = (await create_api_key(graph, workspace, role.value, role)).secret
        body = await GraphQLCaller(http, key)(SET_MODEL, MODEL)
        if allowed:
            assert "errors" not in body, body
        else:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]


async def test_unknown_account_or_version_is_not_found(gql: GraphQLCaller) -> None:
    """Scoring an unknown account or model version answers NOT_FOUND."""
    for query in (
        'query { accountScore(accountId: "nope") { score } }',
        "query { scoringModel(version: 3) { version } }",
    ):
        body = await gql(query)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # type: ignore[index]


async def test_qualification_lists_what_is_missing(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """A bare deal answers NOT_MAPPED authority and every missing BANT item, in order."""
    await load_bundle(
        graph,
        workspace,
        {**BUNDLE, "opportunities": [{"id": "o", "accountId": "acc-fit", "name": "O"}]},
    )
    body = await gql(
        """query { opportunityQualification(opportunityId: "o", asOf: "2026-01-01") {
             qualified authority { status holders { id } } missing { code } } }"""
    )
    assert "errors" not in body, body
    assert body["data"] == {
        "opportunityQualification": {
            "qualified": False,
            "authority": {"status": "NOT_MAPPED", "holders": []},
            "missing": [
                {"code": c}
                for c in (
                    "BUDGET_NOT_ENTERED",
                    "AMOUNT_MISSING",
                    "AUTHORITY_NOT_MAPPED",
                    "NEED_NOT_DOCUMENTED",
                    "TIMELINE_NOT_ENTERED",
                    "CLOSE_DATE_MISSING",
                )
            ],
        }
    }
