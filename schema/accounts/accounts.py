"""The account as a GraphQL object: its stored fields, and its map as traversal fields (people,
deals, owner, context, pain points, coverage, risk, warmest paths, score), each resolved through
a per-request DataLoader. The reach and selling types are lazy references and their resolvers
imported in the field: those packages import this one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.accounts import account_map as graph_map
from graph.accounts import accounts as graph_accounts
from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.core.pagination import paginate
from schema.accounts.account_map import ContextEntry, Coverage, MappedPerson, PainPoint
from schema.accounts.arguments import AsOf
from schema.accounts.lists import (
    AccountOpportunityWhere,
    AccountPersonWhere,
    OpportunitySortArgument,
    PersonSortArgument,
    sort_keys,
)
from schema.accounts.people import Opportunity, Seller, seller_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.cost import COST, RISK, SEARCH
from schema.core.enums import AccountStatus
from schema.core.node import Node
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size
from schema.core.selection import child_fields, names_in, names_selected_below
from schema.reach.arguments import (
    DEFAULT_ROLE,
    Alternatives,
    Avoid,
    FromSellers,
    MaxHops,
    PathsAsOf,
    RiskAsOf,
    RiskOptions,
    Role,
    ViaPartners,
    path_search,
)
from schema.selling.arguments import ModelVersion

if TYPE_CHECKING:
    from schema.reach.paths import WarmestPaths
    from schema.reach.risk import AccountRisk
    from schema.selling.scoring import AccountScore


@strawberry.type(description="A target company or customer, with its map.")
class Account(Node):
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the account.")
    name: str = strawberry.field(description="Company name.")
    domain: str | None = strawberry.field(description="Normalized: lowercase host, no www.")
    industry: str | None = strawberry.field(description="Industry.")
    employees: int | None = strawberry.field(description="Headcount.")
    annual_revenue: float | None = strawberry.field(description="Annual revenue.")
    country: str | None = strawberry.field(description="Country.")
    region: str | None = strawberry.field(description="Region or territory.")
    technologies: list[str] = strawberry.field(description="Technologies the account uses.")
    competitor_products: list[str] = strawberry.field(description="Competitor products in use.")
    tier: str | None = strawberry.field(description="Tier from the scoring model, as stored.")
    status: AccountStatus = strawberry.field(description="Our relationship with the account.")
    as_of: date = strawberry.field(
        description="The day `people`, `coverage`, `risk` and `warmestPaths` answer for unless "
        "given asOf."
    )
    owner_seller_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, account: graph_accounts.Account, as_of: date | None = None) -> Account:
        """From the graph layer's value, seen on ``as_of`` (default today)."""
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
            as_of=as_of or date.today(),
            owner_seller_id=account.owner_seller_id,
        )

    @strawberry.field(description="The seller who owns the account.")
    async def owner(self, info: Info) -> Seller | None:
        return await seller_by_id(info, self.owner_seller_id)

    @strawberry.field(
        description="People on the map on the day: by default those employed here then (with "
        "title, department, manager, buying roles held here and who knows them); "
        "`where: {current: false}` for those who had left by then."
    )
    async def people(
        self,
        info: Info,
        as_of: AsOf = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        where: Annotated[
            AccountPersonWhere | None,
            strawberry.argument(description="Filters; default: employed here on the day."),
        ] = None,
        sort: PersonSortArgument = None,
    ) -> Connection[MappedPerson]:
        day = as_of or self.as_of
        query = _people_query(
            day, page_size(info, first), after, where, sort, names_selected_below(info)
        )
        page = await loaders.account_people(info).load((str(self.id), query))
        return connection_from_page(page, lambda p: MappedPerson.of(p, day))

    @strawberry.field(description="Deals with the account (all states unless filtered).")
    async def opportunities(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        where: Annotated[
            AccountOpportunityWhere | None, strawberry.argument(description="Filters.")
        ] = None,
        sort: OpportunitySortArgument = None,
    ) -> Connection[Opportunity]:
        query = graph_opportunities.OpportunityQuery(
            where=(where or AccountOpportunityWhere()).graph(),
            sort=sort_keys(sort, graph_opportunities.OpportunitySortField),
            first=page_size(info, first),
            after=after,
        )
        page = await loaders.account_opportunities(info).load((str(self.id), query))
        return connection_from_page(page, lambda o: Opportunity.of(o, self.as_of))

    @strawberry.field(
        description="Goals, plans, challenges, stakes and milestones, by kind and due date "
        "(as stored now: context keeps no history)."
    )
    async def context(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> Connection[ContextEntry]:
        items = await loaders.account_context(info).load((str(self.id), None))
        page = paginate(
            items,
            first=page_size(info, first),
            after=after,
            sort_key="context",
            position=lambda c: (c.kind.value, c.due_date.isoformat() if c.due_date else "~", c.id),
        )
        return connection_from_page(page, ContextEntry.of)

    @strawberry.field(
        description="Pain points of the account and of anyone employed here, ever, by id."
    )
    async def pain_points(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> Connection[PainPoint]:
        items = await loaders.account_pain_points(info).load((str(self.id), None))
        page = paginate(
            items,
            first=page_size(info, first),
            after=after,
            sort_key="painPoints",
            position=lambda p: (p.id,),
        )
        return connection_from_page(page, lambda p: PainPoint.of(p, self.as_of))

    @strawberry.field(
        metadata={COST: RISK},
        description="The account's single-threaded risk on the day (as `accountRisk`): flags, "
        "score, engaged contacts and whom to engage next. Our own team only; null with the error "
        "for invalid options.",
    )
    async def risk(
        self, info: Info, options: RiskOptions = None, as_of: RiskAsOf = None
    ) -> Annotated[AccountRisk, strawberry.lazy("schema.reach.risk")] | None:
        from schema.reach.risk import risk_of

        return await risk_of(info, str(self.id), options, as_of or self.as_of)

    @strawberry.field(
        metadata={COST: SEARCH},
        description="The warmest paths from our sellers to whoever holds `role` here (as "
        "`warmestPaths`, with the same partner boundary), on the day; null with the error for "
        "invalid arguments.",
    )
    async def warmest_paths(
        self,
        info: Info,
        role: Role = DEFAULT_ROLE,
        from_: FromSellers = None,
        via_partners: ViaPartners = False,
        avoid: Avoid = False,
        max_hops: MaxHops = 4,
        k: Alternatives = 1,
        as_of: PathsAsOf = None,
    ) -> Annotated[WarmestPaths, strawberry.lazy("schema.reach.paths")] | None:
        from schema.reach.paths import warmest_paths_of

        search = path_search(role, from_, via_partners, avoid, max_hops, k, as_of or self.as_of)
        return await warmest_paths_of(info, str(self.id), search)

    @strawberry.field(
        description="The account's fit with the ideal customer profile (as `accountScore`), "
        "under the latest scoring model or `modelVersion` (null with NOT_FOUND for a version "
        "that does not exist)."
    )
    async def score(
        self, info: Info, model_version: ModelVersion = None
    ) -> Annotated[AccountScore, strawberry.lazy("schema.selling.scoring")] | None:
        from schema.selling.scoring import score_of

        return await score_of(info, str(self.id), model_version)

    @strawberry.field(description="How much of the buying committee the map holds on the day.")
    async def coverage(self, info: Info, as_of: AsOf = None) -> Coverage:
        found = await loaders.coverage(info).load((str(self.id), as_of or self.as_of))
        return Coverage.of(
            found or graph_map.Coverage(0, 0, graph_map.TYPICAL_BUYING_COMMITTEE, (), ())
        )


def _people_query(
    day: date,
    first: int,
    after: str | None,
    where: AccountPersonWhere | None,
    sort: PersonSortArgument,
    selected: frozenset[str],
) -> graph_map.AccountPeopleQuery:
    """The graph layer's question for ``Account.people`` (the loader's key)."""
    w = where or AccountPersonWhere()
    return graph_map.AccountPeopleQuery(
        day=day,
        where=graph_map.AccountPersonWhere(
            current=w.current, department=w.department, seniority=w.seniority, role=w.role
        ),
        sort=sort_keys(sort, graph_people.PersonSortField),
        first=first,
        after=after,
        parts=_mapped_parts(selected),
    )


def prefetch_account_map(info: Info, account_id: str, day: date) -> None:
    """Start loading the account's ``people`` and ``coverage`` beside the account itself when
    the request asks for them without arguments other than a valid ``first``: their statements
    go out together with the account's, one round to Neo4j instead of two. The fields then find
    them in their loaders under the same keys (any other shape loads as before)."""
    for child in child_fields(info):
        if child.name == "coverage" and not child.arguments:
            loaders.coverage(info).load((account_id, day))
        elif child.name == "people" and set(child.arguments) <= {"first"}:
            first = child.arguments.get("first", DEFAULT_PAGE_SIZE)
            if isinstance(first, int) and 1 <= first <= info.context.limits.max_page_size:
                query = _people_query(day, first, None, None, None, names_in(child.selections))
                loaders.account_people(info).load((account_id, query))


def _mapped_parts(selected: frozenset[str]) -> graph_map.MappedParts:
    """Read roles and acquaintances (and their last interaction) only when the request shows
    them."""
    return graph_map.MappedParts(
        roles="roles" in selected,
        known_by="knownBy" in selected,
        last_interaction="lastInteractionAt" in selected,
    )


async def account_by_id(info: Info, account_id: str | None, day: date) -> Account | None:
    """An account through the request's loader, or None for no id or an id the workspace lacks."""
    if account_id is None:
        return None
    found = await loaders.accounts(info).load(account_id)
    return None if found is None else Account.of(found, day)
