"""The win-back list's last closed deal: the latest dated close, undated deals last."""

from __future__ import annotations

from typing import Any

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle
from graph.selling.win_back import list_win_back_candidates


def _bundle(deals: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "accounts": [{"id": "lost", "name": "Lost", "status": "LOST"}],
        "opportunities": [{"accountId": "lost", **d} for d in deals],
    }


async def _last_closed(graph: GraphClient, workspace: str) -> str | None:
    page = await list_win_back_candidates(graph, workspace, first=10)
    [(_, candidate)] = page.items
    deal = candidate.last_closed_deal
    return None if deal is None else deal.id


async def test_an_undated_closed_deal_does_not_hide_the_latest_dated_one(
    graph: GraphClient, workspace: str
) -> None:
    """WON 2022-03-01, LOST 2026-01-15 and LOST undated: the last closed deal is the 2026 one
    (regression: nulls sorted first under ORDER BY closeDate DESC)."""
    await load_bundle(
        graph,
        workspace,
        _bundle(
            [
                {"id": "a-undated", "name": "Undated", "state": "LOST"},
                {"id": "b-won", "name": "Won", "state": "WON", "closeDate": "2022-03-01"},
                {"id": "c-lost", "name": "Lost", "state": "LOST", "closeDate": "2026-01-15"},
                {"id": "d-open", "name": "Open", "state": "OPEN", "closeDate": "2027-01-01"},
            ]
        ),
    )
    assert await _last_closed(graph, workspace) == "c-lost"


async def test_same_close_date_ties_by_id_and_undated_deals_count_only_alone(
    graph: GraphClient, workspace: str
) -> None:
    """Two deals closed the same day: the smaller id; only undated closed deals: the smallest
    id of them; no closed deal: none."""
    await load_bundle(
        graph,
        workspace,
        _bundle(
            [
                {"id": "z", "name": "Z", "state": "LOST", "closeDate": "2025-05-05"},
                {"id": "y", "name": "Y", "state": "WON", "closeDate": "2025-05-05"},
                {"id": "x", "name": "X", "state": "LOST"},
            ]
        ),
    )
    assert await _last_closed(graph, workspace) == "y"


async def test_only_undated_closed_deals_show_one_and_open_deals_none(
    graph: GraphClient, workspace: str
) -> None:
    """With only undated closed deals the first by id is shown; open deals alone give none."""
    await load_bundle(
        graph,
        workspace,
        _bundle(
            [
                {"id": "q", "name": "Q", "state": "LOST"},
                {"id": "p", "name": "P", "state": "WON"},
            ]
        ),
    )
    assert await _last_closed(graph, workspace) == "p"
    other = workspace + "-open"
    await load_bundle(graph, other, _bundle([{"id": "o", "name": "O", "state": "OPEN"}]))
    assert await _last_closed(graph, other) is None
