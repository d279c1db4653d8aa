"""Buyer journey: dated stage history and the upsell cool-down after a purchase."""

from __future__ import annotations

from datetime import date

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.ingest.imports import load_bundle
from graph.selling.journey import (
    JourneyStage,
    find_buyer_journey,
    list_upsell_cool_down_flags,
    record_journey_stage,
)

BUNDLE = {
    "accounts": [
        {"id": "fresh", "name": "Fresh Customer", "status": "CUSTOMER"},
        {"id": "old", "name": "Old Customer", "status": "CUSTOMER"},
        {"id": "new", "name": "New Target"},
    ],
    "opportunities": [
        {
            "id": "fresh-won",
            "accountId": "fresh",
            "name": "First",
            "state": "WON",
            "closeDate": "2026-01-01",
        },
        {"id": "fresh-upsell", "accountId": "fresh", "name": "Upsell"},
        {
            "id": "old-won",
            "accountId": "old",
            "name": "First",
            "state": "WON",
            "closeDate": "2025-01-01",
        },
        {"id": "old-upsell", "accountId": "old", "name": "Upsell"},
        {"id": "new-deal", "accountId": "new", "name": "First deal"},
    ],
}


async def test_stage_and_dated_history(graph: GraphClient, workspace: str) -> None:
    """The stage on a day is the latest entered on or before it; re-recording updates the note."""
    await load_bundle(graph, workspace, BUNDLE)
    for stage, day in (
        (JourneyStage.AWARENESS, date(2025, 9, 1)),
        (JourneyStage.CONSIDERATION, date(2025, 10, 15)),
        (JourneyStage.DECISION, date(2025, 12, 1)),
    ):
        await record_journey_stage(graph, workspace, "new", stage, day)
    again = await record_journey_stage(
        graph, workspace, "new", JourneyStage.DECISION, date(2025, 12, 1), note="CFO said yes"
    )
    assert (again.entry.note, again.created) == ("CFO said yes", False)
    now = await find_buyer_journey(graph, workspace, "new", day=date(2026, 1, 15))
    assert (now.stage, now.since) == (JourneyStage.DECISION, date(2025, 12, 1))
    assert [(e.stage.value, e.note) for e in now.history] == [
        ("AWARENESS", None),
        ("CONSIDERATION", None),
        ("DECISION", "CFO said yes"),
    ]
    earlier = await find_buyer_journey(graph, workspace, "new", day=date(2025, 11, 1))
    assert (earlier.stage, len(earlier.history)) == (JourneyStage.CONSIDERATION, 2)
    blank = await find_buyer_journey(graph, workspace, "old", day=date(2026, 1, 15))
    assert (blank.stage, blank.since, blank.history) == (None, None, ())


async def test_upsell_within_cool_down_is_flagged(graph: GraphClient, workspace: str) -> None:
    """An open deal 14 days after a won deal is flagged under 90 days, not under 10."""
    await load_bundle(graph, workspace, BUNDLE)
    day = date(2026, 1, 15)
    fresh = await find_buyer_journey(graph, workspace, "fresh", day=day)
    assert (fresh.last_purchase_on, fresh.in_cool_down) == (date(2026, 1, 1), True)
    assert [
        (f.opportunity_id, f.days_since_purchase, f.cool_down_ends_on) for f in fresh.upsell_flags
    ] == [("fresh-upsell", 14, date(2026, 4, 1))]
    short = await find_buyer_journey(graph, workspace, "fresh", cool_down_days=10, day=day)
    assert (short.in_cool_down, short.upsell_flags) == (False, ())
    new = await find_buyer_journey(graph, workspace, "new", day=day)
    assert (new.last_purchase_on, new.upsell_flags) == (None, ())  # never purchased


async def test_recorded_purchase_counts_and_workspace_list(
    graph: GraphClient, workspace: str
) -> None:
    """A recorded PURCHASE starts the cool-down too; the list holds flagged accounts only."""
    await load_bundle(graph, workspace, BUNDLE)
    await record_journey_stage(graph, workspace, "old", JourneyStage.PURCHASE, date(2026, 1, 10))
    flagged = await list_upsell_cool_down_flags(graph, workspace, day=date(2026, 1, 15), first=5)
    assert [(j.account_id, j.last_purchase_on) for _, j in flagged.items] == [
        ("old", date(2026, 1, 10)),
        ("fresh", date(2026, 1, 1)),
    ]
    later = await list_upsell_cool_down_flags(graph, workspace, day=date(2026, 6, 1), first=5)
    assert later.total_count == 0


async def test_unknown_account(graph: GraphClient, workspace: str) -> None:
    """Recording or reading the journey of an unknown account is NotFound."""
    with pytest.raises(NotFound):
        await record_journey_stage(
            graph, workspace, "nope", JourneyStage.AWARENESS, date(2026, 1, 1)
        )
    with pytest.raises(NotFound):
        await find_buyer_journey(graph, workspace, "nope", day=date(2026, 1, 1))
