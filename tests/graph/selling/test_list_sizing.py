"""Target account list sizing: hand-worked calculator answers and the current-list comparison."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.ingest.imports import load_bundle
from graph.selling.list_sizing import (
    InvalidSizingInputs,
    SizingInputs,
    SizingLimit,
    compare_target_list,
    size_target_list,
)
from graph.selling.scoring_model import (
    Criterion,
    CriterionKind,
    ScoringRule,
    TierThreshold,
    save_scoring_model,
)

# 10,000 x 0.3 = 3,000 can buy; 2M / 50k = 40 deals / 0.25 = 160 needed; 360 / 90 = 4 cycles
# x 25 at once = 100 per rep.
INPUTS = SizingInputs(
    addressable_market=10_000,
    share_can_buy_now=0.3,
    sales_cycle_days=90,
    rep_capacity=25,
    close_rate=0.25,
    sales_target=2_000_000,
    average_deal_size=50_000,
    period_days=360,
)


def test_target_bound_list() -> None:
    """Two reps can work 200, the target needs 160: the list is 160, 80 per rep."""
    s = size_target_list(INPUTS, 2)
    assert (s.accounts_can_buy_now, s.deals_needed, s.accounts_needed) == (3000, 40, 160)
    assert (s.cycles_per_period, s.accounts_per_rep_capacity, s.team_capacity) == (4.0, 100, 200)
    assert (s.list_size, s.accounts_per_rep, s.limited_by) == (160, 80.0, SizingLimit.TARGET)
    assert (s.expected_revenue, s.target_reachable) == (2_000_000.0, True)


def test_capacity_market_cycle_and_close_rate_move_the_list() -> None:
    """One rep caps it at 100; a small market at 30; a longer cycle halves capacity; a higher
    close rate halves the accounts needed."""
    one = size_target_list(INPUTS, 1)
    assert (one.list_size, one.limited_by, one.expected_revenue) == (
        100,
        SizingLimit.CAPACITY,
        1_250_000.0,
    )
    assert one.target_reachable is False
    small = size_target_list(replace(INPUTS, addressable_market=100), 2)
    assert (small.list_size, small.limited_by) == (30, SizingLimit.MARKET)
    slow = size_target_list(replace(INPUTS, sales_cycle_days=180), 2)
    assert (slow.team_capacity, slow.list_size, slow.limited_by) == (100, 100, SizingLimit.CAPACITY)
    better = size_target_list(replace(INPUTS, close_rate=0.5), 2)
    assert (better.accounts_needed, better.list_size) == (80, 80)


def test_tie_between_bounds_names_the_target() -> None:
    """When the target needs exactly what the team can work, TARGET is named."""
    s = size_target_list(replace(INPUTS, rep_capacity=20), 2)  # 4 x 20 x 2 = 160 = needed
    assert (s.list_size, s.limited_by) == (160, SizingLimit.TARGET)


def test_invalid_inputs_are_all_listed() -> None:
    """Out-of-range inputs and an empty team are each reported."""
    bad = replace(INPUTS, share_can_buy_now=0, close_rate=1.5, sales_cycle_days=0)
    with pytest.raises(InvalidSizingInputs) as raised:
        size_target_list(bad, 0)
    assert len(raised.value.problems) == 4


SELLERS = [
    {"id": "ae1", "name": "Ann", "role": "AE"},
    {"id": "ae2", "name": "Ben", "role": "AE"},
    {"id": "rep1", "name": "Rae", "role": "REP"},
    {"id": "sdr", "name": "Sid", "role": "SDR"},
    {"id": "csm", "name": "Cy", "role": "CSM"},
    {"id": "pm", "name": "Pia", "role": "PARTNER_MANAGER"},
    {"id": "exec", "name": "Eli", "role": "EXECUTIVE"},
]

# Headcount alone scores: 100, 80, 50 or 49 points of 100; Tier 1 from 80, Tier 2 from 50.
HEADCOUNT = [
    Criterion(
        CriterionKind.EMPLOYEES,
        100,
        (
            ScoringRule(1.0, minimum=1000),
            ScoringRule(0.8, minimum=500, maximum=999),
            ScoringRule(0.5, minimum=100, maximum=499),
            ScoringRule(0.49, minimum=10, maximum=99),
        ),
    )
]
TIERS = [TierThreshold("Tier 1", 80), TierThreshold("Tier 2", 50)]


def _account(
    account_id: str, employees: int | None, stored: str | None, owner: str | None, **more: str
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": account_id, "name": account_id, **more}
    for key, value in (("employees", employees), ("tier", stored), ("ownerSellerId", owner)):
        if value is not None:
            row[key] = value
    return row


LIST = {
    "sellers": SELLERS,
    "accounts": [
        _account("t1a", 2000, "Tier 1", "ae1"),  # 100: Tier 1, stored alike
        _account("t1b", 800, "Tier 2", "ae2"),  # 80, on the threshold: Tier 1, stored Tier 2
        _account("t2a", 200, "tier 2", "rep1"),  # 50, on the threshold: Tier 2 (case ignored)
        _account("un", 50, "Tier 1", "sdr", status="PROSPECT"),  # 49, below: Untiered
        _account("un2", None, None, "csm", status="CUSTOMER"),  # no headcount: Untiered
        _account("pmacc", 2000, None, "pm"),  # Tier 1, nothing stored
        _account("ex", 800, "Tier 1", "exec"),
        _account("nobody", 200, "Tier 3", None),
        _account("lost", 2000, "Tier 1", "ae1", status="LOST"),  # not on the list
    ],
}


async def test_current_list_by_model_tier_with_the_stored_tier_beside(
    graph: GraphClient, workspace: str
) -> None:
    """Accounts count in the tier the scoring model gives them (a score on a threshold reaches
    it), the model's tiers highest first and Untiered last; beside each, the stored tiers that
    differ (case ignored, most accounts first, ties by name)."""
    await load_bundle(graph, workspace, LIST)
    await save_scoring_model(graph, workspace, HEADCOUNT, TIERS)
    c = await compare_target_list(graph, workspace, INPUTS)
    assert (c.model_version, c.current_list_size) == (1, 8)
    assert [(g.tier, g.accounts, g.other_stored_tiers) for g in c.by_tier] == [
        ("Tier 1", 4, (("Tier 2", 1), ("Untiered", 1))),
        ("Tier 2", 2, (("Tier 3", 1),)),
        ("Untiered", 2, (("Tier 1", 1),)),
    ]


async def test_only_quota_sellers_get_a_recommendation(graph: GraphClient, workspace: str) -> None:
    """AEs and reps (the team: 3) each get list / 3 as their recommendation, ties by id, even
    without accounts; accounts of an SDR, a CSM, a partner manager, an executive or nobody are
    one group without a quota owner and no recommendation; recommendations add up to the list."""
    bundle = {**LIST, "sellers": [*SELLERS, {"id": "rep2", "name": "Ray", "role": "REP"}]}
    await load_bundle(graph, workspace, bundle)
    c = await compare_target_list(graph, workspace, INPUTS)
    assert (c.sizing.team_size, c.sizing.list_size, c.sizing.accounts_per_rep) == (4, 160, 40.0)
    assert [
        (g.seller_id, g.name, g.accounts, g.recommended, g.difference) for g in c.by_seller
    ] == [
        ("ae1", "Ann", 1, 40.0, -39.0),
        ("ae2", "Ben", 1, 40.0, -39.0),
        ("rep1", "Rae", 1, 40.0, -39.0),
        ("rep2", "Ray", 0, 40.0, -40.0),
        (None, None, 5, None, None),
    ]
    assert c.accounts_without_quota_owner == 5
    assert sum(g.recommended or 0 for g in c.by_seller) == c.sizing.list_size


async def test_without_a_model_every_account_is_untiered_and_versions_can_be_chosen(
    graph: GraphClient, workspace: str
) -> None:
    """No saved model (version 0): one Untiered group with every stored tier beside it; an older
    model version groups by its own tiers; an unknown version is NotFound."""
    await load_bundle(graph, workspace, LIST)
    c = await compare_target_list(graph, workspace, INPUTS)
    assert [(g.tier, g.accounts, g.other_stored_tiers) for g in c.by_tier] == [
        ("Untiered", 8, (("Tier 1", 3), ("Tier 2", 1), ("Tier 3", 1), ("tier 2", 1))),
    ]
    await save_scoring_model(graph, workspace, HEADCOUNT, TIERS)
    await save_scoring_model(graph, workspace, HEADCOUNT, [TierThreshold("All", 0)])
    latest = await compare_target_list(graph, workspace, INPUTS)
    assert [(g.tier, g.accounts) for g in latest.by_tier] == [("All", 8)]
    first = await compare_target_list(graph, workspace, INPUTS, version=1)
    assert [(g.tier, g.accounts) for g in first.by_tier] == [
        ("Tier 1", 4),
        ("Tier 2", 2),
        ("Untiered", 2),
    ]
    with pytest.raises(NotFound):
        await compare_target_list(graph, workspace, INPUTS, version=9)


async def test_workspace_without_sellers_needs_a_team_size(
    graph: GraphClient, workspace: str
) -> None:
    """No quota-carrying sellers and no teamSize is an input problem; with teamSize it sizes."""
    with pytest.raises(InvalidSizingInputs):
        await compare_target_list(graph, workspace, INPUTS)
    c = await compare_target_list(graph, workspace, replace(INPUTS, team_size=2))
    assert (c.current_list_size, c.by_tier, c.by_seller) == (0, (), ())
