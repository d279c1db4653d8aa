"""Suggested buying roles in GraphQL: who probably plays which part, and accepting one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import role_suggestions as graph_suggestions
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import Opportunity, Person, opportunity_by_id, person_by_id
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read, require_write
from schema.selling.arguments import AccountId, AsOf, MinConfidence, checked_confidence, day_of


@strawberry.type(description="A buying role a person probably holds; not written until accepted.")
class SuggestedRole:
    account_id: strawberry.Private[str]
    person_id: strawberry.Private[str]
    person_name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    role: str = strawberry.field(
        description="The suggested buying role (a BuyingRole, or a persona's custom role)."
    )
    confidence: float = strawberry.field(description="How sure the rule is, 0..1.")
    reason: str = strawberry.field(
        description="Why: title, seniority, department, tree; ends '(seniority VP read from the "
        "title)' when the person's seniority field is empty and the title gave it."
    )
    as_of: strawberry.Private[date]

    @strawberry.field(description="The account, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @strawberry.field(description="The person, seen on the day judged.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.as_of)

    @classmethod
    def of(cls, s: graph_suggestions.RoleSuggestion, day: date) -> SuggestedRole:
        """From the graph layer's value, judged on ``day``."""
        return cls(
            account_id=s.account_id,
            person_id=s.person_id,
            person_name=s.person_name,
            title=s.title,
            role=s.role,
            confidence=s.confidence,
            reason=s.reason,
            as_of=day,
        )


@strawberry.type(description="A buying role as written by acceptSuggestedRole.")
class AcceptedRole:
    person_id: strawberry.Private[str]
    account_id: strawberry.Private[str]
    role: str = strawberry.field(description="The role.")
    opportunity_id: strawberry.Private[str | None]
    from_date: date = strawberry.field(description="Held from this day.")

    @strawberry.field(description="The role holder, seen from the day the role is held.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.from_date)

    @strawberry.field(description="The account, seen from the day the role is held.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.from_date)

    @strawberry.field(
        description="The deal it is held for; null when held for the account as a whole."
    )
    async def opportunity(self, info: Info) -> Opportunity | None:
        return await opportunity_by_id(info, self.opportunity_id, self.from_date)


@strawberry.type(description="What acceptSuggestedRole changed.")
class AcceptSuggestedRolePayload:
    buying_role: AcceptedRole = strawberry.field(description="The buying role now held.")
    created: bool = strawberry.field(
        description="True when the role was written; false when it was held already (nothing "
        "changed)."
    )


async def resolve_suggested_roles(
    info: Info,
    account_id: AccountId,
    min_confidence: MinConfidence = 0.0,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[SuggestedRole] | None:
    """Suggested roles at the account."""
    workspace = require_member_read(info)
    day = day_of(as_of)
    page = await graph_suggestions.find_role_suggestions(
        info.context.graph,
        workspace,
        str(account_id),
        checked_confidence(min_confidence),
        day=day,
        first=page_size(info, first),
        after=after,
    )
    return connection_from_page(page, lambda s: SuggestedRole.of(s, day))


async def accept_suggested_role(
    info: Info,
    person_id: Annotated[
        strawberry.ID, strawberry.argument(description="Who holds the role (works there today).")
    ],
    account_id: AccountId,
    role: Annotated[
        str, strawberry.argument(description="The buying role (standard or the workspace's own).")
    ],
    opportunity_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="Hold it for this deal only; default the whole account."),
    ] = None,
) -> AcceptSuggestedRolePayload | None:
    """Write a suggested role."""
    workspace = require_write(info)
    done = await graph_suggestions.accept_suggested_role(
        info.context.graph,
        workspace,
        str(person_id),
        str(account_id),
        role,
        None if opportunity_id is None else str(opportunity_id),
        day=date.today(),
    )
    return AcceptSuggestedRolePayload(
        buying_role=AcceptedRole(
            person_id=done.person_id,
            account_id=done.account_id,
            role=done.role,
            opportunity_id=done.opportunity_id,
            from_date=done.from_date,
        ),
        created=done.created,
    )
