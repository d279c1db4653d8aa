"""BANT qualification: Authority from the graph, Need from pain points, gaps listed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.ingest.imports import load_bundle
from graph.selling.qualification import AuthorityStatus, BantGap, qualify_opportunity

TODAY = date(2026, 1, 15)
RECENT = "2026-01-02T10:00:00Z"


def _bundle() -> dict[str, Any]:
    return {
        "sellers": [{"id": "s1", "name": "Sam"}, {"id": "s2", "name": "Dana"}],
        "accounts": [{"id": "acc", "name": "Acme"}, {"id": "empty", "name": "Nobody Mapped"}],
        "people": [
            {"id": "eb", "name": "Erin Buyer", "title": "CFO"},
            {"id": "dm", "name": "Dev Maker", "title": "COO"},
            {"id": "champ", "name": "Cara Champion", "title": "Director"},
            {"id": "gone", "name": "Gus Gone", "title": "Former CFO"},
            {"id": "other", "name": "Oscar Other", "title": "VP"},
        ],
        "employments": [
            {"personId": p, "organizationId": "acc", "startDate": "2020-01-01"}
            for p in ("eb", "dm", "champ", "other")
        ]
        + [
            {
                "personId": "gone",
                "organizationId": "acc",
                "startDate": "2019-01-01",
                "endDate": "2025-06-30",
            }
        ],
        "opportunities": [
            {
                "id": "deal",
                "accountId": "acc",
                "name": "Acme rollout",
                "amount": 120000,
                "currency": "USD",
                "closeDate": "2026-03-31",
                "budget": "Approved in the FY26 plan.",
                "authority": "CFO signs.",
                "need": "Spreadsheets everywhere.",
                "timeline": "Live by Q2.",
            },
            {"id": "other-deal", "accountId": "acc", "name": "Another deal"},
            {"id": "bare", "accountId": "empty", "name": "Nothing entered"},
            {
                "id": "late",
                "accountId": "empty",
                "name": "Late",
                "closeDate": "2025-12-31",
                "amount": 1,
                "budget": "yes",
                "timeline": "soon",
                "need": "a need",
            },
        ],
        "buyingRoles": [
            {"personId": "eb", "accountId": "acc", "role": "ECONOMIC_BUYER"},
            {"personId": "champ", "accountId": "acc", "role": "CHAMPION"},
            {"personId": "gone", "accountId": "acc", "role": "ECONOMIC_BUYER"},
            {
                "personId": "other",
                "accountId": "acc",
                "role": "DECISION_MAKER",
                "opportunityId": "other-deal",
            },
        ],
        "relationships": [
            {
                "kind": "KNOWS",
                "fromId": "s1",
                "fromKind": "SELLER",
                "toId": "champ",
                "strength": 0.8,
                "lastInteractionAt": RECENT,
            },
            {"kind": "KNOWS", "fromId": "champ", "toId": "eb", "strength": 0.7},
        ],
        "painPoints": [
            {"id": "pain-acc", "accountId": "acc", "text": "Costs rising", "severity": 2},
            {"id": "pain-eb", "personId": "eb", "text": "No ROI case", "severity": 5},
            {"id": "pain-gone", "personId": "gone", "text": "Old pain", "severity": 5},
        ],
    }


async def test_economic_buyer_reachable_through_the_champion(
    graph: GraphClient, workspace: str
) -> None:
    """An unengaged economic buyer is REACHABLE through whom the path names; only that gap."""
    await load_bundle(graph, workspace, _bundle())
    q = await qualify_opportunity(graph, workspace, "deal", TODAY)
    assert q.authority.status is AuthorityStatus.REACHABLE
    assert q.authority.entered == "CFO signs."
    assert [(h.id, h.roles, h.engaged) for h in q.authority.holders] == [
        ("eb", ("ECONOMIC_BUYER",), False)
    ]
    path = q.authority.holders[0].path
    assert path is not None
    assert (path.seller_id, path.first_contact_id, path.target_id) == ("s1", "champ", "eb")
    assert path.warmth == pytest.approx(0.56)
    assert [g.code for g in q.gaps] == [BantGap.AUTHORITY_NOT_ENGAGED]
    assert not q.qualified
    assert [p.id for p in q.need.pain_points] == ["pain-eb", "pain-acc"]  # not the leaver's
    assert (q.budget.amount, q.timeline.days_to_close) == (120000.0, 75)


async def test_engaged_economic_buyer_qualifies(graph: GraphClient, workspace: str) -> None:
    """When a seller engages the economic buyer, Authority is ENGAGED by that seller."""
    bundle = _bundle()
    bundle["relationships"].append(
        {
            "kind": "KNOWS",
            "fromId": "s2",
            "fromKind": "SELLER",
            "toId": "eb",
            "strength": 0.9,
            "lastInteractionAt": RECENT,
        }
    )
    await load_bundle(graph, workspace, bundle)
    q = await qualify_opportunity(graph, workspace, "deal", TODAY)
    assert q.authority.status is AuthorityStatus.ENGAGED
    holder = q.authority.holders[0]
    assert (holder.engaged, holder.engaged_by, holder.path) == (True, ("s2",), None)
    assert q.qualified
    assert q.gaps == ()


async def test_deal_specific_roles_count_only_for_their_deal(
    graph: GraphClient, workspace: str
) -> None:
    """A decision maker for another deal is Authority there, not here; a detractor is a gap."""
    bundle = _bundle()
    bundle["buyingRoles"][3]["stance"] = "DETRACTOR"
    await load_bundle(graph, workspace, bundle)
    here = await qualify_opportunity(graph, workspace, "deal", TODAY)
    assert [h.id for h in here.authority.holders] == ["eb"]
    there = await qualify_opportunity(graph, workspace, "other-deal", TODAY)
    assert [h.id for h in there.authority.holders] == ["eb", "other"]
    assert BantGap.AUTHORITY_DETRACTOR in {g.code for g in there.gaps}


async def test_nothing_entered_and_nobody_mapped_lists_every_gap(
    graph: GraphClient, workspace: str
) -> None:
    """A bare deal at an account with no people misses budget, authority, need and timeline."""
    await load_bundle(graph, workspace, _bundle())
    q = await qualify_opportunity(graph, workspace, "bare", TODAY)
    assert q.authority.status is AuthorityStatus.NOT_MAPPED
    assert [g.code for g in q.gaps] == [
        BantGap.BUDGET_NOT_ENTERED,
        BantGap.AMOUNT_MISSING,
        BantGap.AUTHORITY_NOT_MAPPED,
        BantGap.NEED_NOT_DOCUMENTED,
        BantGap.TIMELINE_NOT_ENTERED,
        BantGap.CLOSE_DATE_MISSING,
    ]
    late = await qualify_opportunity(graph, workspace, "late", TODAY)
    assert [g.code for g in late.gaps] == [
        BantGap.AUTHORITY_NOT_MAPPED,
        BantGap.CLOSE_DATE_PASSED,
    ]


async def test_unknown_opportunity_is_not_found(graph: GraphClient, workspace: str) -> None:
    """An opportunity of another workspace (or none) is NotFound."""
    await load_bundle(graph, workspace, _bundle())
    with pytest.raises(NotFound):
        await qualify_opportunity(graph, workspace + "-x", "deal", TODAY)
