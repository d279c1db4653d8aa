"""Warm introductions and the best partner route in GraphQL. What a partner credential sees
follows the one boundary (graph/partners/boundary.py, docs/PARTNER_OVERLAP.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.partners import introductions as graph_introductions
from schema.core.context import Info
from schema.core.enums import BuyingRole, PartnerAccountStatus
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size
from schema.partners.boundary import caller_partner_id
from schema.partners.enums import OurOverlapStatus


@strawberry.type(description="The warmest link from a partner contact to a buyer.")
class IntroductionRoute:
    contact_id: strawberry.ID = strawberry.field(description="The partner's contact.")
    contact_name: str = strawberry.field(description="Their name.")
    buyer_id: strawberry.ID = strawberry.field(
        description="The economic buyer or decision maker they know."
    )
    buyer_name: str = strawberry.field(description="The buyer's name.")
    buyer_role: BuyingRole = strawberry.field(description="ECONOMIC_BUYER or DECISION_MAKER.")
    strength: float = strawberry.field(description="The KNOWS strength, (0, 1].")


@strawberry.type(description="An account the partner can introduce us to.")
class WarmIntroduction:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    name: str = strawberry.field(description="Our account's name.")
    our_status: OurOverlapStatus = strawberry.field(
        description="PROSPECT_TARGET or OPEN_OPPORTUNITY."
    )
    partner_status: PartnerAccountStatus = strawberry.field(description="Always CUSTOMER.")
    warmth: float | None = strawberry.field(
        description="The best route's strength; null when no partner contact knows a buyer, or "
        "for a partner credential below CONTACTS."
    )
    reachable_buyers: int | None = strawberry.field(
        description="Economic buyers and decision makers some partner contact knows; null for a "
        "partner credential below CONTACTS."
    )
    route: IntroductionRoute | None = strawberry.field(
        description="The warmest route; null when there is none, or below CONTACTS."
    )

    @classmethod
    def of(cls, item: graph_introductions.WarmIntroduction) -> WarmIntroduction:
        """From the graph layer's value."""
        route = item.route
        return cls(
            account_id=strawberry.ID(item.account_id),
            name=item.account_name,
            our_status=item.our_status,
            partner_status=item.partner_status,
            warmth=item.warmth,
            reachable_buyers=item.reachable_buyers,
            route=None
            if route is None
            else IntroductionRoute(
                contact_id=strawberry.ID(route.contact_id),
                contact_name=route.contact_name,
                buyer_id=strawberry.ID(route.buyer_id),
                buyer_name=route.buyer_name,
                buyer_role=route.buyer_role,
                strength=route.strength,
            ),
        )


@strawberry.type(description="Someone who KNOWS the economic buyer directly.")
class DirectRoute:
    from_id: strawberry.ID = strawberry.field(description="Our seller, or the partner contact.")
    from_name: str = strawberry.field(description="Their name.")
    buyer_id: strawberry.ID = strawberry.field(description="The economic buyer.")
    buyer_name: str = strawberry.field(description="The economic buyer's name.")
    strength: float = strawberry.field(description="The KNOWS strength, (0, 1].")

    @classmethod
    def of(cls, route: graph_introductions.DirectRoute) -> DirectRoute:
        """From the graph layer's value."""
        return cls(
            from_id=strawberry.ID(route.from_id),
            from_name=route.from_name,
            buyer_id=strawberry.ID(route.buyer_id),
            buyer_name=route.buyer_name,
            strength=route.strength,
        )


@strawberry.type(description="A partner and its warmest direct route to the economic buyer.")
class PartnerRouteOption:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    partner_name: str = strawberry.field(description="The partner's name.")
    route: DirectRoute = strawberry.field(description="Its contact who knows the buyer best.")


@strawberry.type(description="Which partner gives the warmest route to an economic buyer.")
class BestPartnerRoute:
    account_id: strawberry.ID = strawberry.field(description="The account.")
    name: str = strawberry.field(description="The account's name.")
    economic_buyer_ids: list[strawberry.ID] = strawberry.field(
        description="Current economic buyers of the account."
    )
    our_route: DirectRoute | None = strawberry.field(
        description="Our seller who knows an economic buyer best; null when none does."
    )
    partners: list[PartnerRouteOption] = strawberry.field(
        description="Every partner with a route, warmest first."
    )
    best_partner: PartnerRouteOption | None = strawberry.field(
        description="The warmest partner route; null when no partner has one."
    )
    partner_is_warmer: bool = strawberry.field(
        description="True when the best partner route is warmer than ours (or we have none)."
    )
    gap: graph_introductions.RouteGap | None = strawberry.field(
        description="Why there is no route at all; null when there is one."
    )


async def resolve_warm_introductions(
    info: Info,
    partner_id: Annotated[
        strawberry.ID, strawberry.argument(description="The partner (a partner key: its own).")
    ],
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    as_of: Annotated[
        date | None,
        strawberry.argument(
            description="Judge employments and buying roles on this day (default today)."
        ),
    ] = None,
) -> Connection[WarmIntroduction]:
    """Warm-introduction candidates for one partner, warmest first."""
    page = await graph_introductions.warm_introductions(
        info.context.graph,
        info.context.workspace,
        str(partner_id),
        page_size(info, first),
        after,
        as_of=as_of or date.today(),
        viewer_partner_id=caller_partner_id(info),
    )
    return connection_from_page(page, WarmIntroduction.of)


async def resolve_best_partner_for_account(
    info: Info,
    account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
    as_of: Annotated[
        date | None,
        strawberry.argument(
            description="Judge employments and buying roles on this day (default today)."
        ),
    ] = None,
) -> BestPartnerRoute:
    """The partner with the warmest direct route to the account's economic buyer."""
    best = await graph_introductions.best_partner_for_account(
        info.context.graph,
        info.context.workspace,
        str(account_id),
        as_of=as_of or date.today(),
        viewer_partner_id=caller_partner_id(info),
    )

    def option(o: graph_introductions.PartnerRouteOption) -> PartnerRouteOption:
        return PartnerRouteOption(
            partner_id=strawberry.ID(o.partner_id),
            partner_name=o.partner_name,
            route=DirectRoute.of(o.route),
        )

    return BestPartnerRoute(
        account_id=strawberry.ID(best.account_id),
        name=best.account_name,
        economic_buyer_ids=[strawberry.ID(b) for b in best.economic_buyer_ids],
        our_route=None if best.our_route is None else DirectRoute.of(best.our_route),
        partners=[option(o) for o in best.partners],
        best_partner=None if best.best_partner is None else option(best.best_partner),
        partner_is_warmer=best.partner_is_warmer,
        gap=best.gap,
    )
