"""The portfolio scan's batched pass (walks of many accounts together, neighbourhoods shared
from batch to batch, seller ties read at once) scores every account exactly as the assessment of
that account alone does, on a generated workspace."""

from __future__ import annotations

import pytest

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle
from graph.reach import walks
from graph.reach.risk import RiskSettings, assess_account_risk, portfolio, scan_portfolio_risk
from seeds.generator import DEFAULT_TODAY, generate_sections


@pytest.mark.parametrize(("batch", "seller_ties_from"), [(1, 0), (7, 0), (500, 10**9)])
async def test_portfolio_scores_equal_each_account_alone(
    graph: GraphClient, workspace: str, batch: int, seller_ties_from: int
) -> None:
    """Every account's flags and score from the scan (batches of ``batch``, seller ties read
    at once or node by node) equal those of ``assess_account_risk`` on that account."""
    bundle = {
        section: list(rows)
        for section, rows in generate_sections(
            seed=batch, accounts=30, people=400, sellers=8, partners=3, relationships=4000
        )
    }
    await load_bundle(graph, workspace, bundle)
    settings = RiskSettings(max_hops=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(portfolio, "_BATCH", batch)
        patch.setattr(walks, "SELLER_TIES_FROM", seller_ties_from)
        scanned = await scan_portfolio_risk(
            graph, workspace, first=200, settings=settings, as_of=DEFAULT_TODAY
        )
    assert scanned.total_count > min(batch, 10)
    for _, risk in scanned.items:
        alone = await assess_account_risk(
            graph, workspace, risk.account_id, settings, as_of=DEFAULT_TODAY
        )
        assert (risk.flag_names, risk.score) == (alone.flag_names, alone.score), risk.account_id
        assert [f.people for f in risk.flags] == [f.people for f in alone.flags]
