"""The buyer journey in GraphQL: stage with dated history, and the upsell cool-down flags."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import journey as graph_journey
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import Opportunity, opportunity_by_id
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read, require_write
from schema.selling.arguments import AccountId, AsOf, CoolDownDays, checked_cool_down, day_of
from schema.selling.enums import JourneyStage


@strawberry.type(description="A stage the account entered on a day.")
class JourneyEntry:
    stage: JourneyStage = strawberry.field(description="The stage.")
    entered_on: date = strawberry.field(description="The day it was entered.")
    note: str | None = strawberry.field(description="What happened.")

    @classmethod
    def of(cls, e: graph_journey.JourneyEntry) -> JourneyEntry:
        """From the graph layer's value."""
        return cls(stage=e.stage, entered_on=e.entered_on, note=e.note)


@strawberry.type(
    description="An upsell opened too early: an open deal at an account still in its "
    "post-purchase cool-down (no EXPANSION go-ahead recorded), opened on or after the purchase "
    "or with no opening date."
)
class UpsellFlag:
    opportunity_id: strawberry.Private[str]
    opportunity_name: str = strawberry.field(description="Its name.")
    open_date: date | None = strawberry.field(
        description="When the deal was opened; null when the CRM gave no date (such a deal is "
        "flagged: nothing shows it predates the purchase)."
    )
    days_since_purchase: int = strawberry.field(description="Days since the last purchase.")
    cool_down_ends_on: date = strawberry.field(
        description="When upselling is welcome without a go-ahead: the last purchase plus "
        "`coolDownDays` (that day is no longer in the cool-down)."
    )
    as_of: strawberry.Private[date]

    @strawberry.field(description="The deal, its account seen on the day judged.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        return await opportunity_by_id(info, self.opportunity_id, self.as_of)


@strawberry.type(description="One account's buyer journey on a day.")
class BuyerJourney:
    account_id: strawberry.Private[str]
    account_name: str | None = strawberry.field(description="Its name.")
    as_of: date = strawberry.field(description="The day judged.")
    stage: JourneyStage | None = strawberry.field(
        description="The latest stage entered on or before the day."
    )
    since: date | None = strawberry.field(description="When it was entered.")
    history: list[JourneyEntry] = strawberry.field(
        description="Stages entered on or before the day, oldest first."
    )
    last_purchase_on: date | None = strawberry.field(
        description="The latest PURCHASE entry or won deal."
    )
    cool_down_days: int = strawberry.field(description="Adoption first: days before upselling.")
    upsell_go_ahead_on: date | None = strawberry.field(
        description="The first EXPANSION entry on or after the last purchase: the account team "
        "says it is time to upsell, which ends the cool-down at once; null when none."
    )
    in_cool_down: bool = strawberry.field(
        description="Fewer than `coolDownDays` days since the last purchase and no go-ahead."
    )
    upsell_flags: list[UpsellFlag] = strawberry.field(
        description="Upsells opened too early: open deals there while in the cool-down, except "
        "those opened before the purchase (not an upsell) or after the day judged."
    )

    @strawberry.field(description="The account, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @classmethod
    def of(cls, j: graph_journey.BuyerJourney) -> BuyerJourney:
        """From the graph layer's value."""
        return cls(
            account_id=j.account_id,
            account_name=j.account_name,
            as_of=j.as_of,
            stage=j.stage,
            since=j.since,
            history=[JourneyEntry.of(e) for e in j.history],
            last_purchase_on=j.last_purchase_on,
            cool_down_days=j.cool_down_days,
            upsell_go_ahead_on=j.go_ahead_on,
            in_cool_down=j.in_cool_down,
            upsell_flags=[
                UpsellFlag(
                    opportunity_id=f.opportunity_id,
                    opportunity_name=f.opportunity_name,
                    open_date=f.open_date,
                    days_since_purchase=f.days_since_purchase,
                    cool_down_ends_on=f.cool_down_ends_on,
                    as_of=j.as_of,
                )
                for f in j.upsell_flags
            ],
        )


@strawberry.type(description="What recordJourneyStage changed.")
class RecordJourneyStagePayload:
    account_id: strawberry.Private[str]
    entry: JourneyEntry = strawberry.field(description="The stage entry as now stored.")
    created: bool = strawberry.field(
        description="True for a new entry; false when the same stage on the same day was "
        "recorded before and only its note changed."
    )

    @strawberry.field(description="The account, seen on the day the stage was entered.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.entry.entered_on)


async def resolve_buyer_journey(
    info: Info,
    account_id: AccountId,
    cool_down_days: CoolDownDays = graph_journey.DEFAULT_COOL_DOWN_DAYS,
    as_of: AsOf = None,
) -> BuyerJourney | None:
    """The account's journey."""
    workspace = require_member_read(info)
    found = await graph_journey.find_buyer_journey(
        info.context.graph,
        workspace,
        str(account_id),
        checked_cool_down(cool_down_days),
        day=day_of(as_of),
    )
    return BuyerJourney.of(found)


async def resolve_upsell_cool_down_flags(
    info: Info,
    cool_down_days: CoolDownDays = graph_journey.DEFAULT_COOL_DOWN_DAYS,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[BuyerJourney]:
    """Accounts with an upsell opened too early."""
    workspace = require_member_read(info)
    page = await graph_journey.list_upsell_cool_down_flags(
        info.context.graph,
        workspace,
        checked_cool_down(cool_down_days),
        day=day_of(as_of),
        first=page_size(info, first),
        after=after,
    )
    return connection_from_page(page, BuyerJourney.of)


async def record_journey_stage(
    info: Info,
    account_id: AccountId,
    stage: Annotated[JourneyStage, strawberry.argument(description="The stage entered.")],
    entered_on: Annotated[
        date | None, strawberry.argument(description="The day it was entered; default today.")
    ] = None,
    note: Annotated[str | None, strawberry.argument(description="What happened.")] = None,
) -> RecordJourneyStagePayload | None:
    """Record a stage the account entered."""
    workspace = require_write(info)
    recorded = await graph_journey.record_journey_stage(
        info.context.graph, workspace, str(account_id), stage, day_of(entered_on), note
    )
    return RecordJourneyStagePayload(
        account_id=str(account_id), entry=JourneyEntry.of(recorded.entry), created=recorded.created
    )
