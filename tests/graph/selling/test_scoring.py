"""Account scoring against the ideal customer profile: hand-worked scores on a small workspace."""

from __future__ import annotations

from typing import Any

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import AccountStatus
from graph.ingest.imports import load_bundle
from graph.selling.scoring import AccountScoreWhere, list_account_scores, score_accounts
from graph.selling.scoring_model import (
    Criterion,
    CriterionKind,
    InvalidScoringModel,
    ScoringRule,
    TierThreshold,
    find_scoring_model,
    list_scoring_models,
    save_scoring_model,
)
from graph.selling.win_back import list_win_back_candidates

BUNDLE: dict[str, Any] = {
    "accounts": [
        {
            "id": "a1",
            "name": "Perfect Fit",
            "industry": "Logistics",
            "employees": 30,
            "annualRevenue": 5_000_000,
            "country": "Sweden",
            "region": "EMEA",
            "technologies": ["Salesforce", "AWS"],
            "competitorProducts": ["Clari"],
            "status": "PROSPECT",
        },
        {
            "id": "a2",
            "name": "Half Fit",
            "industry": "Retail",
            "employees": 200,
            "annualRevenue": 50_000_000,
            "country": "Germany",
            "region": "EMEA",
            "status": "TARGET",
        },
        {"id": "a3", "name": "Nothing Known", "status": "LOST"},
        {
            "id": "a4",
            "name": "Former",
            "industry": "logistics",
            "employees": 30,
            "country": "sweden",
            "status": "FORMER_CUSTOMER",
        },
        {
            "id": "a0",
            "name": "Tie With Former",
            "industry": "Logistics",
            "employees": 30,
            "country": "Sweden",
            "status": "TARGET",
        },
    ],
    "opportunities": [
        {"id": "o1", "accountId": "a4", "name": "First", "state": "WON", "closeDate": "2023-01-31"},
        {
            "id": "o2",
            "accountId": "a4",
            "name": "Renewal",
            "state": "LOST",
            "closeDate": "2024-06-30",
            "amount": 50000,
            "currency": "EUR",
        },
        {"id": "o3", "accountId": "a4", "name": "Retry", "state": "OPEN"},
    ],
}

CRITERIA = [
    Criterion(
        CriterionKind.INDUSTRY,
        30,
        (ScoringRule(1.0, values=("Logistics",)), ScoringRule(0.5, values=("Retail",))),
    ),
    Criterion(
        CriterionKind.EMPLOYEES,
        20,
        (ScoringRule(1.0, minimum=10, maximum=50), ScoringRule(0.5, minimum=51, maximum=500)),
    ),
    Criterion(
        CriterionKind.LOCATION,
        20,
        (ScoringRule(1.0, countries=("Sweden",)), ScoringRule(0.5, regions=("EMEA",))),
    ),
    Criterion(CriterionKind.TECHNOLOGY, 15, (ScoringRule(1.0, values=("Salesforce",)),)),
    Criterion(CriterionKind.COMPETITOR_PRODUCT, 10, (ScoringRule(1.0, values=("Clari", "Gong")),)),
    Criterion(
        CriterionKind.ANNUAL_REVENUE, 5, (ScoringRule(1.0, minimum=1_000_000, maximum=10_000_000),)
    ),
]
TIERS = [TierThreshold("Tier 2", 50), TierThreshold("Tier 1", 80), TierThreshold("Tier 3", 20)]


@pytest.fixture
async def scored(graph: GraphClient, workspace: str) -> str:
    """The five accounts and the model above, saved as version 1."""
    await load_bundle(graph, workspace, BUNDLE)
    await save_scoring_model(graph, workspace, CRITERIA, TIERS, note="first cut")
    return workspace


async def test_scores_tiers_and_points_per_criterion(graph: GraphClient, scored: str) -> None:
    """Each account earns weight x best credit per criterion; tiers follow the thresholds."""
    scores = await score_accounts(graph, scored)
    assert {a: (s.score, s.tier) for a, s in scores.items()} == {
        "a1": (100.0, "Tier 1"),
        "a2": (35.0, "Tier 3"),  # 15 + 10 + 10 of 100
        "a3": (0.0, None),
        "a4": (70.0, "Tier 2"),  # case-insensitive industry and country
        "a0": (70.0, "Tier 2"),
    }
    half = scores["a2"]
    assert [(c.name, c.points, c.credit, c.missing) for c in half.criteria] == [
        ("INDUSTRY", 15.0, 0.5, False),
        ("EMPLOYEES", 10.0, 0.5, False),
        ("LOCATION", 10.0, 0.5, False),
        ("TECHNOLOGY", 0.0, 0.0, True),
        ("COMPETITOR_PRODUCT", 0.0, 0.0, True),
        ("ANNUAL_REVENUE", 0.0, 0.0, False),
    ]
    assert half.criteria[1].matched_rule == "employees 51-500"
    assert half.criteria[2].matched_rule == "region in EMEA"
    assert half.criteria[2].account_value == "Germany / EMEA"
    assert (half.points, half.max_points, half.model_version) == (35.0, 100.0, 1)
    assert scores["a3"].missing_fields == tuple(c.kind.value for c in CRITERIA)


async def test_no_saved_model_scores_every_account_zero(graph: GraphClient, workspace: str) -> None:
    """Without a saved model every account scores 0 with no tier under version 0."""
    await load_bundle(graph, workspace, BUNDLE)
    scores = await score_accounts(graph, workspace)
    assert {(s.model_version, s.score, s.tier, s.criteria) for s in scores.values()} == {
        (0, 0.0, None, ())
    }
    assert (await find_scoring_model(graph, workspace)).version == 0


async def test_model_without_criteria_puts_everyone_in_the_lowest_tier(
    graph: GraphClient, workspace: str
) -> None:
    """A model with no criteria scores 0 everywhere; a 0 threshold still gives a tier."""
    await load_bundle(graph, workspace, BUNDLE)
    await save_scoring_model(graph, workspace, [], [TierThreshold("Everyone", 0)])
    scores = await score_accounts(graph, workspace)
    assert {(s.score, s.tier) for s in scores.values()} == {(0.0, "Everyone")}


async def test_versions_are_kept_and_can_be_scored_with(graph: GraphClient, scored: str) -> None:
    """A new version does not overwrite the old one; scoring may name either."""
    industry_only = [Criterion(CriterionKind.INDUSTRY, 1, (ScoringRule(values=("Retail",)),))]
    saved = await save_scoring_model(graph, scored, industry_only, [TierThreshold("Fit", 100)])
    assert saved.version == 2
    assert [m.version for _, m in (await list_scoring_models(graph, scored, first=10)).items] == [
        2,
        1,
    ]
    latest = await score_accounts(graph, scored, ["a1", "a2"])
    assert (latest["a1"].score, latest["a2"].score, latest["a2"].tier) == (0.0, 100.0, "Fit")
    first = await score_accounts(graph, scored, ["a1"], version=1)
    assert first["a1"].score == 100.0
    model = await find_scoring_model(graph, scored, 1)
    assert (model.note, [t.tier for t in model.tiers]) == (
        "first cut",
        ["Tier 1", "Tier 2", "Tier 3"],
    )
    with pytest.raises(NotFound):
        await find_scoring_model(graph, scored, 9)


async def test_invalid_model_lists_every_problem_and_writes_nothing(
    graph: GraphClient, workspace: str
) -> None:
    """Bad weights, credits, bands, rules and thresholds are all reported; nothing is saved."""
    bad = [
        Criterion(CriterionKind.INDUSTRY, 0, (ScoringRule(2.0, values=("x",)),)),
        Criterion(CriterionKind.EMPLOYEES, 10, (ScoringRule(minimum=50, maximum=10),)),
        Criterion(CriterionKind.LOCATION, 10, ()),
        Criterion(CriterionKind.TECHNOLOGY, 10, (ScoringRule(values=(" ",)),)),
    ]
    with pytest.raises(InvalidScoringModel) as raised:
        await save_scoring_model(
            graph, workspace, bad, [TierThreshold("A", 50), TierThreshold("B", 50)]
        )
    assert len(raised.value.problems) == 6
    assert (raised.value.code, raised.value.extensions["field"]) == ("INVALID_INPUT", "criteria")
    assert (await list_scoring_models(graph, workspace, first=10)).total_count == 0


async def test_list_filters_pages_and_breaks_ties_by_id(graph: GraphClient, scored: str) -> None:
    """Best first, ties by id; filters by tier, minimum score and status; pages join up."""
    seen: list[str] = []
    after = None
    while True:
        page = await list_account_scores(graph, scored, first=2, after=after)
        seen += [s.account.id for _, s in page.items]
        after = page.end_cursor
        if not page.has_next_page:
            break
    assert seen == ["a1", "a0", "a4", "a2", "a3"]
    tier2 = await list_account_scores(
        graph, scored, first=10, where=AccountScoreWhere(tier="Tier 2")
    )
    assert [s.account.id for _, s in tier2.items] == ["a0", "a4"]
    assert tier2.total_count == 2
    high = await list_account_scores(
        graph,
        scored,
        first=10,
        where=AccountScoreWhere(min_score=50, statuses=frozenset({AccountStatus.TARGET})),
    )
    assert [s.account.id for _, s in high.items] == ["a0"]


async def test_win_back_lists_lost_and_former_customers_with_last_closed_deal(
    graph: GraphClient, scored: str
) -> None:
    """Only LOST and FORMER_CUSTOMER accounts, best fit first, with their latest closed deal."""
    found = [c for _, c in (await list_win_back_candidates(graph, scored, first=10)).items]
    assert {c.score.model_version for c in found} == {1}
    assert [(c.score.account.id, c.score.score) for c in found] == [("a4", 70.0), ("a3", 0.0)]
    last = found[0].last_closed_deal
    assert last is not None
    assert (last.id, last.state.value, last.amount) == ("o2", "LOST", 50000.0)
    assert found[1].last_closed_deal is None
    fit = await list_win_back_candidates(graph, scored, first=10, min_score=1)
    assert [c.score.account.id for _, c in fit.items] == ["a4"]
    first = await list_win_back_candidates(graph, scored, first=1)
    rest = await list_win_back_candidates(graph, scored, first=1, after=first.end_cursor)
    assert [c.score.account.id for _, c in first.items + rest.items] == ["a4", "a3"]
    assert (first.has_next_page, rest.has_next_page, rest.total_count) == (True, False, 2)


async def test_scores_follow_the_account_on_read(graph: GraphClient, scored: str) -> None:
    """Changing an account's fields changes its score at once: scores are computed on read."""
    await load_bundle(
        graph, scored, {"accounts": [{"id": "a2", "name": "Half Fit", "industry": "Logistics"}]}
    )
    assert (await score_accounts(graph, scored, ["a2"]))["a2"].score == 50.0


async def test_another_workspace_sees_neither_model_nor_accounts(
    graph: GraphClient, scored: str
) -> None:
    """Models and scores are scoped to the workspace."""
    other = scored + "-other"
    assert (await find_scoring_model(graph, other)).version == 0
    assert await score_accounts(graph, other) == {}
