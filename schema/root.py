"""The schema object: the root types and the security extensions, with limits from settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

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
from schema.core.errors import CodedErrors
from schema.core.pagination import Connection
from schema.core.workspace import Viewer, resolve_viewer
from schema.ingest.mutations import Mutation
from schema.partners.overlap import (
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
from schema.reach.departures import DepartureKnockOn, resolve_departure_knock_on
from schema.reach.paths import WarmestPaths, resolve_warmest_paths
from schema.reach.risk import (
    AccountRisk,
    WhatIfLeaves,
    resolve_account_risk,
    resolve_portfolio_risk,
    resolve_what_if_leaves,
)
from schema.selling.fields import SellingMutation, SellingQuery


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

    warmest_paths: WarmestPaths = strawberry.field(
        resolver=resolve_warmest_paths,
        description="The warmest paths from our sellers (`from`, default all) to whoever holds "
        "`role` (default ECONOMIC_BUYER) at the account and works there (today or on `asOf`): "
        "warmth is the product of relationship strengths, ties go to fewer hops, within "
        "`maxHops` (default 4, at most 6); `k` alternatives with different first contacts. "
        "KNOWS and REPORTS_TO are walked both ways, INFLUENCES from influencer to influenced; "
        "people who left may introduce but are never targets; partner contacts only with "
        "`viaPartners`, named only at the CONTACTS sharing level; `avoid` keeps blockers and "
        "detractors off the path. No path is an answer with a `reason`, not an error.",
    )
    account_risk: AccountRisk = strawberry.field(
        resolver=resolve_account_risk,
        description="One account's single-threaded risk: the flags (each exact), a 0-100 score "
        "from their weights, the engaged contacts, and whom to engage next with the warmest "
        "path to each. Our own team only.",
    )
    portfolio_risk: Connection[AccountRisk] = strawberry.field(
        resolver=resolve_portfolio_risk,
        description="Customers and accounts with an open deal, riskiest first, filterable by "
        "seller, flag and minimum score, paginated.",
    )
    what_if_leaves: WhatIfLeaves = strawberry.field(
        resolver=resolve_what_if_leaves,
        description="An account's risk as if a person (or one of our sellers) left, computed "
        "without writing anything.",
    )
    departure_knock_on: DepartureKnockOn = strawberry.field(
        resolver=resolve_departure_knock_on,
        description="The knock-on of a person's departure (employment ended within "
        "`lookbackDays`, judged today or on `asOf`): the open deals at the accounts they left, "
        "which of them lost their only route to the economic buyer (a route within `maxHops` "
        "with them on the map, none without them) and the new route where one exists, and the "
        "accounts they work at now as warm openings with the warmest path to the economic "
        "buyer through them. Computed, never written. Our own team only.",
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
        query=merge_types("Query", (Query, SellingQuery)),
        mutation=merge_types("Mutation", (Mutation, SellingMutation)),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            CodedErrors,
        ],
    )
