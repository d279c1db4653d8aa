"""Committee coverage per account and across the portfolio, with and without suggestions."""

from __future__ import annotations

from datetime import date
from typing import Any

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
    """Eleven people mapped, a champion only on the committee (seven more with a suggested role
    at 0.5+: a full committee with suggestions); suggestions cover all but two roles."""
    await load_bundle(graph, workspace, committee_bundle())
    c = await find_account_coverage(graph, workspace, "acc", day=TODAY)
    assert (c.stakeholders_mapped, c.typical_committee_size) == (11, 6.8)
    assert (c.committee_members, c.committee_share, c.full_committee) == (1, 0.147, False)
    assert (
        c.committee_members_with_suggestions,
        c.committee_share_with_suggestions,
        c.full_committee_with_suggestions,
    ) == (8, 1.0, True)
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
    assert p.average_committee_members == 0.67  # (1 + 1 + 0) / 3
    assert p.share_with_full_committee == 0.0  # eleven mapped, one on the committee
    assert p.share_with_full_committee_with_suggestions == 0.333
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


def _committee_bundle(holders: int, others: int, suggested: int) -> dict[str, Any]:
    """One customer account: ``holders`` people with a buying role (one with two, one with a
    custom role, one for a deal only), ``others`` without any (planners: no suggestion at 0.5),
    ``suggested`` VPs of Sales without a role (a suggested DECISION_MAKER, 0.6), and a former
    economic buyer who left."""
    people = (
        [(f"h{i}", "Planner") for i in range(holders)]
        + [(f"o{i}", "Planner") for i in range(others)]
        + [(f"v{i}", "VP Sales") for i in range(suggested)]
    )
    roles: list[dict[str, Any]] = [
        {"personId": f"h{i}", "accountId": "acc", "role": "INFLUENCER"} for i in range(holders)
    ]
    if holders >= 3:
        roles += [
            {"personId": "h0", "accountId": "acc", "role": "CHAMPION"},
            {"personId": "h1", "accountId": "acc", "role": "SPONSOR"},
            {"personId": "h2", "accountId": "acc", "role": "BLOCKER", "opportunityId": "deal"},
        ]
    return {
        "accounts": [{"id": "acc", "name": "Acme", "status": "CUSTOMER"}],
        "people": [
            {"id": pid, "name": pid, "title": title, "department": "Operations"}
            for pid, title in [*people, ("gone", "CFO")]
        ],
        "employments": [
            {"personId": pid, "organizationId": "acc", "startDate": "2020-01-01"}
            for pid, _ in people
        ]
        + [
            {
                "personId": "gone",
                "organizationId": "acc",
                "startDate": "2019-01-01",
                "endDate": "2025-06-30",
            }
        ],
        "opportunities": [{"id": "deal", "accountId": "acc", "name": "Deal"}],
        "buyingRoles": [
            *roles,
            {"personId": "gone", "accountId": "acc", "role": "ECONOMIC_BUYER"},
        ],
    }


@pytest.mark.parametrize(
    ("holders", "others", "suggested", "members", "full", "with_suggestions", "full_suggested"),
    [
        (1, 8, 0, 1, False, 1, False),  # nine mapped, one buying role: not a full committee
        (6, 3, 0, 6, False, 6, False),  # six on the committee: under 6.8
        (7, 0, 0, 7, True, 7, True),  # seven: full
        (6, 0, 1, 6, False, 7, True),  # six plus one suggested: full only with suggestions
        (0, 9, 0, 0, False, 0, False),
    ],
)
async def test_the_committee_counts_buying_role_holders_not_everyone_mapped(
    graph: GraphClient,
    workspace: str,
    holders: int,
    others: int,
    suggested: int,
    members: int,
    full: bool,
    with_suggestions: int,
    full_suggested: bool,
) -> None:
    """The committee is the people working there who hold a buying role (any role, a deal's
    too; two roles count once; a holder who left does not count), with suggested ones counted
    apart; everyone mapped is shown separately; 7 or more of 6.8 is a full committee."""
    await load_bundle(graph, workspace, _committee_bundle(holders, others, suggested))
    c = await find_account_coverage(graph, workspace, "acc", day=TODAY)
    assert c.stakeholders_mapped == holders + others + suggested
    assert (c.committee_members, c.full_committee) == (members, full)
    assert (c.committee_members_with_suggestions, c.full_committee_with_suggestions) == (
        with_suggestions,
        full_suggested,
    )
    assert c.committee_share == round(min(1.0, members / 6.8), 3)
    p = await find_portfolio_coverage(graph, workspace, day=TODAY)
    assert (p.share_with_full_committee, p.share_with_full_committee_with_suggestions) == (
        float(full),
        float(full_suggested),
    )
    assert p.average_committee_members == members
