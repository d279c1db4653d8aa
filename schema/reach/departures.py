"""Departure knock-on: the deals a leaver's departure stranded, and the opening it made."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.reach import departures as graph_departures
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import (
    Opportunity,
    Person,
    opportunity_by_id,
    people_by_ids,
    person_by_id,
)
from schema.core.context import Info
from schema.core.enums import AccountStatus
from schema.core.permissions import require_member_read
from schema.reach.enums import KnockOnReason, PathReason
from schema.reach.paths import WarmPath
from schema.reach.risk import account_status


@strawberry.type(description="An account the person left within the lookback.")
class AccountLeft:
    account_id: strawberry.Private[str]
    account_name: str | None = strawberry.field(description="Its name.")
    left_on: date = strawberry.field(description="The day their employment there ended.")
    roles: list[str] = strawberry.field(description="Buying roles they held when they left.")
    as_of: strawberry.Private[date]

    @strawberry.field(description="The account they left, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)


@strawberry.type(description="An open deal at an account they left, and its route now.")
class KnockOnDeal:
    opportunity_id: strawberry.Private[str]
    name: str | None = strawberry.field(description="The deal's name.")
    stage: str | None = strawberry.field(description="Its stage.")
    amount: float | None = strawberry.field(description="Its amount.")
    currency: str | None = strawberry.field(description="The amount's currency.")
    close_date: date | None = strawberry.field(description="Expected close date.")
    account_id: strawberry.Private[str]
    account_name: str | None = strawberry.field(description="Its name.")
    economic_buyer_ids: strawberry.Private[tuple[str, ...]]
    route_with_them: WarmPath | None = strawberry.field(
        description="The warmest route within `maxHops` with them still on the map (people who "
        "left may introduce): often the route through them."
    )
    lost_only_route: bool = strawberry.field(
        description="True when a route within `maxHops` exists with them on the map and none "
        "without them: the deal lost its only route to the economic buyer."
    )
    new_route: WarmPath | None = strawberry.field(
        description="The warmest path without them within `searchHops`, where one exists."
    )
    reason: PathReason | None = strawberry.field(
        description="Why there is no route at all (NO_ROLE_HOLDER_MAPPED, NO_SELLERS, "
        "NO_PATH_WITHIN_MAX_HOPS); null otherwise."
    )
    as_of: strawberry.Private[date]

    @strawberry.field(description="The deal, seen on the day judged.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        return await opportunity_by_id(info, self.opportunity_id, self.as_of)

    @strawberry.field(description="The account they left, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @strawberry.field(description="The account's economic buyers, employed there on the day.")
    async def economic_buyers(self, info: Info) -> list[Person]:
        return await people_by_ids(info, self.economic_buyer_ids, self.as_of)

    @classmethod
    def of(cls, deal: graph_departures.KnockOnDeal, day: date) -> KnockOnDeal:
        """From the graph layer's value, judged on ``day``."""
        return cls(
            opportunity_id=deal.opportunity_id,
            name=deal.name,
            stage=deal.stage,
            amount=deal.amount,
            currency=deal.currency,
            close_date=deal.close_date,
            account_id=deal.account_id,
            account_name=deal.account_name,
            economic_buyer_ids=tuple(deal.economic_buyer_ids),
            route_with_them=None
            if deal.route_with_them is None
            else WarmPath.of(deal.route_with_them),
            lost_only_route=deal.lost_only_route,
            new_route=None if deal.new_route is None else WarmPath.of(deal.new_route),
            reason=deal.reason,
            as_of=day,
        )


@strawberry.type(description="An account the leaver works at now: a warm way in, through them.")
class WarmOpening:
    account_id: strawberry.Private[str]
    account_name: str | None = strawberry.field(description="Its name.")
    status: AccountStatus | None = strawberry.field(description="Our relationship with it.")
    title: str | None = strawberry.field(description="Their title there.")
    started_on: date | None = strawberry.field(description="When they started there.")
    economic_buyer_ids: strawberry.Private[tuple[str, ...]]
    path: WarmPath | None = strawberry.field(
        description="The warmest path to its economic buyer through them: our warmest path to "
        "them, then theirs onward (each within `searchHops`)."
    )
    reason: PathReason | None = strawberry.field(
        description="Why there is no path (NO_ROLE_HOLDER_MAPPED, NO_SELLERS, "
        "NO_PATH_WITHIN_MAX_HOPS); null when there is one."
    )
    as_of: strawberry.Private[date]

    @strawberry.field(description="Their new account, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @strawberry.field(description="Its economic buyers, employed there on the day.")
    async def economic_buyers(self, info: Info) -> list[Person]:
        return await people_by_ids(info, self.economic_buyer_ids, self.as_of)

    @classmethod
    def of(cls, opening: graph_departures.WarmOpening, day: date) -> WarmOpening:
        """From the graph layer's value, judged on ``day``."""
        return cls(
            account_id=opening.account_id,
            account_name=opening.account_name,
            status=account_status(opening.status),
            title=opening.title,
            started_on=opening.started_on,
            economic_buyer_ids=tuple(opening.economic_buyer_ids),
            path=None if opening.path is None else WarmPath.of(opening.path),
            reason=opening.reason,
            as_of=day,
        )


@strawberry.type(description="What one person's departure did to our deals, and what it opened.")
class DepartureKnockOn:
    person_id: strawberry.Private[str]
    person_name: str | None = strawberry.field(description="Their full name.")
    as_of: date = strawberry.field(description="The day it was judged on.")
    left: list[AccountLeft] = strawberry.field(
        description="Accounts they left within `lookbackDays`."
    )
    deals: list[KnockOnDeal] = strawberry.field(
        description="Open deals at the accounts they left, those that lost their only route "
        "to the economic buyer first."
    )
    stranded_deals: list[KnockOnDeal] = strawberry.field(
        description="Only the deals that lost their only route to the economic buyer."
    )
    openings: list[WarmOpening] = strawberry.field(
        description="Accounts they work at now (if we track them): warm openings."
    )
    reason: KnockOnReason | None = strawberry.field(
        description="NOT_A_RECENT_LEAVER when they left no account within `lookbackDays`."
    )

    @strawberry.field(description="The person who left, seen on the day judged.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.as_of)

    @classmethod
    def of(cls, answer: graph_departures.DepartureKnockOn) -> DepartureKnockOn:
        """From the graph layer's value."""
        day = answer.as_of
        deals = [KnockOnDeal.of(d, day) for d in answer.deals]
        return cls(
            person_id=answer.person_id,
            person_name=answer.person_name,
            as_of=answer.as_of,
            left=[
                AccountLeft(
                    account_id=a.account_id,
                    account_name=a.account_name,
                    left_on=a.left_on,
                    roles=list(a.roles),
                    as_of=day,
                )
                for a in answer.left
            ],
            deals=deals,
            stranded_deals=[d for d in deals if d.lost_only_route],
            openings=[WarmOpening.of(o, day) for o in answer.openings],
            reason=answer.reason,
        )


async def resolve_departure_knock_on(
    info: Info,
    person_id: Annotated[strawberry.ID, strawberry.argument(description="The person who left.")],
    as_of: Annotated[
        date | None,
        strawberry.argument(description="Judge employment, roles and paths on this day."),
    ] = None,
    lookback_days: Annotated[
        int, strawberry.argument(description="How far back a departure counts (days, 0 to 36500).")
    ] = 180,
    max_hops: Annotated[
        int,
        strawberry.argument(
            description="What counts as a route to the economic buyer (1 to 6; the "
            "single-point-of-failure bound of accountRisk)."
        ),
    ] = 3,
    search_hops: Annotated[
        int,
        strawberry.argument(description="How far to look for a new route and an opening (1-6)."),
    ] = 4,
) -> DepartureKnockOn | None:
    """The knock-on of a person's departure; null with a NOT_FOUND error for an unknown person.
    Our own team only."""
    workspace = require_member_read(info)
    settings = graph_departures.DepartureSettings(
        lookback_days=lookback_days, max_hops=max_hops, search_hops=search_hops
    )
    answer = await graph_departures.find_departure_knock_on(
        info.context.graph, workspace, str(person_id), settings, as_of or date.today()
    )
    return DepartureKnockOn.of(answer)
