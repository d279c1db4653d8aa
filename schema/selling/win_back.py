"""The win-back list in GraphQL: lost and former customers re-scored, with their last deal."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import win_back as graph_win_back
from schema.core.context import Info
from schema.core.enums import OpportunityState
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import ModelVersion
from schema.selling.scoring import AccountScore, AccountScoreWhere


@strawberry.type(description="The last deal closed at an account.")
class ClosedDeal:
    id: strawberry.ID = strawberry.field(description="The deal's id.")
    name: str = strawberry.field(description="The deal's name.")
    state: OpportunityState = strawberry.field(description="WON or LOST.")
    amount: float | None = strawberry.field(description="Its amount.")
    currency: str | None = strawberry.field(description="ISO 4217 currency.")
    close_date: date | None = strawberry.field(
        description="When it closed; null when the CRM gave no close date."
    )


@strawberry.type(description="A lost or former-customer account to re-evaluate for win-back.")
class WinBackCandidate:
    score: AccountScore = strawberry.field(description="Its fit under the model used.")
    last_closed_deal: ClosedDeal | None = strawberry.field(
        description="The WON or LOST deal with the latest close date (ties by id); a closed "
        "deal without a close date only when none there has one; null when no deal there closed."
    )

    @classmethod
    def of(cls, c: graph_win_back.WinBackCandidate) -> WinBackCandidate:
        """From the graph layer's value."""
        deal = c.last_closed_deal
        return cls(
            score=AccountScore.of(c.score),
            last_closed_deal=None
            if deal is None
            else ClosedDeal(
                id=strawberry.ID(deal.id),
                name=deal.name,
                state=deal.state,
                amount=deal.amount,
                currency=deal.currency,
                close_date=deal.close_date,
            ),
        )


async def resolve_win_back_accounts(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[
        AccountScoreWhere | None,
        strawberry.argument(
            description="Filters: tier, minimum score, statuses (within LOST and "
            "FORMER_CUSTOMER), owner."
        ),
    ] = None,
    model_version: ModelVersion = None,
) -> Connection[WinBackCandidate] | None:
    """LOST and FORMER_CUSTOMER accounts, best fit first."""
    workspace = require_member_read(info)
    page = await graph_win_back.list_win_back_candidates(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        where=None if where is None else where.to_graph(),
        version=model_version,
    )
    return connection_from_page(page, WinBackCandidate.of)
