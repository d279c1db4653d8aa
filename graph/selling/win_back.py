"""The win-back list: lost and former-customer accounts re-scored against the ideal customer
profile, best fit first, each with the last deal closed there (won or lost).

The last closed deal is the WON or LOST deal with the latest close date (ties by id); a closed deal
without a close date is shown only when no closed deal there has one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_date
from graph.core.model import AccountStatus, OpportunityState
from graph.core.pagination import Page, paginate
from graph.selling.scoring import AccountScore, AccountScoreWhere, best_first, scored_accounts

WIN_BACK_STATUSES = (AccountStatus.LOST, AccountStatus.FORMER_CUSTOMER)


@dataclass(frozen=True)
class ClosedDeal:
    """The last deal closed at an account (won or lost)."""

    id: str
    name: str
    state: OpportunityState
    amount: float | None
    currency: str | None
    close_date: date | None


@dataclass(frozen=True)
class WinBackCandidate:
    """A lost or former-customer account, re-scored, with its last closed deal."""

    score: AccountScore
    last_closed_deal: ClosedDeal | None


_LAST_CLOSED: LiteralString = """
UNWIND $ids AS accountId
MATCH (o:Opportunity {workspace: $workspace, accountId: accountId})
WHERE o.state IN $closed
WITH accountId, o ORDER BY o.closeDate IS NULL, o.closeDate DESC, o.id
WITH accountId, collect(o {.*})[0] AS deal
RETURN accountId, deal
"""


def _closed_deal(row: Mapping[str, Any]) -> ClosedDeal:
    amount = row.get("amount")
    return ClosedDeal(
        id=row["id"],
        name=row.get("name") or row["id"],
        state=OpportunityState(row["state"]),
        amount=None if amount is None else float(amount),
        currency=row.get("currency"),
        close_date=to_date(row.get("closeDate")),
    )


async def list_win_back_candidates(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    where: AccountScoreWhere | None = None,
    version: int | None = None,
) -> Page[WinBackCandidate]:
    """LOST and FORMER_CUSTOMER accounts re-scored against the model (latest or ``version``),
    filtered by ``where``, best first (ties by id), each with the last deal closed there; a page
    at a time."""
    chosen = where or AccountScoreWhere()
    _, scores = await scored_accounts(client, workspace, version, chosen.owner_seller_id)
    kept = sorted(
        (s for s in scores if s.account.status in WIN_BACK_STATUSES and chosen.keeps(s)),
        key=best_first,
    )
    start = paginate(
        kept,
        first=first,
        after=after,
        sort_key=f"winBack:{version or 'latest'}",
        position=best_first,
    )

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _LAST_CLOSED,
            {
                "workspace": workspace,
                "ids": [s.account.id for _, s in start.items],
                "closed": [OpportunityState.WON.value, OpportunityState.LOST.value],
            },
        )

    deals = {r["accountId"]: _closed_deal(r["deal"]) for r in await client.read(work) if r["deal"]}
    return Page(
        items=tuple(
            (cursor, WinBackCandidate(s, deals.get(s.account.id))) for cursor, s in start.items
        ),
        has_next_page=start.has_next_page,
        total_count=start.total_count,
        has_previous_page=start.has_previous_page,
    )
