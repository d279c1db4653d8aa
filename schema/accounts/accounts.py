"""Accounts, the account map, and the account, people and deal lists."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from graph.accounts import account_map as graph_map
from graph.accounts import accounts as graph_accounts
from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.core.errors import NotFound
from schema.accounts.people import Opportunity, Person, Seller
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import AccountStatus, OpportunityState, Stance
from schema.core.pagination import Connection, connection_from_page
from schema.core.permissions import page_size, require_member_read


@strawberry.type(description="A target company or customer.")
class Account:
    id: strawberry.ID
    name: str
    domain: str | None = strawberry.field(description="Normalized: lowercase host, no www.")
    industry: str | None
    employees: int | None
    annual_revenue: float | None
    country: str | None
    region: str | None
    technologies: list[str] = strawberry.field(description="Technologies the account uses.")
    competitor_products: list[str] = strawberry.field(description="Competitor products in use.")
    tier: str | None
    status: AccountStatus = strawberry.field(description="Our relationship with the account.")
    owner_seller_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, account: graph_accounts.Account) -> Account:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(account.id),
            name=account.name,
            domain=account.domain,
            industry=account.industry,
            employees=account.employees,
            annual_revenue=account.annual_revenue,
            country=account.country,
            region=account.region,
            technologies=list(account.technologies),
            competitor_products=list(account.competitor_products),
            tier=account.tier,
            status=account.status,
            owner_seller_id=account.owner_seller_id,
        )

    @strawberry.field(description="The seller who owns the account.")
    async def owner(self, info: Info) -> Seller | None:
        if self.owner_seller_id is None:
            return None
        seller = await loaders.sellers(info).load(self.owner_seller_id)
        return None if seller is None else Seller.of(seller)

    @strawberry.field(description="People employed here now, by name (at most `first`).")
    async def people(self, info: Info, first: int = 20) -> list[Person]:
        found = await loaders.current_people(info).load((str(self.id), page_size(info, first)))
        return [Person.of(p) for p in found]

    @strawberry.field(description="Open deals at the account.")
    async def open_opportunities(self, info: Info) -> list[Opportunity]:
        return [Opportunity.of(o) for o in await loaders.open_deals(info).load(str(self.id))]


@strawberry.type(description="A buying role a person holds at the account.")
class HeldRole:
    role: str = strawberry.field(description="A BuyingRole value or a workspace custom role.")
    stance: Stance
    opportunity_id: str | None = strawberry.field(description="Set when held for one deal.")
    from_date: date | None
    to_date: date | None


@strawberry.type(description="One of our sellers, or a partner's contact, who knows a person.")
class Acquaintance:
    id: strawberry.ID
    name: str
    kind: str = strawberry.field(description="SELLER or PARTNER_CONTACT.")
    partner_id: str | None
    partner_name: str | None
    strength: float = strawberry.field(description="How well they know each other, in (0, 1].")
    last_interaction_at: str | None


@strawberry.type(description="A person on an account map, with their employment there.")
class MappedPerson:
    person: Person
    title: str | None = strawberry.field(description="Title at this account.")
    department: str | None = strawberry.field(description="Department at this account.")
    start_date: date | None
    end_date: date | None = strawberry.field(description="Set for people who have left.")
    current: bool = strawberry.field(description="Employed here on the map's date.")
    manager_id: str | None = strawberry.field(description="Whom they report to (the org tree).")
    roles: list[HeldRole]
    known_by: list[Acquaintance] = strawberry.field(description="Warmest first.")


@strawberry.type(description="A goal, plan, challenge, stake or milestone of the account.")
class ContextEntry:
    id: strawberry.ID
    kind: str
    text: str
    horizon: str | None
    due_date: date | None


@strawberry.type(description="A pain point of the account or one of its people.")
class PainPoint:
    id: strawberry.ID
    text: str
    severity: int | None
    person_id: str | None = strawberry.field(description="Null when it is the account's.")


@strawberry.type(description="How much of the buying committee the map holds.")
class Coverage:
    stakeholders_mapped: int = strawberry.field(description="People employed here on the date.")
    typical_committee_size: float = strawberry.field(description="About 6.8 people sign off.")
    roles_covered: list[str]
    roles_missing: list[str] = strawberry.field(description="Standard roles nobody holds.")


@strawberry.type(description="One account's map: people, org tree, roles, who knows them.")
class AccountMap:
    account: Account
    as_of: date = strawberry.field(description="The day the map shows.")
    owner: Seller | None
    current_people: list[MappedPerson]
    former_people: list[MappedPerson] = strawberry.field(description="Left before the date.")
    open_opportunities: list[Opportunity]
    context: list[ContextEntry]
    pain_points: list[PainPoint]
    coverage: Coverage


def _mapped(person: graph_map.MappedPerson) -> MappedPerson:
    return MappedPerson(
        person=Person.of(person.person),
        title=person.title,
        department=person.department,
        start_date=person.start_date,
        end_date=person.end_date,
        current=person.current,
        manager_id=person.manager_id,
        roles=[
            HeldRole(
                role=r.role,
                stance=Stance(r.stance),
                opportunity_id=r.opportunity_id,
                from_date=r.from_date,
                to_date=r.to_date,
            )
            for r in person.roles
        ],
        known_by=[
            Acquaintance(
                id=strawberry.ID(a.id),
                name=a.name,
                kind=a.kind,
                partner_id=a.partner_id,
                partner_name=a.partner_name,
                strength=a.strength,
                last_interaction_at=a.last_interaction_at,
            )
            for a in person.known_by
        ],
    )


async def resolve_account(
    info: Info,
    id: strawberry.ID,
    as_of: date | None = None,
) -> AccountMap:
    """The account's map today, or as it stood on `asOf`."""
    workspace = require_member_read(info)
    found = await graph_map.find_account_map(info.context.graph, workspace, str(id), as_of)
    if found is None:
        raise NotFound(f"No account with id {str(id)!r} in this workspace.")
    return AccountMap(
        account=Account.of(found.account),
        as_of=found.as_of,
        owner=None if found.owner is None else Seller.of(found.owner),
        current_people=[_mapped(p) for p in found.current_people],
        former_people=[_mapped(p) for p in found.former_people],
        open_opportunities=[Opportunity.of(o) for o in found.open_opportunities],
        context=[
            ContextEntry(
                id=strawberry.ID(c.id),
                kind=c.kind,
                text=c.text,
                horizon=c.horizon,
                due_date=c.due_date,
            )
            for c in found.context
        ],
        pain_points=[
            PainPoint(
                id=strawberry.ID(p.id), text=p.text, severity=p.severity, person_id=p.person_id
            )
            for p in found.pain_points
        ],
        coverage=Coverage(
            stakeholders_mapped=found.coverage.stakeholders_mapped,
            typical_committee_size=found.coverage.typical_committee_size,
            roles_covered=list(found.coverage.roles_covered),
            roles_missing=list(found.coverage.roles_missing),
        ),
    )


@strawberry.enum(description="Sort keys of the account list.")
class AccountSortField(Enum):
    NAME = "name"
    EMPLOYEES = "employees"
    ANNUAL_REVENUE = "annualRevenue"
    TIER = "tier"


@strawberry.input(description="Filters of the account list; omitted fields match anything.")
class AccountFilterInput:
    industry: str | None = None
    region: str | None = None
    country: str | None = None
    tier: str | None = None
    status: AccountStatus | None = None
    owner_seller_id: str | None = None
    role: str | None = strawberry.field(
        default=None, description="Only accounts where someone currently holds this buying role."
    )


async def resolve_accounts(
    info: Info,
    first: int = 20,
    after: str | None = None,
    filter: AccountFilterInput | None = None,
    sort: AccountSortField = AccountSortField.NAME,
    descending: bool = False,
    as_of: date | None = None,
) -> Connection[Account]:
    """The workspace's accounts, filtered and sorted, one page at a time."""
    workspace = require_member_read(info)
    f = filter or AccountFilterInput()
    page = await graph_accounts.list_accounts(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        account_filter=graph_accounts.AccountFilter(
            industry=f.industry,
            region=f.region,
            country=f.country,
            tier=f.tier,
            status=f.status,
            owner_seller_id=f.owner_seller_id,
            role=f.role,
        ),
        sort=graph_accounts.AccountSort(sort.value),
        descending=descending,
        as_of=as_of or date.today(),
    )
    return connection_from_page(page, Account.of)


@strawberry.input(description="Filters of the people list; omitted fields match anything.")
class PersonFilterInput:
    account_id: str | None = strawberry.field(default=None, description="Employed at this account.")
    department: str | None = None
    seniority: str | None = None
    role: str | None = strawberry.field(default=None, description="Currently holds this role.")
    include_former: bool = strawberry.field(
        default=False, description="With accountId: also people who have left it."
    )


async def resolve_people(
    info: Info,
    first: int = 20,
    after: str | None = None,
    filter: PersonFilterInput | None = None,
    as_of: date | None = None,
) -> Connection[Person]:
    """People of the workspace by name, one page at a time."""
    workspace = require_member_read(info)
    f = filter or PersonFilterInput()
    page = await graph_people.list_people(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        person_filter=graph_people.PersonFilter(
            account_id=f.account_id,
            department=f.department,
            seniority=f.seniority,
            role=f.role,
            include_former=f.include_former,
        ),
        as_of=as_of or date.today(),
    )
    return connection_from_page(page, Person.of)


@strawberry.input(description="Filters of the deal list; omitted fields match anything.")
class OpportunityFilterInput:
    account_id: str | None = None
    state: OpportunityState | None = None
    stage: str | None = None
    owner_seller_id: str | None = None


async def resolve_opportunities(
    info: Info,
    first: int = 20,
    after: str | None = None,
    filter: OpportunityFilterInput | None = None,
) -> Connection[Opportunity]:
    """Deals of the workspace by close date, one page at a time."""
    workspace = require_member_read(info)
    f = filter or OpportunityFilterInput()
    page = await graph_opportunities.list_opportunities(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        opportunity_filter=graph_opportunities.OpportunityFilter(
            account_id=f.account_id,
            state=f.state,
            stage=f.stage,
            owner_seller_id=f.owner_seller_id,
        ),
    )
    return connection_from_page(page, Opportunity.of)


async def resolve_sellers(info: Info) -> list[Seller]:
    """Our team: every seller of the workspace."""
    workspace = require_member_read(info)
    return [Seller.of(s) for s in await graph_people.list_sellers(info.context.graph, workspace)]
