"""The portfolio scan: every account being worked, scored, riskiest first, a page at a time.

The accounts being worked are the customers and the accounts with an open deal (owned by a seller
when asked, as account owner or deal owner). ``load_portfolio_account_ids`` is the one
definition of that list (coverage walks the same one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_values
from graph.core.model import AccountStatus, OpportunityState
from graph.core.pagination import Page, paginate
from graph.reach.risk.assessment import assess, walk_neighbourhoods
from graph.reach.risk.model import AccountRisk, RiskFlag, RiskSettings

_PORTFOLIO: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE (a.status = $customer OR EXISTS {
    MATCH (o:Opportunity {workspace: $workspace, accountId: a.id}) WHERE o.state = $open
  })
  AND ($sellerId IS NULL OR a.ownerSellerId = $sellerId
    OR EXISTS { MATCH (a)-[:OWNED_BY]->(:Seller {workspace: $workspace, id: $sellerId}) }
    OR EXISTS {
      MATCH (o:Opportunity {workspace: $workspace, accountId: a.id})
      WHERE o.state = $open AND o.ownerSellerId = $sellerId
    })
WITH a.id AS id ORDER BY id
RETURN collect(id) AS ids
"""

_SORT = "risk"
_BATCH = 500


@dataclass(frozen=True)
class PortfolioRiskWhere:
    """Filters of the portfolio scan; None (or 0) means any."""

    seller_id: str | None = None
    """Only accounts this seller owns, or where they own an open deal."""
    flag: RiskFlag | None = None
    """Only accounts with this flag raised."""
    min_score: int = 0
    """Only scores at least this."""

    def keeps(self, risk: AccountRisk) -> bool:
        """Whether an assessed account passes the score and flag filters (the seller filter
        chose the accounts)."""
        return risk.score >= self.min_score and (self.flag is None or self.flag in risk.flag_names)


async def load_portfolio_account_ids(
    tx: AsyncManagedTransaction, workspace: str, seller_id: str | None = None
) -> list[str]:
    """The ids of the accounts being worked (``seller_id``'s when given), in id order."""
    rows = await fetch_values(
        tx,
        _PORTFOLIO,
        {
            "workspace": workspace,
            "sellerId": seller_id,
            "customer": AccountStatus.CUSTOMER.value,
            "open": OpportunityState.OPEN.value,
        },
    )
    return [str(account_id) for account_id in rows[0]["ids"]]


async def scan_portfolio_risk(
    client: GraphClient,
    workspace: str,
    first: int = 50,
    after: str | None = None,
    where: PortfolioRiskWhere | None = None,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> Page[AccountRisk]:
    """The accounts being worked, scored on ``as_of`` (default today), riskiest first (then by
    id), filtered by ``where``, a page at a time. Suggestions are left out (ask
    ``assess_account_risk``)."""
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()
    keep = where or PortfolioRiskWhere()

    async def work(tx: AsyncManagedTransaction) -> list[AccountRisk]:
        ids = await load_portfolio_account_ids(tx, workspace, keep.seller_id)
        scored: list[AccountRisk] = []
        # One set of neighbourhoods for every batch: a node near several batches' buyers is
        # pulled once, and the seller ties are read once.
        hoods = walk_neighbourhoods(tx, workspace, day, chosen)
        for batch in batched(ids, _BATCH):
            answers = await assess(tx, workspace, batch, day, chosen, False, hoods=hoods)
            scored.extend(answers.values())
        return scored

    kept = sorted(
        (r for r in await client.read(work) if keep.keeps(r)),
        key=lambda r: (-r.score, r.account_id),
    )
    return paginate(
        kept,
        first=first,
        after=after,
        sort_key=_SORT,
        position=lambda r: (-r.score, r.account_id),
    )
