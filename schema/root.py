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
from schema.overlap import (
    BestPartnerRoute,
    PartnerOverlap,
    PartnerProgram,
    SharedAccount,
    WarmIntroduction,
    resolve_best_partner_for_account,
    resolve_partner_overlap,
    resolve_partner_program,
    resolve_shared_accounts,
    resolve_warm_introductions,
)
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
    partner_overlap: PartnerOverlap = strawberry.field(
        resolver=resolve_partner_overlap,
        description="A partner's overlap with our accounts: the matrix of counts (our status by "
        "the partner's), the overlapping accounts of one `cell` with both statuses and the people "
        "only the partner knows there, and how each shared record matched (by normalized domain, "
        "else by normalized name; ambiguous and unmatched records listed, never guessed). "
        "Partner credentials see what their sharing level allows.",
    )
    warm_introductions: Connection[WarmIntroduction] = strawberry.field(
        resolver=resolve_warm_introductions,
        description="Accounts that are our prospect, target or open deal and the partner's "
        "customer, ranked by how well the partner's contacts know the economic buyer or decision "
        "makers there (no known route last).",
    )
    best_partner_for_account: BestPartnerRoute = strawberry.field(
        resolver=resolve_best_partner_for_account,
        description="Which partner's contacts know the account's economic buyer best, against "
        "our own sellers' direct relationships. Our own team only.",
    )
    shared_accounts: Connection[SharedAccount] = strawberry.field(
        resolver=resolve_shared_accounts,
        description="Accounts we share with every partner in `partnerIds`, with all statuses: the "
        "co-marketing list (for a joint event, about 3x the seats).",
    )
    partner_program: PartnerProgram = strawberry.field(
        resolver=resolve_partner_program,
        description="Program figures over a partner's overlap: the share of accounts that "
        "reached pipeline and the share closed won.",
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
