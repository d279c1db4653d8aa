"""Buyer journey: dated stage history and the upsell cool-down after a purchase."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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


PURCHASED = date(2026, 1, 1)


def _account_with_deals(*deals: tuple[str, str | None]) -> dict[str, Any]:
    """A customer that won a deal on 2026-01-01, with open deals (id, openDate or None)."""
    return {
        "accounts": [{"id": "acc", "name": "Acme", "status": "CUSTOMER"}],
        "opportunities": [
            {
                "id": "won",
                "accountId": "acc",
                "name": "Won",
                "state": "WON",
                "closeDate": "2026-01-01",
            }
        ]
        + [
            {"id": i, "accountId": "acc", "name": i, **({"openDate": d} if d else {})}
            for i, d in deals
        ],
    }


@pytest.mark.parametrize(
    ("days_after", "flagged"), [(0, True), (89, True), (90, False), (91, False)]
)
async def test_cool_down_boundary(
    graph: GraphClient, workspace: str, days_after: int, flagged: bool
) -> None:
    """Under the default 90 days, day 89 after the purchase is still in the cool-down, day 90
    and 91 no longer."""
    await load_bundle(graph, workspace, _account_with_deals(("up", "2026-01-01")))
    day = PURCHASED + timedelta(days=days_after)
    j = await find_buyer_journey(graph, workspace, "acc", day=day)
    assert (j.in_cool_down, [f.opportunity_id for f in j.upsell_flags]) == (
        flagged,
        ["up"] if flagged else [],
    )
    if flagged:
        assert (j.upsell_flags[0].days_since_purchase, j.upsell_flags[0].cool_down_ends_on) == (
            days_after,
            date(2026, 4, 1),
        )


async def test_deals_opened_before_the_purchase_are_not_upsells(
    graph: GraphClient, workspace: str
) -> None:
    """A deal opened before the purchase is not flagged; one opened on the purchase day or after
    it is, and so is one without an opening date; one opened after the day judged is not yet."""
    await load_bundle(
        graph,
        workspace,
        _account_with_deals(
            ("before", "2025-12-31"),
            ("same-day", "2026-01-01"),
            ("after", "2026-01-20"),
            ("undated", None),
            ("future", "2026-02-15"),
        ),
    )
    j = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 2, 1))
    assert [(f.opportunity_id, f.open_date) for f in j.upsell_flags] == [
        ("after", date(2026, 1, 20)),
        ("same-day", PURCHASED),
        ("undated", None),
    ]
    only_before = workspace + "-before"
    await load_bundle(graph, only_before, _account_with_deals(("before", "2025-11-30")))
    quiet = await list_upsell_cool_down_flags(graph, only_before, day=date(2026, 2, 1), first=5)
    assert quiet.total_count == 0  # in its cool-down, but nothing opened too early


async def test_an_expansion_go_ahead_after_the_purchase_ends_the_flag(
    graph: GraphClient, workspace: str
) -> None:
    """EXPANSION recorded on or after the purchase day ends the cool-down from the day it is
    entered; one from before the purchase does not; a later purchase starts a new cool-down."""
    await load_bundle(graph, workspace, _account_with_deals(("up", "2026-01-10")))
    await record_journey_stage(graph, workspace, "acc", JourneyStage.EXPANSION, date(2025, 6, 1))
    before = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 1, 20))
    assert (before.go_ahead_on, before.in_cool_down, len(before.upsell_flags)) == (
        None,
        True,
        1,
    )
    await record_journey_stage(graph, workspace, "acc", JourneyStage.EXPANSION, date(2026, 1, 25))
    ahead = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 1, 25))
    assert (ahead.go_ahead_on, ahead.in_cool_down, ahead.upsell_flags) == (
        date(2026, 1, 25),
        False,
        (),
    )
    day_before = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 1, 24))
    assert (day_before.go_ahead_on, len(day_before.upsell_flags)) == (None, 1)
    listed = await list_upsell_cool_down_flags(graph, workspace, day=date(2026, 2, 1), first=5)
    assert listed.total_count == 0
    await record_journey_stage(graph, workspace, "acc", JourneyStage.PURCHASE, date(2026, 2, 1))
    again = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 2, 5))
    assert (again.last_purchase_on, again.go_ahead_on, again.in_cool_down) == (
        date(2026, 2, 1),
        None,
        True,
    )
    assert again.upsell_flags == ()  # "up" was opened before this purchase


async def test_expansion_on_the_purchase_day_is_a_go_ahead(
    graph: GraphClient, workspace: str
) -> None:
    """The account team may give the go-ahead on the day of the purchase itself."""
    await load_bundle(graph, workspace, _account_with_deals(("up", None)))
    await record_journey_stage(graph, workspace, "acc", JourneyStage.EXPANSION, PURCHASED)
    j = await find_buyer_journey(graph, workspace, "acc", day=date(2026, 1, 5))
    assert (j.go_ahead_on, j.in_cool_down, j.upsell_flags) == (PURCHASED, False, ())
