"""The target account list sizing calculator, beside the workspace's current list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.selling import list_sizing as graph_sizing
from schema.accounts.people import Seller, seller_by_id
from schema.core.context import Info
from schema.core.permissions import require_member_read

SizingLimit = strawberry.enum(
    graph_sizing.SizingLimit,
    description="What bounds the list: TARGET (enough to hit it), MARKET, or CAPACITY.",
)


@strawberry.input(description="The calculator's inputs (money in one currency, durations in days).")
class TargetListInput:
    addressable_market: int = strawberry.field(description="Accounts in the addressable market.")
    share_can_buy_now: float = strawberry.field(
        description="Share that can buy now (not locked into a contract), in (0, 1]."
    )
    sales_cycle_days: float = strawberry.field(description="Average sales-cycle length.")
    rep_capacity: int = strawberry.field(description="Accounts one rep works at once.")
    close_rate: float = strawberry.field(description="Share of worked accounts that buy, (0, 1].")
    sales_target: float = strawberry.field(description="Revenue to close in the period.")
    average_deal_size: float = strawberry.field(description="Revenue per won deal.")
    team_size: int | None = strawberry.field(
        default=None, description="Reps; default: the workspace's AEs and reps."
    )
    period_days: float = strawberry.field(default=365.0, description="The period of the target.")


@strawberry.type(description="The calculator's answer.")
class TargetListSize:
    team_size: int = strawberry.field(description="Reps the list is sized for.")
    accounts_can_buy_now: int = strawberry.field(description="Market x share that can buy now.")
    deals_needed: int = strawberry.field(description="Target / average deal size, rounded up.")
    accounts_needed: int = strawberry.field(description="Deals needed / close rate, rounded up.")
    cycles_per_period: float = strawberry.field(description="Period / sales-cycle length.")
    accounts_per_rep_capacity: int = strawberry.field(
        description="Rep capacity x cycles: what one rep can work in the period."
    )
    team_capacity: int = strawberry.field(description="Reps x per-rep capacity.")
    list_size: int = strawberry.field(description="The smallest of needed, market and capacity.")
    accounts_per_rep: float = strawberry.field(description="List size / reps.")
    limited_by: graph_sizing.SizingLimit = strawberry.field(description="Which bound binds.")
    expected_revenue: float = strawberry.field(description="List x close rate x deal size.")
    target_reachable: bool = strawberry.field(description="Expected revenue meets the target.")


@strawberry.type(description="Accounts of the current list in one stored tier.")
class TargetListTier:
    tier: str = strawberry.field(description="The account tier ('Untiered' when none is set).")
    accounts: int = strawberry.field(description="Accounts of the current list in this tier.")


@strawberry.type(description="Accounts of the current list owned by one seller, against capacity.")
class TargetListSeller:
    seller_id: strawberry.Private[str | None]
    name: str | None = strawberry.field(description="The seller's name.")
    accounts: int = strawberry.field(description="Accounts of the current list they own.")
    recommended: float | None = strawberry.field(
        description="The accounts per rep the calculator gives (null for unowned accounts)."
    )
    difference: float | None = strawberry.field(
        description="Accounts - recommended (positive: more than they can work)."
    )

    @strawberry.field(description="The owning seller; null for the accounts nobody owns.")
    async def seller(self, info: Info) -> Seller | None:
        return await seller_by_id(info, self.seller_id)


@strawberry.type(description="The calculator beside the workspace's current list.")
class TargetListSizing:
    sizing: TargetListSize = strawberry.field(description="The calculator's answer.")
    current_list_size: int = strawberry.field(
        description="Accounts now TARGET, PROSPECT or CUSTOMER."
    )
    difference: int = strawberry.field(description="Current minus recommended list size.")
    by_tier: list[TargetListTier] = strawberry.field(description="By stored tier.")
    by_seller: list[TargetListSeller] = strawberry.field(
        description="By owning seller, most accounts first (unowned accounts as one group)."
    )


def _seller(g: graph_sizing.ListGroup) -> TargetListSeller:
    return TargetListSeller(
        seller_id=g.key or None,
        name=g.name,
        accounts=g.accounts,
        recommended=g.recommended,
        difference=g.difference,
    )


async def resolve_target_list_sizing(
    info: Info,
    inputs: Annotated[
        TargetListInput,
        strawberry.argument(description="Market, team, sales cycle, close rate and target."),
    ],
) -> TargetListSizing:
    """Size the list and compare it with the current one."""
    workspace = require_member_read(info)
    found = await graph_sizing.compare_target_list(
        info.context.graph,
        workspace,
        graph_sizing.SizingInputs(
            addressable_market=inputs.addressable_market,
            share_can_buy_now=inputs.share_can_buy_now,
            sales_cycle_days=inputs.sales_cycle_days,
            rep_capacity=inputs.rep_capacity,
            close_rate=inputs.close_rate,
            sales_target=inputs.sales_target,
            average_deal_size=inputs.average_deal_size,
            team_size=inputs.team_size,
            period_days=inputs.period_days,
        ),
    )
    s = found.sizing
    return TargetListSizing(
        sizing=TargetListSize(
            team_size=s.team_size,
            accounts_can_buy_now=s.accounts_can_buy_now,
            deals_needed=s.deals_needed,
            accounts_needed=s.accounts_needed,
            cycles_per_period=s.cycles_per_period,
            accounts_per_rep_capacity=s.accounts_per_rep_capacity,
            team_capacity=s.team_capacity,
            list_size=s.list_size,
            accounts_per_rep=s.accounts_per_rep,
            limited_by=s.limited_by,
            expected_revenue=s.expected_revenue,
            target_reachable=s.target_reachable,
        ),
        current_list_size=found.current_list_size,
        difference=found.difference,
        by_tier=[TargetListTier(tier=g.key, accounts=g.accounts) for g in found.by_tier],
        by_seller=[_seller(g) for g in found.by_seller],
    )
