"""Committee coverage in GraphQL: per account and across the portfolio."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import coverage as graph_coverage
from schema.accounts.accounts import Account, account_by_id
from schema.core.context import Info
from schema.core.errors import InvalidInput
from schema.core.permissions import require_member_read
from schema.selling.arguments import AccountId, AsOf, MinConfidence, checked_confidence, day_of
from schema.selling.role_suggestions import SuggestedRole


@strawberry.type(description="How much of one account's buying committee the map holds.")
class CommitteeCoverage:
    account_id: strawberry.Private[str]
    account_name: str | None = strawberry.field(description="Its name.")
    as_of: date = strawberry.field(description="The day judged.")
    stakeholders_mapped: int = strawberry.field(
        description="People mapped: working there on the day, with or without a buying role."
    )
    committee_members: int = strawberry.field(
        description="The buying committee: people working there who hold a buying role there "
        "on the day (any role, standard or custom, for the account or a deal)."
    )
    committee_members_with_suggestions: int = strawberry.field(
        description="The committee counting people with a suggested role at or above "
        "`minConfidence`."
    )
    typical_committee_size: float = strawberry.field(description="About 6.8 people sign off.")
    committee_share: float = strawberry.field(
        description="Committee members over 6.8, capped at 1 (1: a full committee, 7 or more)."
    )
    committee_share_with_suggestions: float = strawberry.field(
        description="The same, counting people with a suggested role."
    )
    roles_covered: list[str] = strawberry.field(description="Roles someone working there holds.")
    roles_missing: list[str] = strawberry.field(description="Standard roles nobody holds.")
    economic_buyer_mapped: bool = strawberry.field(description="An economic buyer is mapped.")
    economic_buyer_engaged: bool = strawberry.field(
        description="An economic buyer is an engaged contact of our team."
    )
    engaged_contacts: int = strawberry.field(description="People our team engages there.")
    suggestions: list[SuggestedRole] = strawberry.field(
        description="Suggested roles at or above `minConfidence`."
    )
    roles_covered_with_suggestions: list[str] = strawberry.field(
        description="Roles covered counting the suggestions."
    )
    roles_missing_with_suggestions: list[str] = strawberry.field(
        description="Standard roles still missing counting the suggestions."
    )
    roles_added_by_suggestions: list[str] = strawberry.field(
        description="Roles only the suggestions cover."
    )

    @strawberry.field(description="The account, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @classmethod
    def of(cls, c: graph_coverage.AccountCoverage) -> CommitteeCoverage:
        """From the graph layer's value."""
        return cls(
            account_id=c.account_id,
            account_name=c.account_name,
            as_of=c.as_of,
            stakeholders_mapped=c.stakeholders_mapped,
            committee_members=c.committee_members,
            committee_members_with_suggestions=c.committee_members_with_suggestions,
            typical_committee_size=c.typical_committee_size,
            committee_share=c.committee_share,
            committee_share_with_suggestions=c.committee_share_with_suggestions,
            roles_covered=list(c.roles_covered),
            roles_missing=list(c.roles_missing),
            economic_buyer_mapped=c.economic_buyer_mapped,
            economic_buyer_engaged=c.economic_buyer_engaged,
            engaged_contacts=c.engaged_contacts,
            suggestions=[SuggestedRole.of(s, c.as_of) for s in c.suggestions],
            roles_covered_with_suggestions=list(c.roles_covered_with_suggestions),
            roles_missing_with_suggestions=list(c.roles_missing_with_suggestions),
            roles_added_by_suggestions=list(c.roles_added_by_suggestions),
        )


@strawberry.type(description="The share of accounts where a role is covered.")
class RoleShare:
    role: str = strawberry.field(description="The standard buying role.")
    share_covered: float = strawberry.field(description="Share of accounts, 0..1.")
    share_covered_with_suggestions: float = strawberry.field(
        description="The same, counting suggestions."
    )


@strawberry.type(description="Committee coverage across the accounts being worked.")
class PortfolioCoverage:
    as_of: date = strawberry.field(description="The day judged.")
    accounts: int = strawberry.field(description="Customers and accounts with an open deal.")
    average_stakeholders_mapped: float = strawberry.field(
        description="People mapped per account, with or without a buying role."
    )
    average_committee_members: float = strawberry.field(
        description="Buying-role holders per account, against about 6.8."
    )
    share_with_full_committee: float = strawberry.field(
        description="Share of accounts where at least 6.8 (so 7) people working there hold a "
        "buying role."
    )
    share_with_full_committee_with_suggestions: float = strawberry.field(
        description="The same, counting people with a suggested role at or above `minConfidence`."
    )
    share_with_economic_buyer_mapped: float = strawberry.field(
        description="Share of accounts with an economic buyer mapped, 0..1."
    )
    share_with_economic_buyer_engaged: float = strawberry.field(
        description="Share of accounts where our team engages an economic buyer."
    )
    share_with_economic_buyer_with_suggestions: float = strawberry.field(
        description="Share where one is mapped or suggested."
    )
    roles: list[RoleShare] = strawberry.field(description="Per standard role.")
    weakest: list[CommitteeCoverage] = strawberry.field(
        description="No engaged economic buyer first, then the smallest committee, then fewest "
        "people mapped (ties by account id)."
    )


def _checked_weakest(info: Info, weakest: int) -> int:
    maximum = info.context.limits.max_page_size
    if not 1 <= weakest <= maximum:
        raise InvalidInput(
            f"'weakest' must be between 1 and {maximum}.",
            field="weakest",
            extensions={"max": maximum},
        )
    return weakest


async def resolve_committee_coverage(
    info: Info,
    account_id: AccountId,
    min_confidence: MinConfidence = graph_coverage.DEFAULT_MIN_CONFIDENCE,
    as_of: AsOf = None,
) -> CommitteeCoverage | None:
    """One account's coverage."""
    workspace = require_member_read(info)
    found = await graph_coverage.find_account_coverage(
        info.context.graph,
        workspace,
        str(account_id),
        checked_confidence(min_confidence),
        day=day_of(as_of),
    )
    return CommitteeCoverage.of(found)


async def resolve_portfolio_coverage(
    info: Info,
    seller_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="Only this seller's accounts (as owner or deal owner)."),
    ] = None,
    min_confidence: MinConfidence = graph_coverage.DEFAULT_MIN_CONFIDENCE,
    weakest: Annotated[
        int, strawberry.argument(description="How many of the weakest accounts to list.")
    ] = 10,
    as_of: AsOf = None,
) -> PortfolioCoverage:
    """Coverage across the portfolio."""
    workspace = require_member_read(info)
    p = await graph_coverage.find_portfolio_coverage(
        info.context.graph,
        workspace,
        None if seller_id is None else str(seller_id),
        checked_confidence(min_confidence),
        _checked_weakest(info, weakest),
        day=day_of(as_of),
    )
    return PortfolioCoverage(
        as_of=p.as_of,
        accounts=p.accounts,
        average_stakeholders_mapped=p.average_stakeholders_mapped,
        average_committee_members=p.average_committee_members,
        share_with_full_committee=p.share_with_full_committee,
        share_with_full_committee_with_suggestions=p.share_with_full_committee_with_suggestions,
        share_with_economic_buyer_mapped=p.share_with_economic_buyer_mapped,
        share_with_economic_buyer_engaged=p.share_with_economic_buyer_engaged,
        share_with_economic_buyer_with_suggestions=p.share_with_economic_buyer_with_suggestions,
        roles=[
            RoleShare(
                role=r.role,
                share_covered=r.share_covered,
                share_covered_with_suggestions=r.share_covered_with_suggestions,
            )
            for r in p.roles
        ],
        weakest=[CommitteeCoverage.of(c) for c in p.weakest],
    )
