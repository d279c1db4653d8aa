"""Root query fields of the accounts domain: one account, person, deal or seller by id (null
when the workspace has none), and the account, people, deal and seller lists.

Merged into the schema's Query by ``schema.root``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.accounts import accounts as graph_accounts
from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.accounts import sellers as graph_sellers
from schema.accounts.accounts import Account, account_by_id, prefetch_account_map
from schema.accounts.arguments import AsOf, ItemId
from schema.accounts.lists import (
    AccountSortArgument,
    AccountWhere,
    OpportunitySortArgument,
    OpportunityWhere,
    PersonSortArgument,
    PersonWhere,
    SellerSortArgument,
    SellerWhere,
    sort_keys,
)
from schema.accounts.people import Opportunity, Person, Seller, person_by_id, seller_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read


async def resolve_account(info: Info, id: ItemId, as_of: AsOf = None) -> Account | None:
    """One account with its map, seen on `asOf` (default today); null when the workspace has
    no account with that id."""
    require_member_read(info)
    day = as_of or date.today()
    prefetch_account_map(info, str(id), day)
    return await account_by_id(info, str(id), day)


async def resolve_person(info: Info, id: ItemId, as_of: AsOf = None) -> Person | None:
    """One person, seen on `asOf` (default today); null when the workspace has none."""
    require_member_read(info)
    return await person_by_id(info, str(id), as_of or date.today())


async def resolve_opportunity(info: Info, id: ItemId) -> Opportunity | None:
    """One deal; null when the workspace has none with that id."""
    require_member_read(info)
    found = await loaders.opportunities(info).load(str(id))
    return None if found is None else Opportunity.of(found)


async def resolve_seller(info: Info, id: ItemId) -> Seller | None:
    """One member of our team; null when the workspace has none with that id."""
    require_member_read(info)
    return await seller_by_id(info, str(id))


async def resolve_accounts(
    info: Info,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[AccountWhere | None, strawberry.argument(description="Filters.")] = None,
    sort: AccountSortArgument = None,
) -> Connection[Account]:
    """The workspace's accounts, filtered and sorted, one page at a time."""
    workspace = require_member_read(info)
    day = as_of or date.today()
    query = graph_accounts.AccountQuery(
        where=(where or AccountWhere()).graph(),
        sort=sort_keys(sort, graph_accounts.AccountSortField),
        day=day,
        first=page_size(info, first),
        after=after,
    )
    page = await graph_accounts.list_accounts(info.context.graph, workspace, query)
    return connection_from_page(page, lambda a: Account.of(a, day))


async def resolve_people(
    info: Info,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[PersonWhere | None, strawberry.argument(description="Filters.")] = None,
    sort: PersonSortArgument = None,
) -> Connection[Person]:
    """People of the workspace, filtered and sorted, one page at a time."""
    workspace = require_member_read(info)
    day = as_of or date.today()
    query = graph_people.PersonQuery(
        where=(where or PersonWhere()).graph(),
        sort=sort_keys(sort, graph_people.PersonSortField),
        day=day,
        first=page_size(info, first),
        after=after,
    )
    page = await graph_people.list_people(info.context.graph, workspace, query)
    return connection_from_page(page, lambda p: Person.of(p, day))


async def resolve_opportunities(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[OpportunityWhere | None, strawberry.argument(description="Filters.")] = None,
    sort: OpportunitySortArgument = None,
) -> Connection[Opportunity]:
    """Deals of the workspace, filtered and sorted, one page at a time."""
    workspace = require_member_read(info)
    query = graph_opportunities.OpportunityQuery(
        where=(where or OpportunityWhere()).graph(),
        sort=sort_keys(sort, graph_opportunities.OpportunitySortField),
        first=page_size(info, first),
        after=after,
    )
    page = await graph_opportunities.list_opportunities(info.context.graph, workspace, query)
    return connection_from_page(page, Opportunity.of)


async def resolve_sellers(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[SellerWhere | None, strawberry.argument(description="Filters.")] = None,
    sort: SellerSortArgument = None,
) -> Connection[Seller]:
    """Our team, filtered and sorted, one page at a time."""
    workspace = require_member_read(info)
    query = graph_sellers.SellerQuery(
        role=(where or SellerWhere()).role,
        sort=sort_keys(sort, graph_sellers.SellerSortField),
        first=page_size(info, first),
        after=after,
    )
    page = await graph_sellers.list_sellers(info.context.graph, workspace, query)
    return connection_from_page(page, Seller.of)


@strawberry.type
class AccountsQuery:
    account: Account | None = strawberry.field(
        resolver=resolve_account,
        description="One account and its map, seen on `asOf` (default today): people "
        "(current and former) with titles, org tree, buying roles and stance, who on our team "
        "and at which partners knows them, deals, context, pain points and coverage. Null when "
        "the workspace has no account with that id.",
    )
    person: Person | None = strawberry.field(
        resolver=resolve_person, description="One person by id; null when there is none."
    )
    opportunity: Opportunity | None = strawberry.field(
        resolver=resolve_opportunity, description="One deal by id; null when there is none."
    )
    seller: Seller | None = strawberry.field(
        resolver=resolve_seller, description="One seller by id; null when there is none."
    )
    accounts: Connection[Account] = strawberry.field(
        resolver=resolve_accounts, description="Accounts, filtered and sorted, paginated."
    )
    people: Connection[Person] = strawberry.field(
        resolver=resolve_people, description="People, filtered and sorted, paginated."
    )
    opportunities: Connection[Opportunity] = strawberry.field(
        resolver=resolve_opportunities, description="Deals, filtered and sorted, paginated."
    )
    sellers: Connection[Seller] = strawberry.field(
        resolver=resolve_sellers, description="Our team, filtered and sorted, paginated."
    )
