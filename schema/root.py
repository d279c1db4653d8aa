"""The schema object: the root types and the security extensions, with limits from settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from schema.accounts import (
    Account,
    AccountMap,
    resolve_account,
    resolve_accounts,
    resolve_opportunities,
    resolve_people,
    resolve_sellers,
)
from schema.errors import CodedErrors
from schema.mutations import Mutation
from schema.pagination import Connection
from schema.people import Opportunity, Person, Seller
from schema.workspace import Viewer, resolve_viewer


@strawberry.type
class Query:
    viewer: Viewer = strawberry.field(
        resolver=resolve_viewer, description="The authenticated caller and their workspace."
    )
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


@dataclass(frozen=True)
class SchemaLimits:
    """Limits applied before a query runs."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema with depth, alias and token limiters and error masking on."""
    limits = limits or SchemaLimits()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            CodedErrors,
        ],
    )
