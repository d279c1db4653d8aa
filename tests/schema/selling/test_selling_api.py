"""Account-based selling through GraphQL: roles, validation codes and the shapes of answers."""

from __future__ import annotations

from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from graph.ingest.imports import load_bundle
from tests.conftest import GraphQLCaller
from tests.graph.selling.committee_bundle import committee_bundle

SET_MODEL = """
mutation Set($criteria: [ScoringCriterionInput!]!, $tiers: [TierThresholdInput!]!) {
  createScoringModelVersion(criteria: $criteria, tierThresholds: $tiers, note: "v1") {
    scoringModel {
      version totalWeight tierThresholds { tier minScore } criteria { name rules { description } }
    }
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
        "createScoringModelVersion": {
            "scoringModel": {
                "version": 1,
                "totalWeight": 100.0,
                "tierThresholds": [
                    {"tier": "A", "minScore": 80.0},
                    {"tier": "B", "minScore": 30.0},
                ],
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
    }
    body = await gql(
        """query { accountScores(first: 5) { totalCount edges { node {
             account { id } score tier missingFields criteria { name points matchedRule } } } }
           winBackAccounts { totalCount edges { node {
             score { account { id } score } lastClosedDeal { id } } } } }"""
    )
    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["accountScores"]["edges"]]
    assert [(n["account"]["id"], n["score"], n["tier"]) for n in nodes] == [
        ("acc-fit", 100.0, "A"),
        ("acc-half", 30.0, "B"),
    ]
    assert nodes[1]["missingFields"] == ["Size"]
    assert body["data"]["winBackAccounts"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "score": {"account": {"id": "acc-half"}, "score": 30.0},
                    "lastClosedDeal": None,
                }
            }
        ],
    }
    fit = await gql("query { winBackAccounts(where: { minScore: 50 }) { totalCount } }")
    assert fit["data"] == {"winBackAccounts": {"totalCount": 0}}
    tier_b = await gql(
        """query { accountScores(first: 5, where: { tier: "B", statuses: [LOST] }) {
             totalCount edges { node { account { id } } } } }"""
    )
    assert tier_b["data"]["accountScores"] == {
        "totalCount": 1,
        "edges": [{"node": {"account": {"id": "acc-half"}}}],
    }


async def test_invalid_model_is_invalid_input_with_every_problem(gql: GraphQLCaller) -> None:
    """An invalid model answers INVALID_INPUT listing each problem."""
    bad = {
        "criteria": [{"kind": "EMPLOYEES", "weight": -1, "rules": [{"values": ["x"]}]}],
        "tiers": [{"tier": "A", "minScore": 120}],
    }
    body = await gql(SET_MODEL, bad)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == "criteria"
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
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_unknown_ids_are_null_with_not_found(gql: GraphQLCaller) -> None:
    """An unknown account, deal or model version nulls only its own field, with NOT_FOUND."""
    for query, field, argument in (
        ('query { accountScore(accountId: "nope") { score } }', "accountScore", "accountId"),
        ("query { scoringModel(version: 3) { version } }", "scoringModel", "version"),
        (
            "query { accountScores(first: 1, modelVersion: 3) { totalCount } }",
            "accountScores",
            "modelVersion",
        ),
        (
            'query { committeeCoverage(accountId: "nope") { stakeholdersMapped } }',
            "committeeCoverage",
            "accountId",
        ),
        (
            'query { suggestedRoles(accountId: "nope") { totalCount } }',
            "suggestedRoles",
            "accountId",
        ),
        (
            'query { accountPersonas(accountId: "nope") { version } }',
            "accountPersonas",
            "accountId",
        ),
        ('query { buyerJourney(accountId: "nope") { stage } }', "buyerJourney", "accountId"),
        (
            "query { winBackAccounts(modelVersion: 3) { totalCount } }",
            "winBackAccounts",
            "modelVersion",
        ),
        ("query { personaMatches(version: 2) { totalCount } }", "personaMatches", "version"),
        (
            'query { opportunityQualification(opportunityId: "nope") { qualified } }',
            "opportunityQualification",
            "opportunityId",
        ),
    ):
        body = await gql("query { __typename " + query.removeprefix("query {"))
        error = body["errors"][0]
        assert error["extensions"]["code"] == "NOT_FOUND", body
        assert error["extensions"]["field"] == argument
        assert body["data"]["__typename"] == "Query"  # the rest of the response stands
        assert body["data"].get(field) is None


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


async def test_suggest_then_accept_a_role(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """A suggestion shows in coverage with suggestions; accepting writes it as held."""
    await load_bundle(graph, workspace, committee_bundle())
    coverage = """query { committeeCoverage(accountId: "acc2", minConfidence: 0.7, asOf: "2026-01-15") {
        stakeholdersMapped rolesCovered economicBuyerEngaged rolesAddedBySuggestions } }"""
    before = await gql(coverage)
    assert before["data"] == {
        "committeeCoverage": {
            "stakeholdersMapped": 1,
            "rolesCovered": ["ECONOMIC_BUYER"],
            "economicBuyerEngaged": True,
            "rolesAddedBySuggestions": [],
        }
    }
    found = await gql(
        """query { suggestedRoles(accountId: "acc", minConfidence: 0.75, first: 2) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { person { id } role } } } }"""
    )
    suggested = found["data"]["suggestedRoles"]
    assert suggested["totalCount"] == 3
    assert [e["node"] for e in suggested["edges"]] == [
        {"person": {"id": "buyer"}, "role": "PROCUREMENT"},
        {"person": {"id": "counsel"}, "role": "LEGAL"},
    ]
    rest = await gql(
        """query($after: String) { suggestedRoles(accountId: "acc", minConfidence: 0.75,
             after: $after) { edges { node { person { id } role } } } }""",
        {"after": suggested["pageInfo"]["endCursor"]},
    )
    assert rest["data"]["suggestedRoles"]["edges"] == [
        {"node": {"person": {"id": "cfo"}, "role": "ECONOMIC_BUYER"}}
    ]
    accept = """mutation { acceptSuggestedRole(personId: "buyer", accountId: "acc",
        role: "PROCUREMENT") { buyingRole { role person { id } account { id } opportunity { id } } created } }"""
    assert (await gql(accept))["data"] == {
        "acceptSuggestedRole": {
            "buyingRole": {
                "role": "PROCUREMENT",
                "person": {"id": "buyer"},
                "account": {"id": "acc"},
                "opportunity": None,
            },
            "created": True,
        }
    }
    held = await gql('query { committeeCoverage(accountId: "acc") { rolesCovered } }')
    assert held["data"] == {"committeeCoverage": {"rolesCovered": ["CHAMPION", "PROCUREMENT"]}}
    portfolio = await gql("query { portfolioCoverage { accounts weakest { account { id } } } }")
    assert portfolio["data"]["portfolioCoverage"]["accounts"] == 3


async def test_accepting_for_someone_not_there_is_invalid_input(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Accepting a role for a person who left answers INVALID_INPUT; bad confidence too."""
    await load_bundle(graph, workspace, committee_bundle())
    body = await gql(
        'mutation { acceptSuggestedRole(personId: "leaver", accountId: "acc", role: "LEGAL") '
        "{ created } }"
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "personId"
    body = await gql(
        'mutation { acceptSuggestedRole(personId: "cfo", accountId: "acc", role: "LEGAL", '
        'opportunityId: "no-deal") { created } }'
    )
    assert body["data"] == {"acceptSuggestedRole": None}
    assert body["errors"][0]["extensions"]["field"] == "opportunityId"
    body = await gql('query { suggestedRoles(accountId: "acc", minConfidence: 2) { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "minConfidence"


SIZING = """query Size($inputs: TargetListInput!, $v: Int) {
  targetListSizing(inputs: $inputs, modelVersion: $v) {
  sizing { listSize limitedBy accountsPerRep } modelVersion currentListSize
  accountsWithoutQuotaOwner byTier { tier accounts otherStoredTiers { storedTier accounts } }
  bySeller { name recommended seller { id } } } }"""


async def test_list_sizing_answers_and_rejects_bad_inputs(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """The calculator answers with the current list; unusable inputs are INVALID_INPUT."""
    await load_bundle(graph, workspace, BUNDLE)
    inputs = {
        "addressableMarket": 1000,
        "shareCanBuyNow": 0.5,
        "salesCycleDays": 120,
        "repCapacity": 10,
        "closeRate": 0.2,
        "salesTarget": 1_000_000,
        "averageDealSize": 100_000,
        "teamSize": 4,
        "periodDays": 360,
    }
    body = await gql(SIZING, {"inputs": inputs})
    assert body["data"] == {
        "targetListSizing": {
            "sizing": {"listSize": 50, "limitedBy": "TARGET", "accountsPerRep": 12.5},
            "modelVersion": 0,
            "currentListSize": 1,  # acc-half is LOST
            "accountsWithoutQuotaOwner": 1,
            "byTier": [{"tier": "Untiered", "accounts": 1, "otherStoredTiers": []}],
            "bySeller": [{"name": None, "recommended": None, "seller": None}],
        }
    }
    unknown = await gql(SIZING, {"inputs": inputs, "v": 9})
    assert unknown["data"] == {"targetListSizing": None}
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = await gql(SIZING, {"inputs": {**inputs, "closeRate": 0}})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert bad["errors"][0]["extensions"]["field"] == "inputs"
    assert bad["errors"][0]["extensions"]["errors"] == ["closeRate must be above 0 and at most 1"]


async def test_personas_set_then_read_per_account(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Members save personas; the account shows which are engaged, mapped or missing."""
    await load_bundle(graph, workspace, committee_bundle())
    saved = await gql(
        """mutation { createPersonaSetVersion(note: "Q1", personas: [
             { key: "FINANCE_LEADER", name: "Finance leader", titlePatterns: ["cfo"] }
             { key: "SECURITY", name: "Security", departments: ["Security"] }
             { key: "CHAMP", name: "Sales", titlePatterns: ["sales director"],
               seniorities: [DIRECTOR] } ]) { personaSet { version personas { key seniorities } } } }"""
    )
    assert saved["data"] == {
        "createPersonaSetVersion": {
            "personaSet": {
                "version": 1,
                "personas": [
                    {"key": "FINANCE_LEADER", "seniorities": []},
                    {"key": "SECURITY", "seniorities": []},
                    {"key": "CHAMP", "seniorities": ["DIRECTOR"]},
                ],
            }
        }
    }
    body = await gql(
        """query { accountPersonas(accountId: "acc", asOf: "2026-01-15") {
             version missing personas { persona { key } status mapped { person { id } } } } }"""
    )
    assert body["data"] == {
        "accountPersonas": {
            "version": 1,
            "missing": ["SECURITY"],
            "personas": [
                {
                    "persona": {"key": "FINANCE_LEADER"},
                    "status": "MAPPED",
                    "mapped": [{"person": {"id": "cfo"}}],
                },
                {"persona": {"key": "SECURITY"}, "status": "MISSING", "mapped": []},
                {
                    "persona": {"key": "CHAMP"},
                    "status": "ENGAGED",
                    "mapped": [{"person": {"id": "champ"}}],
                },
            ],
        }
    }
    bad = await gql(
        'mutation { createPersonaSetVersion(personas: [{ key: "bad key", name: "x" }]) '
        "{ personaSet { version } } }"
    )
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert bad["errors"][0]["extensions"]["field"] == "personas"
    sets = await gql("query { personaSets(first: 5) { totalCount edges { node { version } } } }")
    assert sets["data"] == {"personaSets": {"totalCount": 1, "edges": [{"node": {"version": 1}}]}}
    matches = await gql(
        """query { personaMatches(asOf: "2026-01-15", first: 1) {
             totalCount pageInfo { hasNextPage } edges { node { person { id } account { id } } } } }"""
    )
    assert matches["data"]["personaMatches"]["pageInfo"] == {"hasNextPage": True}
    beta = await gql(
        """query { personaMatches(asOf: "2026-01-15",
             where: { accountIds: ["acc2"], personaKey: "FINANCE_LEADER" }) {
             edges { node { person { id } account { id } personaKeys } } } }"""
    )
    assert beta["data"]["personaMatches"]["edges"] == [
        {
            "node": {
                "person": {"id": "eve"},
                "account": {"id": "acc2"},
                "personaKeys": ["FINANCE_LEADER"],
            }
        }
    ]


async def test_journey_record_then_flag(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """A recorded purchase with an open deal 20 days later is flagged; bad cool-down rejected."""
    await load_bundle(
        graph,
        workspace,
        {**BUNDLE, "opportunities": [{"id": "up", "accountId": "acc-fit", "name": "Up"}]},
    )
    recorded = await gql(
        """mutation { recordJourneyStage(accountId: "acc-fit", stage: PURCHASE,
             enteredOn: "2026-01-01", note: "signed") {
             account { id } created entry { stage enteredOn note } } }"""
    )
    assert recorded["data"] == {
        "recordJourneyStage": {
            "account": {"id": "acc-fit"},
            "created": True,
            "entry": {"stage": "PURCHASE", "enteredOn": "2026-01-01", "note": "signed"},
        }
    }
    body = await gql(
        """query { buyerJourney(accountId: "acc-fit", asOf: "2026-01-21") {
             stage since inCoolDown upsellFlags { opportunity { id } daysSincePurchase } }
           upsellCoolDownFlags(asOf: "2026-01-21") { totalCount edges { node { account { id } } } } }"""
    )
    assert body["data"] == {
        "buyerJourney": {
            "stage": "PURCHASE",
            "since": "2026-01-01",
            "inCoolDown": True,
            "upsellFlags": [{"opportunity": {"id": "up"}, "daysSincePurchase": 20}],
        },
        "upsellCoolDownFlags": {
            "totalCount": 1,
            "edges": [{"node": {"account": {"id": "acc-fit"}}}],
        },
    }
    bad = await gql('query { buyerJourney(accountId: "acc-fit", coolDownDays: -1) { stage } }')
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert bad["errors"][0]["extensions"]["field"] == "coolDownDays"
    unknown = await gql(
        'mutation { recordJourneyStage(accountId: "nope", stage: AWARENESS) { created } }'
    )
    assert unknown["data"] == {"recordJourneyStage": None}
    assert unknown["errors"][0]["extensions"] == {
        "code": "NOT_FOUND",
        "type": "Account",
        "id": "nope",
        "field": "accountId",
    }


async def test_open_date_through_the_upsert_and_the_expansion_go_ahead(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """upsertOpportunities takes openDate; a deal opened before the purchase is no upsell, one
    opened after is flagged until EXPANSION is recorded (upsellGoAheadOn)."""
    await load_bundle(graph, workspace, BUNDLE)
    upserted = await gql(
        """mutation { upsertOpportunities(rows: [
             { id: "won", accountId: "acc-fit", name: "Won", state: WON, closeDate: "2026-01-01" }
             { id: "early", accountId: "acc-fit", name: "Early", openDate: "2025-11-01" }
             { id: "late", accountId: "acc-fit", name: "Late", openDate: "2026-01-10" }
           ]) { created } }"""
    )
    assert upserted["data"] == {"upsertOpportunities": {"created": 3}}
    journey = """query { buyerJourney(accountId: "acc-fit", asOf: "2026-01-21") {
      inCoolDown upsellGoAheadOn upsellFlags { opportunity { id } openDate } } }"""
    assert (await gql(journey))["data"] == {
        "buyerJourney": {
            "inCoolDown": True,
            "upsellGoAheadOn": None,
            "upsellFlags": [{"opportunity": {"id": "late"}, "openDate": "2026-01-10"}],
        }
    }
    await gql(
        """mutation { recordJourneyStage(accountId: "acc-fit", stage: EXPANSION,
             enteredOn: "2026-01-20") { created } }"""
    )
    assert (await gql(journey))["data"] == {
        "buyerJourney": {"inCoolDown": False, "upsellGoAheadOn": "2026-01-20", "upsellFlags": []}
    }
