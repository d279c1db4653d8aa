"""How the accounts domain's lists are filtered and ordered: a ``where`` input and a ``sort``
list of ``{field, direction}`` per list, the same way on accounts, people, deals and sellers."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum, StrEnum
from typing import Annotated, Protocol, TypeVar

import strawberry

from graph.accounts import accounts as graph_accounts
from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.accounts.listing import SortKey
from schema.core.enums import AccountStatus, OpportunityState, SellerRole, Seniority
from schema.core.pagination import SortDirection

F = TypeVar("F", bound=StrEnum)


@strawberry.enum(description="Fields the account list sorts by.")
class AccountSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Company name.")
    EMPLOYEES = strawberry.enum_value("EMPLOYEES", description="Headcount (unknown first).")
    ANNUAL_REVENUE = strawberry.enum_value(
        "ANNUAL_REVENUE", description="Annual revenue (unknown first)."
    )
    TIER = strawberry.enum_value("TIER", description="Tier, as text.")


@strawberry.enum(description="Fields people lists sort by.")
class PersonSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Full name.")
    TITLE = strawberry.enum_value("TITLE", description="Job title as last recorded.")
    DEPARTMENT = strawberry.enum_value("DEPARTMENT", description="Department as last recorded.")
    SENIORITY = strawberry.enum_value("SENIORITY", description="Seniority, by its name.")


@strawberry.enum(description="Fields deal lists sort by.")
class OpportunitySortField(Enum):
    CLOSE_DATE = strawberry.enum_value("CLOSE_DATE", description="Close date (unknown first).")
    AMOUNT = strawberry.enum_value("AMOUNT", description="Amount (unknown first).")
    NAME = strawberry.enum_value("NAME", description="Deal name.")
    STAGE = strawberry.enum_value("STAGE", description="Pipeline stage, as text.")


@strawberry.enum(description="Fields the seller list sorts by.")
class SellerSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Full name.")
    ROLE = strawberry.enum_value("ROLE", description="Function, by its name.")


_DIRECTION = "ASC (default) or DESC; ties are broken by id, ascending."


@strawberry.input(description="One step of the account list's order.")
class AccountSort:
    field: AccountSortField = strawberry.field(description="The field to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One step of a people list's order.")
class PersonSort:
    field: PersonSortField = strawberry.field(description="The field to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One step of a deal list's order.")
class OpportunitySort:
    field: OpportunitySortField = strawberry.field(description="The field to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One step of the seller list's order.")
class SellerSort:
    field: SellerSortField = strawberry.field(description="The field to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


class _Sort(Protocol):
    @property
    def field(self) -> Enum: ...

    @property
    def direction(self) -> SortDirection: ...


def sort_keys(sort: Sequence[_Sort] | None, fields: type[F]) -> tuple[SortKey[F], ...]:
    """A sort argument as the graph layer's keys (fields matched by name)."""
    return tuple(
        SortKey(fields[step.field.name], step.direction is SortDirection.DESC)
        for step in sort or ()
    )


AccountSortArgument = Annotated[
    list[AccountSort] | None,
    strawberry.argument(description="Order, first step first (default: by name)."),
]
PersonSortArgument = Annotated[
    list[PersonSort] | None,
    strawberry.argument(description="Order, first step first (default: by name)."),
]
OpportunitySortArgument = Annotated[
    list[OpportunitySort] | None,
    strawberry.argument(description="Order, first step first (default: by close date)."),
]
SellerSortArgument = Annotated[
    list[SellerSort] | None,
    strawberry.argument(description="Order, first step first (default: by name)."),
]

_ANY = "Omitted: any."


@strawberry.input(description="Filters of the account list; omitted fields match anything.")
class AccountWhere:
    industry: str | None = strawberry.field(default=None, description="Exactly this industry.")
    region: str | None = strawberry.field(default=None, description="Exactly this region.")
    country: str | None = strawberry.field(default=None, description="Exactly this country.")
    tier: str | None = strawberry.field(default=None, description="Exactly this tier.")
    status: AccountStatus | None = strawberry.field(
        default=None, description="Our relationship with the account."
    )
    owner_seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Owned by this seller."
    )
    role: str | None = strawberry.field(
        default=None,
        description="Someone employed there holds this buying role there on the day (asOf).",
    )
    name_contains: str | None = strawberry.field(
        default=None, description="The name contains this text, ignoring case (a search box)."
    )

    def graph(self) -> graph_accounts.AccountWhere:
        """The graph layer's filter."""
        return graph_accounts.AccountWhere(
            industry=self.industry,
            region=self.region,
            country=self.country,
            tier=self.tier,
            status=self.status,
            owner_seller_id=self.owner_seller_id,
            role=self.role,
            name_contains=self.name_contains,
        )


@strawberry.input(description="Filters of the people list; omitted fields match anything.")
class PersonWhere:
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Employed at this account on the day (asOf)."
    )
    include_former: bool = strawberry.field(
        default=False, description="With accountId: also people who had left it by the day."
    )
    department: str | None = strawberry.field(default=None, description=_ANY)
    seniority: Seniority | None = strawberry.field(default=None, description=_ANY)
    role: str | None = strawberry.field(
        default=None,
        description="Holds this buying role on the day (at accountId, when given), at an "
        "account they work at then.",
    )

    def graph(self) -> graph_people.PersonWhere:
        """The graph layer's filter."""
        return graph_people.PersonWhere(
            account_id=self.account_id,
            department=self.department,
            seniority=self.seniority,
            role=self.role,
            include_former=self.include_former,
        )


@strawberry.input(description="Filters of an account's people; omitted fields match anything.")
class AccountPersonWhere:
    current: bool | None = strawberry.field(
        default=True,
        description="true (default): employed here on the day; false: had left by then; "
        "null: both.",
    )
    department: str | None = strawberry.field(
        default=None, description="Department at this account."
    )
    seniority: Seniority | None = strawberry.field(default=None, description=_ANY)
    role: str | None = strawberry.field(
        default=None, description="Holds this buying role here on the day."
    )


@strawberry.input(description="Filters of an account's deals; omitted fields match anything.")
class AccountOpportunityWhere:
    state: OpportunityState | None = strawberry.field(default=None, description=_ANY)
    stage: str | None = strawberry.field(default=None, description="Exactly this stage.")
    owner_seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Owned by this seller."
    )

    def graph(self) -> graph_opportunities.OpportunityWhere:
        """The graph layer's filter."""
        return graph_opportunities.OpportunityWhere(
            state=self.state, stage=self.stage, owner_seller_id=self.owner_seller_id
        )


@strawberry.input(description="Filters of the deal list; omitted fields match anything.")
class OpportunityWhere:
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Deals with this account."
    )
    state: OpportunityState | None = strawberry.field(default=None, description=_ANY)
    stage: str | None = strawberry.field(default=None, description="Exactly this stage.")
    owner_seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Owned by this seller."
    )

    def graph(self) -> graph_opportunities.OpportunityWhere:
        """The graph layer's filter."""
        return graph_opportunities.OpportunityWhere(
            account_id=self.account_id,
            state=self.state,
            stage=self.stage,
            owner_seller_id=self.owner_seller_id,
        )


@strawberry.input(description="Filters of the seller list; omitted fields match anything.")
class SellerWhere:
    role: SellerRole | None = strawberry.field(default=None, description="This function.")
