"""Target account list sizing: hand-worked calculator answers and the current-list comparison."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle
from graph.selling.list_sizing import (
    InvalidSizingInputs,
    SizingInputs,
    SizingLimit,
    compare_target_list,
    size_target_list,
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


async def test_current_list_by_tier_and_seller(graph: GraphClient, workspace: str) -> None:
    """Targets, prospects and customers count; the team is the AEs; sellers against per rep."""
    await load_bundle(
        graph,
        workspace,
        {
            "sellers": [
                {"id": "ae1", "name": "Ann", "role": "AE"},
                {"id": "ae2", "name": "Ben", "role": "AE"},
                {"id": "csm", "name": "Cy", "role": "CSM"},
            ],
            "accounts": [
                {"id": "a1", "name": "A1", "tier": "Tier 1", "ownerSellerId": "ae1"},
                {"id": "a2", "name": "A2", "tier": "Tier 1", "ownerSellerId": "ae1"},
                {"id": "a3", "name": "A3", "ownerSellerId": "ae1", "status": "PROSPECT"},
                {
                    "id": "a4",
                    "name": "A4",
                    "tier": "Tier 2",
                    "ownerSellerId": "csm",
                    "status": "CUSTOMER",
                },
                {"id": "a5", "name": "A5", "tier": "Tier 2"},
                {
                    "id": "a6",
                    "name": "A6",
                    "tier": "Tier 1",
                    "ownerSellerId": "ae2",
                    "status": "LOST",
                },
            ],
        },
    )
    c = await compare_target_list(graph, workspace, INPUTS)
    assert (c.sizing.team_size, c.sizing.list_size, c.current_list_size, c.difference) == (
        2,
        160,
        5,
        -155,
    )
    assert [(g.key, g.accounts) for g in c.by_tier] == [
        ("Tier 1", 2),
        ("Tier 2", 2),
        ("Untiered", 1),
    ]
    assert [(g.key, g.name, g.accounts, g.difference) for g in c.by_seller] == [
        ("ae1", "Ann", 3, -77.0),
        ("", None, 1, None),
        ("csm", "Cy", 1, -79.0),
        ("ae2", "Ben", 0, -80.0),
    ]


async def test_workspace_without_sellers_needs_a_team_size(
    graph: GraphClient, workspace: str
) -> None:
    """No quota-carrying sellers and no teamSize is an input problem; with teamSize it sizes."""
    with pytest.raises(InvalidSizingInputs):
        await compare_target_list(graph, workspace, INPUTS)
    c = await compare_target_list(graph, workspace, replace(INPUTS, team_size=2))
    assert (c.current_list_size, c.by_tier, c.by_seller) == (0, (), ())
