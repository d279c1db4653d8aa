"""The cost limit at the edge: the hardening audit's aliased scans are refused before running."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLCaller


@pytest.mark.parametrize("aliases", [30, 3])
async def test_aliased_portfolio_scans_are_refused_before_running(
    demo: GraphQLCaller, aliases: int
) -> None:
    """The audit's 30 aliases of `portfolioRisk(maxHops: 6)` (60-115 s each) are one error
    naming the cost and the limit; nothing runs (no data)."""
    fields = " ".join(
        f"a{i}: portfolioRisk(first: 20, options: {{maxHops: 6}}) {{ totalCount }}"
        for i in range(aliases)
    )
    body = await demo(f"{{ {fields} }}")
    assert body.get("data") is None
    [error] = body["errors"]
    expected = aliases * (1 + 2_000 * 4 + 1)
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": expected, "maxCost": 20_000}
    assert f"{expected:,} points" in error["message"]


async def test_one_expensive_scan_within_the_limit_runs(demo: GraphQLCaller) -> None:
    body = await demo("{ portfolioRisk(first: 20, options: {maxHops: 6}) { totalCount } }")
    assert "errors" not in body, body
    assert body["data"]["portfolioRisk"]["totalCount"] > 0
