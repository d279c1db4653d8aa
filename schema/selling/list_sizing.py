"""The target account list sizing calculator, beside the workspace's current list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.selling import list_sizing as graph_sizing
from schema.accounts.people import Seller, seller_by_id
from schema.core.context import Info
from schema.core.permissions import require_member_read
from schema.selling.arguments import ModelVersion
from schema.selling.enums import SizingLimit


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
        default=None,
        description="Reps; default: the workspace's quota-carrying sellers (AEs and reps).",
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
    limited_by: SizingLimit = strawberry.field(description="Which bound binds.")
    expected_revenue: float = strawberry.field(description="List x close rate x deal size.")
    target_reachable: bool = strawberry.field(description="Expected revenue meets the target.")


@strawberry.type(description="Accounts of one tier whose tier stored in the CRM is another one.")
class TargetListStoredTier:
    stored_tier: str = strawberry.field(
        description="The tier stored on the accounts ('Untiered' when none is stored)."
    )
    accounts: int = strawberry.field(description="Accounts with that stored tier.")


@strawberry.type(description="Accounts of the current list in one tier of the scoring model.")
class TargetListTier:
    tier: str = strawberry.field(
        description="The tier the scoring model gives (scores produce tiers); 'Untiered' for "
        "accounts below every threshold."
    )
    accounts: int = strawberry.field(description="Accounts of the current list in this tier.")
    other_stored_tiers: list[TargetListStoredTier] = strawberry.field(
        description="Beside it, the accounts of this tier whose stored (CRM) tier is another "
        "one (compared ignoring case), by stored tier, most accounts first; empty when they agree."
    )


@strawberry.type(
    description="Accounts of the current list owned by one quota-carrying seller, against the "
    "accounts per rep; or the accounts without a quota owner."
)
class TargetListSeller:
    seller_id: strawberry.Private[str | None]
    name: str | None = strawberry.field(
        description="The seller's name; null for the accounts without a quota owner."
    )
    accounts: int = strawberry.field(
        description="Accounts of the current list they own; for the group without a quota "
        "owner, those owned by nobody or by a seller who carries no quota (SDR, CSM, executive, "
        "partner manager)."
    )
    recommended: float | None = strawberry.field(
        description="The accounts per rep the calculator gives, for AEs and reps only (null for "
        "the accounts without a quota owner: reps' capacity bounds the list)."
    )
    difference: float | None = strawberry.field(
        description="Accounts - recommended (positive: more than they can work); null without "
        "a recommendation."
    )

    @strawberry.field(
        description="The owning AE or rep; null for the accounts without a quota owner."
    )
    async def seller(self, info: Info) -> Seller | None:
        return await seller_by_id(info, self.seller_id)


@strawberry.type(description="The calculator beside the workspace's current list.")
class TargetListSizing:
    sizing: TargetListSize = strawberry.field(description="The calculator's answer.")
    model_version: int = strawberry.field(
        description="The scoring model version whose tiers group the list (0: none saved, "
        "every account Untiered)."
    )
    current_list_size: int = strawberry.field(
        description="Accounts now TARGET, PROSPECT or CUSTOMER."
    )
    difference: int = strawberry.field(description="Current minus recommended list size.")
    accounts_without_quota_owner: int = strawberry.field(
        description="Accounts of the current list owned by nobody or by a seller who carries no "
        "quota (SDR, CSM, executive, partner manager)."
    )
    by_tier: list[TargetListTier] = strawberry.field(
        description="By the scoring model's tier, highest first (each tier listed, even empty), "
        "'Untiered' last; the stored tier beside it where they differ."
    )
    by_seller: list[TargetListSeller] = strawberry.field(
        description="Every AE and rep against the accounts per rep, most accounts first (ties "
        "by id); then, when there are any, the accounts without a quota owner as one group."
    )


def _seller(g: graph_sizing.SellerGroup) -> TargetListSeller:
    return TargetListSeller(
        seller_id=g.seller_id,
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
    model_version: ModelVersion = None,
) -> TargetListSizing | None:
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
        model_version,
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
        model_version=found.model_version,
        current_list_size=found.current_list_size,
        difference=found.difference,
        accounts_without_quota_owner=found.accounts_without_quota_owner,
        by_tier=[
            TargetListTier(
                tier=g.tier,
                accounts=g.accounts,
                other_stored_tiers=[
                    TargetListStoredTier(stored_tier=t, accounts=n) for t, n in g.other_stored_tiers
                ],
            )
            for g in found.by_tier
        ],
        by_seller=[_seller(g) for g in found.by_seller],
    )
