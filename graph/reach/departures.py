"""Departure knock-on: what a person's leaving did to our deals, and the opening it made.

For a person whose employment at an account ended within ``lookback_days`` (and who is not
employed there again on the day):

- Each open deal at an account they left, and whether it *lost its only route* to the economic
  buyer: with them on the map our team reaches one of the account's economic buyers within
  ``max_hops`` (the single-point-of-failure bound of ``graph.reach.risk``), and without them it does
  not. People who left stay on the map as intermediates (they still know people), so the route
  through them is still there; it now rests on someone outside the account. The *new route* is
  the warmest path without them within ``search_hops``, where one exists.
- Each account they work at now (a current ``EMPLOYED_AT`` elsewhere): a warm opening, with the
  warmest path to its economic buyer *through them*: our warmest path to them, then their
  warmest path onward to the economic buyer (each within ``search_hops``; nothing onward when
  they are the economic buyer there).

"Without them" is the what-if machinery of ``graph.reach.risk``: the person is blocked from the walk
(never expanded, never a predecessor); nothing is written. Paths are walked as in
``graph.reach.paths`` (default rules: no partner contacts, no avoidance) from every seller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.dates import check_day_count, days_before, to_date
from graph.core.errors import NotFound
from graph.core.model import BuyingRole, OpportunityState
from graph.core.temporal import employed_on, ended_between, last_day_of, role_held_on
from graph.reach.departure_routes import path_through, routes_with_and_without
from graph.reach.describe import WarmPath, build_path, describe_nodes
from graph.reach.paths import PathReason, check_hops, load_sellers
from graph.reach.search import FoundPath
from graph.reach.walks import DEFAULT_REPORTS_TO_STRENGTH, WalkRules


class KnockOnReason(StrEnum):
    """Why a knock-on answer is empty."""

    NOT_A_RECENT_LEAVER = "NOT_A_RECENT_LEAVER"


@dataclass(frozen=True)
class DepartureSettings:
    """How far back a departure counts, what counts as a route, and how far to look."""

    lookback_days: int = 180
    max_hops: int = 3
    search_hops: int = 4
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH

    def check(self) -> None:
        """``InvalidInput`` naming the GraphQL argument unless the hop bounds are in 1..6 and
        the lookback is not negative."""
        check_hops(self.max_hops, "maxHops")
        check_hops(self.search_hops, "searchHops")
        check_day_count(self.lookback_days, "lookbackDays")


@dataclass(frozen=True)
class AccountLeft:
    """An account the person left within the lookback."""

    account_id: str
    account_name: str | None
    left_on: date
    roles: tuple[str, ...]
    """Buying roles they held there when they left."""


@dataclass(frozen=True)
class KnockOnDeal:
    """An open deal at an account they left, and what their leaving did to its route."""

    opportunity_id: str
    name: str | None
    stage: str | None
    amount: float | None
    currency: str | None
    close_date: date | None
    account_id: str
    account_name: str | None
    economic_buyer_ids: tuple[str, ...]
    route_with_them: WarmPath | None
    """The warmest route within ``max_hops`` with them on the map (through them or not)."""
    lost_only_route: bool
    """A route within ``max_hops`` exists with them on the map and none without them."""
    new_route: WarmPath | None
    """The warmest path without them within ``search_hops``, where one exists."""
    reason: PathReason | None
    """Why there is no route at all (no economic buyer mapped, none within the bounds)."""


@dataclass(frozen=True)
class WarmOpening:
    """An account they work at now: a warm way in to its economic buyer, through them."""

    account_id: str
    account_name: str | None
    status: str | None
    title: str | None
    started_on: date | None
    economic_buyer_ids: tuple[str, ...]
    path: WarmPath | None
    reason: PathReason | None


@dataclass(frozen=True)
class DepartureKnockOn:
    """The knock-on of one person's departure, judged on ``as_of``."""

    person_id: str
    person_name: str | None
    as_of: date
    left: tuple[AccountLeft, ...]
    deals: tuple[KnockOnDeal, ...]
    openings: tuple[WarmOpening, ...]
    reason: KnockOnReason | None

    @property
    def stranded_deals(self) -> tuple[KnockOnDeal, ...]:
        """The deals that lost their only route to the economic buyer."""
        return tuple(d for d in self.deals if d.lost_only_route)


# The person, the accounts they left within the lookback (with the roles held when they left
# and the open deals there), and the accounts they work at on the day.
_LEAVER: LiteralString = (
    """
MATCH (p:Person {workspace: $workspace, id: $personId})
RETURN elementId(p) AS node, p.id AS id, p.name AS name,
  COLLECT {
    MATCH (p)-[e:EMPLOYED_AT]->(a:Account)
    WHERE a.workspace = $workspace AND """
    + ended_between("e", "$lookbackStart")
    + """
      AND NOT EXISTS { MATCH (p)-[c:EMPLOYED_AT]->(a) WHERE """
    + employed_on("c")
    + """ }
    RETURN {id: a.id, name: a.name, left: e.endDate,
      roles: [(p)-[h:HOLDS_ROLE]->(a) WHERE """
    + role_held_on("h", last_day_of("e"))
    + """ | h.role],
      deals: [(a)<-[:FOR_ACCOUNT]-(o:Opportunity)
        WHERE o.workspace = $workspace AND o.state = $open
        | {id: o.id, name: o.name, stage: o.stage, amount: o.amount, currency: o.currency,
           closeDate: o.closeDate}]}
  } AS left,
  COLLECT {
    MATCH (p)-[e:EMPLOYED_AT]->(a:Account)
    WHERE a.workspace = $workspace AND """
    + employed_on("e")
    + """
    RETURN {id: a.id, name: a.name, status: a.status, title: e.title, started: e.startDate}
  } AS joined
"""
)

# The economic buyers of each account on the day: holding the role and employed there.
_ECONOMIC_BUYERS: LiteralString = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})<-[h:HOLDS_ROLE]-(p:Person)
WHERE h.role = $role AND p.workspace = $workspace AND """
    + role_held_on("h")
    + """
  AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ }
RETURN accountId, elementId(p) AS node, p.id AS id
ORDER BY accountId, id
"""
)


def _no_path_reason(
    has_buyers: bool, has_sellers: bool, found: FoundPath | None
) -> PathReason | None:
    """Why there is no path: no economic buyer, no seller, or none within the bounds."""
    if found is not None:
        return None
    if not has_buyers:
        return PathReason.NO_ROLE_HOLDER_MAPPED
    if not has_sellers:
        return PathReason.NO_SELLERS
    return PathReason.NO_PATH_WITHIN_MAX_HOPS


def _amount(value: Any) -> float | None:
    return None if value is None else float(value)


async def find_departure_knock_on(
    client: GraphClient,
    workspace: str,
    person_id: str,
    settings: DepartureSettings | None = None,
    as_of: date | None = None,
) -> DepartureKnockOn:
    """The knock-on of a person's departure on ``as_of`` (default today): the open deals at the
    accounts they left within the lookback and whether each lost its only route to the economic
    buyer (with a new route where one exists), and the accounts they work at now as warm
    openings through them. ``NotFound`` for an unknown person; ``InvalidInput`` for bad settings.
    Nothing is written."""
    chosen = settings or DepartureSettings()
    chosen.check()
    day = as_of or date.today()
    rules = WalkRules(day=day, reports_to_strength=chosen.reports_to_strength)

    async def work(tx: AsyncManagedTransaction) -> DepartureKnockOn:
        rows = await fetch_all(
            tx,
            _LEAVER,
            {
                "workspace": workspace,
                "personId": person_id,
                "day": day,
                "lookbackStart": days_before(day, chosen.lookback_days),
                "open": OpportunityState.OPEN.value,
            },
        )
        if not rows:
            raise NotFound.of("Person", person_id, argument="personId")
        row = rows[0]
        leaver, name = str(row["node"]), row["name"]
        left = _accounts_left(row["left"])
        if not left:
            return DepartureKnockOn(
                person_id, name, day, (), (), (), KnockOnReason.NOT_A_RECENT_LEAVER
            )
        joined = sorted(row["joined"], key=lambda j: str(j["id"]))
        account_ids = sorted({a.account_id for a in left} | {str(j["id"]) for j in joined})
        buyers = await _economic_buyers(tx, workspace, account_ids, day)
        sellers = await load_sellers(tx, workspace, None)
        routes = await routes_with_and_without(
            tx,
            workspace,
            rules,
            leaver,
            sellers,
            {a.account_id: buyers.get(a.account_id, {}) for a in left},
            chosen,
        )
        openings: list[tuple[dict[str, Any], dict[str, str], FoundPath | None]] = []
        for job in joined:
            holders = buyers.get(str(job["id"]), {})
            found = None
            if holders and sellers:
                found = await path_through(
                    tx,
                    workspace,
                    rules,
                    leaver,
                    person_id,
                    sellers,
                    holders,
                    chosen.search_hops,
                )
            openings.append((job, holders, found))
        found_paths = [p for r in routes.values() for p in (r.with_them, r.new_route) if p]
        found_paths += [p for _, _, p in openings if p]
        described = await describe_nodes(
            tx, workspace, {n for p in found_paths for n in p.nodes}, day
        )

        def warm(path: FoundPath | None) -> WarmPath | None:
            return None if path is None else build_path(path, described)

        deals = []
        for account in left:
            route = routes[account.account_id]
            lost = route.with_them is not None and route.without_them is None
            reason = _no_path_reason(
                bool(route.buyers), bool(sellers), route.with_them or route.new_route
            )
            for deal in account.deals:
                deals.append(
                    KnockOnDeal(
                        opportunity_id=str(deal["id"]),
                        name=deal["name"],
                        stage=deal["stage"],
                        amount=_amount(deal["amount"]),
                        currency=deal["currency"],
                        close_date=to_date(deal["closeDate"]),
                        account_id=account.account_id,
                        account_name=account.account_name,
                        economic_buyer_ids=route.buyers,
                        route_with_them=warm(route.with_them),
                        lost_only_route=lost,
                        new_route=warm(route.new_route),
                        reason=reason,
                    )
                )
        deals.sort(key=lambda d: (not d.lost_only_route, d.account_id, d.opportunity_id))
        return DepartureKnockOn(
            person_id=person_id,
            person_name=name,
            as_of=day,
            left=tuple(a.public for a in left),
            deals=tuple(deals),
            openings=tuple(
                WarmOpening(
                    account_id=str(job["id"]),
                    account_name=job["name"],
                    status=job["status"],
                    title=job["title"],
                    started_on=to_date(job["started"]),
                    economic_buyer_ids=tuple(sorted(holders.values())),
                    path=warm(found),
                    reason=_no_path_reason(bool(holders), bool(sellers), found),
                )
                for job, holders, found in openings
            ),
            reason=None,
        )

    return await client.read(work)


@dataclass(frozen=True)
class _Left:
    public: AccountLeft
    deals: tuple[dict[str, Any], ...]

    @property
    def account_id(self) -> str:
        return self.public.account_id

    @property
    def account_name(self) -> str | None:
        return self.public.account_name


def _accounts_left(rows: list[dict[str, Any]]) -> list[_Left]:
    """One entry per account left (the latest end when they left it more than once)."""
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        account = str(row["id"])
        previous = latest.get(account)
        if previous is None or _day(row["left"]) > _day(previous["left"]):
            latest[account] = row
    return [
        _Left(
            AccountLeft(
                account_id=account,
                account_name=row["name"],
                left_on=_day(row["left"]),
                roles=tuple(sorted(set(row["roles"]))),
            ),
            tuple(sorted(row["deals"], key=lambda d: str(d["id"]))),
        )
        for account, row in sorted(latest.items())
    ]


def _day(value: Any) -> date:
    found = to_date(value)
    assert found is not None  # end dates come from the query's non-null filter
    return found


async def _economic_buyers(
    tx: AsyncManagedTransaction, workspace: str, account_ids: list[str], day: date
) -> dict[str, dict[str, str]]:
    """Per account, element id -> person id of its economic buyers on the day."""
    rows = await fetch_all(
        tx,
        _ECONOMIC_BUYERS,
        {
            "workspace": workspace,
            "accountIds": account_ids,
            "role": BuyingRole.ECONOMIC_BUYER.value,
            "day": day,
        },
    )
    buyers: dict[str, dict[str, str]] = {}
    for row in rows:
        buyers.setdefault(str(row["accountId"]), {})[str(row["node"])] = str(row["id"])
    return buyers
