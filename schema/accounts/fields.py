"""Root query fields of the accounts domain: accounts, people, deals and our team: the lists and the account map.

Merged into the schema's Query by ``schema.root``."""

from __future__ import annotations

import strawberry

from schema.accounts.accounts import (
    Account,
    AccountMap,
    resolve_account,
    resolve_accounts,
    resolve_opportunities,
    resolve_people,
    resolve_sellers,
)
from schema.accounts.people import Opportunity, Person, Seller
from schema.core.pagination import Connection


@strawberry.type
class AccountsQuery:
    account: AccountMap = strawberry.field(
        resolver=resolve_account,
        description="One account's map, today or as it stood on `asOf`: people (current and "
        "former) with titles, org tree, buying roles and stance, who on our team and at which "
        "partners knows them, open deals, context, pain points and coverage.",
    )
    accounts: Connection[Account] = strawberry.field(
        resolver=resolve_accounts, description="Accounts, filtered and sorted, paginated."
    )
    people: Connection[Person] = strawberry.field(
        resolver=resolve_people, description="People, filtered, paginated by name."
    )
    opportunities: Connection[Opportunity] = strawberry.field(
        resolver=resolve_opportunities, description="Deals, filtered, paginated by close date."
    )
    sellers: list[Seller] = strawberry.field(
        resolver=resolve_sellers, description="Our team: every seller of the workspace."
    )
