"""Committee coverage per account and across the portfolio, and suggested buying roles."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.ingest.bundle import InvalidRows
from graph.selling import coverage as graph_coverage
from graph.selling import role_suggestions as graph_suggestions
from schema.core.context import Info
from schema.core.errors import InvalidInput
from schema.core.permissions import page_size, require_member_read, require_write


@strawberry.type(description="A buying role a person probably holds; not written until accepted.")
class SuggestedRole:
    account_id: str = strawberry.field(description="The account.")
    person_id: strawberry.ID = strawberry.field(description="The person.")
    person_name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    role: str = strawberry.field(description="The suggested BuyingRole.")
    confidence: float = strawberry.field(description="How sure the rule is, 0..1.")
    reason: str = strawberry.field(description="Why: title, seniority, department, tree.")

    @classmethod
    def of(cls, s: graph_suggestions.RoleSuggestion) -> SuggestedRole:
        """From the graph layer's value."""
        return cls(
            account_id=s.account_id,
            person_id=strawberry.ID(s.person_id),
            person_name=s.person_name,
            title=s.title,
            role=s.role,
            confidence=s.confidence,
            reason=s.reason,
        )


@strawberry.type(description="How much of one account's buying committee the map holds.")
class CommitteeCoverage:
    account_id: str = strawberry.field(description="The account.")
    account_name: str | None = strawberry.field(description="Its name.")
    as_of: date = strawberry.field(description="The day judged.")
    stakeholders_mapped: int = strawberry.field(description="People working there on the day.")
    typical_committee_size: float = strawberry.field(description="About 6.8 people sign off.")
    committee_share: float = strawberry.field(description="Mapped over 6.8, capped at 1.")
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

    @classmethod
    def of(cls, c: graph_coverage.AccountCoverage) -> CommitteeCoverage:
        """From the graph layer's value."""
        return cls(
            account_id=c.account_id,
            account_name=c.account_name,
            as_of=c.as_of,
            stakeholders_mapped=c.stakeholders_mapped,
            typical_committee_size=c.typical_committee_size,
            committee_share=c.committee_share,
            roles_covered=list(c.roles_covered),
            roles_missing=list(c.roles_missing),
            economic_buyer_mapped=c.economic_buyer_mapped,
            economic_buyer_engaged=c.economic_buyer_engaged,
            engaged_contacts=c.engaged_contacts,
            suggestions=[SuggestedRole.of(s) for s in c.suggestions],
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
    average_stakeholders_mapped: float = strawberry.field(description="Against about 6.8.")
    share_with_full_committee: float = strawberry.field(
        description="Share of accounts with at least 6.8 people mapped."
    )
    share_with_economic_buyer_mapped: float = strawberry.field(description="0..1.")
    share_with_economic_buyer_engaged: float = strawberry.field(
        description="Share of accounts where our team engages an economic buyer."
    )
    share_with_economic_buyer_with_suggestions: float = strawberry.field(
        description="Share where one is mapped or suggested."
    )
    roles: list[RoleShare] = strawberry.field(description="Per standard role.")
    weakest: list[CommitteeCoverage] = strawberry.field(
        description="No engaged economic buyer first, then fewest people mapped."
    )


@strawberry.type(description="A suggested role written as a buying role.")
class AcceptedRole:
    person_id: strawberry.ID = strawberry.field(description="The role holder.")
    account_id: strawberry.ID = strawberry.field(description="The account.")
    role: str = strawberry.field(description="The role.")
    opportunity_id: strawberry.ID | None = strawberry.field(description="For one deal, if set.")
    from_date: date = strawberry.field(description="Held from this day.")
    created: bool = strawberry.field(description="False when it was held already.")


def _confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(
            "'minConfidence' must be between 0 and 1.", extensions={"field": "minConfidence"}
        )
    return value


async def resolve_suggested_roles(
    info: Info, account_id: strawberry.ID, min_confidence: float = 0.0, as_of: date | None = None
) -> list[SuggestedRole]:
    """Suggested roles at the account."""
    workspace = require_member_read(info)
    found = await graph_suggestions.find_role_suggestions(
        info.context.graph,
        workspace,
        str(account_id),
        _confidence(min_confidence),
        day=as_of or date.today(),
    )
    return [SuggestedRole.of(s) for s in found]


async def resolve_committee_coverage(
    info: Info,
    account_id: strawberry.ID,
    min_confidence: float = graph_coverage.DEFAULT_MIN_CONFIDENCE,
    as_of: date | None = None,
) -> CommitteeCoverage:
    """One account's coverage."""
    workspace = require_member_read(info)
    found = await graph_coverage.find_account_coverage(
        info.context.graph,
        workspace,
        str(account_id),
        _confidence(min_confidence),
        day=as_of or date.today(),
    )
    return CommitteeCoverage.of(found)


async def resolve_portfolio_coverage(
    info: Info,
    seller_id: str | None = None,
    min_confidence: float = graph_coverage.DEFAULT_MIN_CONFIDENCE,
    weakest: int = 10,
    as_of: date | None = None,
) -> PortfolioCoverage:
    """Coverage across the portfolio."""
    workspace = require_member_read(info)
    p = await graph_coverage.find_portfolio_coverage(
        info.context.graph,
        workspace,
        seller_id,
        _confidence(min_confidence),
        page_size(info, weakest),
        day=as_of or date.today(),
    )
    return PortfolioCoverage(
        as_of=p.as_of,
        accounts=p.accounts,
        average_stakeholders_mapped=p.average_stakeholders_mapped,
        share_with_full_committee=p.share_with_full_committee,
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


async def accept_suggested_role(
    info: Info,
    person_id: strawberry.ID,
    account_id: strawberry.ID,
    role: str,
    opportunity_id: strawberry.ID | None = None,
) -> AcceptedRole:
    """Write a suggested role."""
    workspace = require_write(info)
    try:
        done = await graph_suggestions.accept_suggested_role(
            info.context.graph,
            workspace,
            str(person_id),
            str(account_id),
            role,
            None if opportunity_id is None else str(opportunity_id),
            day=date.today(),
        )
    except InvalidRows as error:
        raise InvalidInput(
            error.message, extensions={"errors": [e.as_dict() for e in error.errors]}
        ) from None
    return AcceptedRole(
        person_id=strawberry.ID(done.person_id),
        account_id=strawberry.ID(done.account_id),
        role=done.role,
        opportunity_id=None if done.opportunity_id is None else strawberry.ID(done.opportunity_id),
        from_date=done.from_date,
        created=done.created,
    )
