"""Root query fields of the reach domain: reach into an account: warmest paths, single-threaded risk, what-if and departure knock-on.

Merged into the schema's Query by ``schema.root``."""

from __future__ import annotations

import strawberry

from schema.core.cost import COST, RISK, RISK_SCAN, SEARCH, FieldCost
from schema.core.pagination import Connection
from schema.reach.departures import DepartureKnockOn, resolve_departure_knock_on
from schema.reach.paths import WarmestPaths, resolve_warmest_paths
from schema.reach.risk import (
    AccountRisk,
    WhatIfLeaves,
    resolve_account_risk,
    resolve_portfolio_risk,
    resolve_what_if_leaves,
)


@strawberry.type
class ReachQuery:
    warmest_paths: WarmestPaths | None = strawberry.field(
        metadata={COST: SEARCH},
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
    account_risk: AccountRisk | None = strawberry.field(
        metadata={COST: RISK},
        resolver=resolve_account_risk,
        description="One account's single-threaded risk: the flags (each exact), a 0-100 score "
        "from their weights, the engaged contacts, and whom to engage next with the warmest "
        "path to each. Our own team only.",
    )
    portfolio_risk: Connection[AccountRisk] = strawberry.field(
        metadata={COST: RISK_SCAN},
        resolver=resolve_portfolio_risk,
        description="Customers and accounts with an open deal, riskiest first (then by id), "
        "filtered by `where` (seller, flag, minimum score), paginated.",
    )
    what_if_leaves: WhatIfLeaves | None = strawberry.field(
        metadata={COST: RISK},
        resolver=resolve_what_if_leaves,
        description="An account's risk as if a person (or one of our sellers) left, computed "
        "without writing anything.",
    )
    departure_knock_on: DepartureKnockOn | None = strawberry.field(
        metadata={COST: FieldCost(base=200, hops="searchHops")},
        resolver=resolve_departure_knock_on,
        description="The knock-on of a person's departure (employment ended within "
        "`lookbackDays`, judged today or on `asOf`): the open deals at the accounts they left, "
        "which of them lost their only route to the economic buyer (a route within `maxHops` "
        "with them on the map, none without them) and the new route where one exists, and the "
        "accounts they work at now as warm openings with the warmest path to the economic "
        "buyer through them. Computed, never written. Our own team only.",
    )
