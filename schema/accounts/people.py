"""GraphQL types for people, sellers and deals; their references resolve through per-request
DataLoaders (``schema.core.loaders``), so a list of them costs one statement per level."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.accounts import sellers as graph_sellers
from graph.core.temporal import holds_on
from schema.accounts.arguments import AsOf
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import OpportunityState, OrganizationKind, SellerRole, Seniority
from schema.core.node import Node
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size

if TYPE_CHECKING:
    from schema.accounts.account_map import HeldRole
    from schema.accounts.accounts import Account
    from schema.partners.directory import Partner


@strawberry.type(description="Someone outside our company.")
class Person(Node):
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the person.")
    name: str = strawberry.field(description="Full name.")
    photo_url: str | None = strawberry.field(description="Photo URL.")
    email: str | None = strawberry.field(description="Work email.")
    phone: str | None = strawberry.field(description="Work phone.")
    linkedin_url: str | None = strawberry.field(description="LinkedIn profile URL.")
    location: str | None = strawberry.field(description="Usual office location.")
    title: str | None = strawberry.field(description="Job title as last recorded.")
    department: str | None = strawberry.field(description="Department as last recorded.")
    seniority: Seniority | None = strawberry.field(description="How senior they are.")
    role_summary: str | None = strawberry.field(description="A summary of their role.")
    labels: list[str] = strawberry.field(description="Labels that read at a glance.")
    as_of: date = strawberry.field(
        description="The day `manager`, `reports` and `roles` answer for unless given asOf."
    )

    @classmethod
    def of(cls, person: graph_people.Person, as_of: date | None = None) -> Person:
        """From the graph layer's value, seen on ``as_of`` (default today)."""
        return cls(
            id=strawberry.ID(person.id),
            name=person.name,
            photo_url=person.photo_url,
            email=person.email,
            phone=person.phone,
            linkedin_url=person.linkedin_url,
            location=person.location,
            title=person.title,
            department=person.department,
            seniority=person.seniority,
            role_summary=person.role_summary,
            labels=list(person.labels),
            as_of=as_of or date.today(),
        )

    @strawberry.field(description="Whom they report to on the day (null when nobody).")
    async def manager(self, info: Info, as_of: AsOf = None) -> Person | None:
        day = as_of or self.as_of
        return await person_by_id(info, await loaders.managers(info).load((str(self.id), day)), day)

    @strawberry.field(description="Who reports to them on the day, by name.")
    async def reports(
        self, info: Info, as_of: AsOf = None, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> Connection[Person]:
        day = as_of or self.as_of
        key = (str(self.id), (day, page_size(info, first), after))
        page = await loaders.reports(info).load(key)
        return connection_from_page(page, lambda p: Person.of(p, day))

    @strawberry.field(
        description="Where they have worked, earliest start first (accounts and partners; "
        "leavers and movers keep their history)."
    )
    async def employments(self, info: Info) -> list[Employment]:
        found = await loaders.employments(info).load((str(self.id), None))
        return [Employment.of(e, self.as_of) for e in found]

    @strawberry.field(description="The buying roles they hold on the day, at any account.")
    async def roles(
        self, info: Info, as_of: AsOf = None
    ) -> list[Annotated[HeldRole, strawberry.lazy("schema.accounts.account_map")]]:
        from schema.accounts.account_map import HeldRole

        day = as_of or self.as_of
        held = await loaders.person_roles(info).load((str(self.id), day))
        return [HeldRole.of(role, day) for role in held]


@strawberry.type(description="A person's employment at an account or a partner, over a period.")
class Employment:
    organization_id: strawberry.Private[str]
    organization_kind: OrganizationKind = strawberry.field(description="ACCOUNT or PARTNER.")
    title: str | None = strawberry.field(description="Title there.")
    department: str | None = strawberry.field(description="Department there.")
    start_date: date | None = strawberry.field(description="First day (null: not recorded).")
    end_date: date | None = strawberry.field(
        description="First day no longer there (null: still there)."
    )
    current: bool = strawberry.field(description="Holds on the person's day (asOf).")
    as_of: strawberry.Private[date]

    @classmethod
    def of(cls, employment: graph_people.Employment, as_of: date) -> Employment:
        """From the graph layer's value, judged on ``as_of``."""
        return cls(
            organization_id=employment.organization_id,
            organization_kind=employment.organization_kind,
            title=employment.title,
            department=employment.department,
            start_date=employment.start_date,
            end_date=employment.end_date,
            current=holds_on(employment.start_date, employment.end_date, as_of),
            as_of=as_of,
        )

    @strawberry.field(description="The account, seen on the same day (null at a partner).")
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.accounts")] | None:
        if self.organization_kind is not OrganizationKind.ACCOUNT:
            return None
        from schema.accounts.accounts import account_by_id

        return await account_by_id(info, self.organization_id, self.as_of)

    @strawberry.field(description="The partner (null at an account).")
    async def partner(
        self, info: Info
    ) -> Annotated[Partner, strawberry.lazy("schema.partners.directory")] | None:
        if self.organization_kind is not OrganizationKind.PARTNER:
            return None
        from schema.partners.directory import partner_by_id

        return await partner_by_id(info, self.organization_id)


async def person_by_id(info: Info, person_id: str | None, day: date) -> Person | None:
    """A person through the request's loader, or None for no id or an id the workspace lacks."""
    if person_id is None:
        return None
    found = await loaders.people(info).load(person_id)
    return None if found is None else Person.of(found, day)


@strawberry.type(description="A member of our own team.")
class Seller(Node):
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the seller.")
    name: str = strawberry.field(description="Full name.")
    email: str | None = strawberry.field(description="Work email.")
    title: str | None = strawberry.field(description="Job title.")
    role: SellerRole | None = strawberry.field(description="Their function on our team.")

    @classmethod
    def of(cls, seller: graph_sellers.Seller) -> Seller:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(seller.id),
            name=seller.name,
            email=seller.email,
            title=seller.title,
            role=seller.role,
        )


async def seller_by_id(info: Info, seller_id: str | None) -> Seller | None:
    """A seller through the request's loader, or None."""
    if seller_id is None:
        return None
    found = await loaders.sellers(info).load(seller_id)
    return None if found is None else Seller.of(found)


@strawberry.type(description="A deal at an account, with its BANT fields.")
class Opportunity(Node):
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the deal.")
    name: str = strawberry.field(description="Deal name.")
    stage: str | None = strawberry.field(description="Pipeline stage, as the CRM names it.")
    amount: float | None = strawberry.field(description="Amount, in `currency`.")
    currency: str | None = strawberry.field(description="ISO 4217 currency code.")
    close_date: date | None = strawberry.field(description="Expected or actual close date.")
    state: OpportunityState = strawberry.field(description="Open, won or lost.")
    budget: str | None = strawberry.field(description="BANT: can they fund it, and the ROI case.")
    authority: str | None = strawberry.field(description="BANT: who can buy, as the seller noted.")
    need: str | None = strawberry.field(description="BANT: the problem and why now.")
    timeline: str | None = strawberry.field(description="BANT: how soon.")
    account_id: strawberry.Private[str]
    owner_seller_id: strawberry.Private[str | None]
    person_ids: strawberry.Private[tuple[str, ...]]
    as_of: strawberry.Private[date]

    @classmethod
    def of(cls, deal: graph_opportunities.Opportunity, as_of: date | None = None) -> Opportunity:
        """From the graph layer's value; its account and people are seen on ``as_of`` (default
        today)."""
        return cls(
            id=strawberry.ID(deal.id),
            name=deal.name,
            stage=deal.stage,
            amount=deal.amount,
            currency=deal.currency,
            close_date=deal.close_date,
            state=deal.state,
            budget=deal.budget,
            authority=deal.authority,
            need=deal.need,
            timeline=deal.timeline,
            account_id=deal.account_id,
            owner_seller_id=deal.owner_seller_id,
            person_ids=deal.person_ids,
            as_of=as_of or date.today(),
        )

    @strawberry.field(description="The account the deal is with.")
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.accounts")] | None:
        from schema.accounts.accounts import account_by_id

        return await account_by_id(info, self.account_id, self.as_of)

    @strawberry.field(description="The seller who owns the deal.")
    async def owner(self, info: Info) -> Seller | None:
        return await seller_by_id(info, self.owner_seller_id)

    @strawberry.field(description="The people on the deal, by id.")
    async def people(self, info: Info) -> list[Person]:
        return await people_by_ids(info, self.person_ids, self.as_of)


async def people_by_ids(info: Info, person_ids: Sequence[str], day: date) -> list[Person]:
    """People through the request's loader, in the order given (ids the workspace lacks are
    left out)."""
    found = await loaders.people(info).load_many(list(person_ids))
    return [Person.of(p, day) for p in found if p is not None]


async def sellers_by_ids(info: Info, seller_ids: Sequence[str]) -> list[Seller]:
    """Sellers through the request's loader, in the order given (unknown ids left out)."""
    found = await loaders.sellers(info).load_many(list(seller_ids))
    return [Seller.of(s) for s in found if s is not None]


async def opportunity_by_id(info: Info, deal_id: str | None, day: date) -> Opportunity | None:
    """A deal through the request's loader, seen on ``day``; None for no id or an unknown one."""
    if deal_id is None:
        return None
    found = await loaders.opportunities(info).load(deal_id)
    return None if found is None else Opportunity.of(found, day)
