"""Committee coverage per account and across the portfolio, with and without suggestions."""

from __future__ import annotations

from datetime import date

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.ingest.imports import load_bundle
from graph.selling.coverage import find_account_coverage, find_portfolio_coverage
from tests.graph.selling.committee_bundle import committee_bundle

TODAY = date(2026, 1, 15)


async def test_account_coverage_with_and_without_suggestions(
    graph: GraphClient, workspace: str
) -> None:
    """Eleven people mapped, a champion only; suggestions at 0.5+ cover all but two roles."""
    await load_bundle(graph, workspace, committee_bundle())
    c = await find_account_coverage(graph, workspace, "acc", day=TODAY)
    assert (c.stakeholders_mapped, c.typical_committee_size, c.committee_share) == (11, 6.8, 1.0)
    assert c.roles_covered == ("CHAMPION",)
    assert c.roles_missing == (
        "ECONOMIC_BUYER",
        "DECISION_MAKER",
        "BUDGET_HOLDER",
        "INFLUENCER",
        "BLOCKER",
        "TECHNICAL_EVALUATOR",
        "END_USER",
        "LEGAL",
        "PROCUREMENT",
    )
    assert (c.economic_buyer_mapped, c.economic_buyer_engaged, c.engaged_contacts) == (
        False,
        False,
        1,
    )
    assert c.roles_missing_with_suggestions == ("BLOCKER", "END_USER")
    assert len(c.roles_added_by_suggestions) == 7
    lenient = await find_account_coverage(graph, workspace, "acc", 0.0, day=TODAY)
    assert lenient.roles_missing_with_suggestions == ("BLOCKER",)


async def test_account_without_people_and_unknown_account(
    graph: GraphClient, workspace: str
) -> None:
    """No people: nothing covered, share 0; an unknown account is NotFound."""
    await load_bundle(graph, workspace, committee_bundle())
    c = await find_account_coverage(graph, workspace, "empty", day=TODAY)
    assert (c.stakeholders_mapped, c.committee_share, c.roles_covered, c.suggestions) == (
        0,
        0.0,
        (),
        (),
    )
    with pytest.raises(NotFound):
        await find_account_coverage(graph, workspace, "nope", day=TODAY)


async def test_portfolio_coverage_hand_worked(graph: GraphClient, workspace: str) -> None:
    """Three worked accounts (the idle target is not one): shares over three, weakest first."""
    await load_bundle(graph, workspace, committee_bundle())
    p = await find_portfolio_coverage(graph, workspace, day=TODAY)
    assert p.accounts == 3
    assert p.average_stakeholders_mapped == 4.0  # (11 + 1 + 0) / 3
    assert p.share_with_full_committee == 0.333
    assert p.share_with_economic_buyer_mapped == 0.333
    assert p.share_with_economic_buyer_engaged == 0.333
    assert p.share_with_economic_buyer_with_suggestions == 0.667
    champion = next(r for r in p.roles if r.role == "CHAMPION")
    assert (champion.share_covered, champion.share_covered_with_suggestions) == (0.333, 0.333)
    assert [c.account_id for c in p.weakest] == ["empty", "acc", "acc2"]


async def test_empty_portfolio_has_zero_shares(graph: GraphClient, workspace: str) -> None:
    """A workspace with no worked accounts answers zeros, not an error."""
    p = await find_portfolio_coverage(graph, workspace, day=TODAY)
    assert (p.accounts, p.average_stakeholders_mapped, p.share_with_economic_buyer_engaged) == (
        0,
        0.0,
        0.0,
    )
    assert p.weakest == ()
