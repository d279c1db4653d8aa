"""Warm introductions and the best partner route to an account's economic buyer.

A warm introduction is an overlapping account that is our PROSPECT_TARGET or OPEN_OPPORTUNITY and
the partner's CUSTOMER; its warmth is the strongest KNOWS between a partner contact and a current
economic buyer or decision maker of the account. "Current" on a day follows
``graph.core.temporal``: the contact works at the partner, the buyer holds the role and works at
the account (someone who left, or whose role starts later, is no buyer). What a partner caller
sees follows ``graph.partners.boundary``: the accounts at ACCOUNTS, warmth and the route's people
at CONTACTS; ``best_partner_for_account`` is our team's only (it compares partners).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import NotFound
from graph.core.model import BuyingRole, PartnerAccountStatus
from graph.core.pagination import Page, paginate
from graph.core.temporal import employed_on, role_held_on
from graph.partners.boundary import Disclosure, load_partners, members_only, sees
from graph.partners.matching import OurStatus, RecordMatch
from graph.partners.overlap import check_first

INTRODUCTION_ROLES: tuple[str, ...] = (BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER)
"""Role holders whom a warm introduction aims at."""


class RouteGap(StrEnum):
    """Why there is no route to an account's economic buyer."""

    NO_ECONOMIC_BUYER = "NO_ECONOMIC_BUYER"
    NO_ROUTE = "NO_ROUTE"


@dataclass(frozen=True)
class IntroductionRoute:
    """The warmest known link from a partner contact to a buyer of the account."""

    contact_id: str
    contact_name: str
    buyer_id: str
    buyer_name: str
    buyer_role: BuyingRole
    strength: float


@dataclass(frozen=True)
class WarmIntroduction:
    """A warm-introduction candidate. ``warmth``, ``reachable_buyers`` and ``route`` are None
    when the caller may not see them (a partner below CONTACTS); ``warmth`` and ``route`` are
    None too when no partner contact knows a buyer."""

    account_id: str
    account_name: str
    our_status: OurStatus
    partner_status: PartnerAccountStatus
    warmth: float | None
    reachable_buyers: int | None
    route: IntroductionRoute | None


@dataclass(frozen=True)
class DirectRoute:
    """Someone (a seller of ours, or a partner contact) who KNOWS the economic buyer directly."""

    from_id: str
    from_name: str
    buyer_id: str
    buyer_name: str
    strength: float


@dataclass(frozen=True)
class PartnerRouteOption:
    """A partner and its warmest direct route to the account's economic buyer."""

    partner_id: str
    partner_name: str
    route: DirectRoute


@dataclass(frozen=True)
class BestPartnerRoute:
    """Which partner gives the warmest route to an account's economic buyer, against ours.
    ``partners`` is ranked warmest first; ``gap`` says why there is no route at all."""

    account_id: str
    account_name: str
    economic_buyer_ids: tuple[str, ...]
    our_route: DirectRoute | None
    partners: tuple[PartnerRouteOption, ...]
    best_partner: PartnerRouteOption | None
    partner_is_warmer: bool
    gap: RouteGap | None


# A current role holder (b) of the account (a) on $day: the role (r) holds on the day and so does
# their employment at the account.
_HOLDS_NOW: LiteralString = (
    role_held_on("r")
    + " AND EXISTS { MATCH (b)-[e:EMPLOYED_AT]->(a) WHERE "
    + employed_on("e")
    + " }"
)

_INTRODUCTION_ROUTES: LiteralString = (
    """
MATCH (:Partner {workspace: $workspace, id: $partnerId})<-[ce:EMPLOYED_AT]-(c:Person)
WHERE """
    + employed_on("ce")
    + """
MATCH (c)-[k:KNOWS]-(b:Person)-[r:HOLDS_ROLE]->(a:Account {workspace: $workspace})
WHERE a.id IN $accountIds AND r.role IN $roles AND b <> c AND """
    + _HOLDS_NOW
    + """
WITH a.id AS accountId, b, c, r.role AS role, k.strength AS strength
ORDER BY strength DESC, CASE role WHEN 'ECONOMIC_BUYER' THEN 0 ELSE 1 END, b.id, c.id
WITH accountId,
     collect({contactId: c.id, contactName: coalesce(c.name, c.id), buyerId: b.id,
              buyerName: coalesce(b.name, b.id), role: role, strength: strength}) AS routes,
     count(DISTINCT b) AS reachable
RETURN accountId, routes[0] AS best, reachable
"""
)

_ECONOMIC_BUYERS: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace, id: $accountId})
OPTIONAL MATCH (a)<-[r:HOLDS_ROLE]-(b:Person)
WHERE r.role = $role AND """
    + _HOLDS_NOW
    + """
WITH a, b ORDER BY b.id
RETURN a.id AS id, coalesce(a.name, a.id) AS name, collect(DISTINCT b.id) AS buyerIds
"""
)

_SELLER_ROUTE: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace, id: $accountId})<-[r:HOLDS_ROLE]-(b:Person)
WHERE r.role = $role AND """
    + _HOLDS_NOW
    + """
MATCH (b)-[k:KNOWS]-(s:Seller)
RETURN s.id AS fromId, coalesce(s.name, s.id) AS fromName, b.id AS buyerId,
       coalesce(b.name, b.id) AS buyerName, k.strength AS strength
ORDER BY strength DESC, fromId, buyerId
LIMIT 1
"""
)

_PARTNER_ROUTES: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace, id: $accountId})<-[r:HOLDS_ROLE]-(b:Person)
WHERE r.role = $role AND """
    + _HOLDS_NOW
    + """
MATCH (b)-[k:KNOWS]-(c:Person)-[ce:EMPLOYED_AT]->(p:Partner {workspace: $workspace})
WHERE c <> b AND """
    + employed_on("ce")
    + """
WITH p, b, c, k.strength AS strength
ORDER BY strength DESC, b.id, c.id
WITH p, collect({fromId: c.id, fromName: coalesce(c.name, c.id), buyerId: b.id,
                 buyerName: coalesce(b.name, b.id), strength: strength})[0] AS best
RETURN p.id AS partnerId, coalesce(p.name, p.id) AS partnerName, best
ORDER BY best.strength DESC, partnerId
"""
)


def _warmest_first(item: WarmIntroduction) -> tuple[Any, ...]:
    return (1 if item.warmth is None else 0, -(item.warmth or 0.0), item.account_id)


async def warm_introductions(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    first: int = 50,
    after: str | None = None,
    *,
    as_of: date | None = None,
    viewer_partner_id: str | None = None,
) -> Page[WarmIntroduction]:
    """Warm-introduction candidates ranked by warmth (accounts without a route last), then by
    account id; judged on ``as_of`` (default today). A partner caller needs ACCOUNTS; below
    CONTACTS it gets the accounts by id without warmth, counts or routes."""
    check_first(first)
    day = as_of or date.today()

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[Disclosure, list[RecordMatch], dict[str, dict[str, Any]]]:
        loaded = await load_partners(
            tx, workspace, [partner_id], viewer_partner_id, Disclosure.ACCOUNTS
        )
        candidates = [
            m
            for m in loaded.resolutions[partner_id].matches
            if m.partner_status is PartnerAccountStatus.CUSTOMER
            and m.account.our_status is not OurStatus.CUSTOMER
        ]
        if not sees(loaded.disclosure, Disclosure.CONTACTS):
            return loaded.disclosure, candidates, {}
        routes = await fetch_all(
            tx,
            _INTRODUCTION_ROUTES,
            {
                "workspace": workspace,
                "partnerId": partner_id,
                "accountIds": [m.account.id for m in candidates],
                "roles": list(INTRODUCTION_ROLES),
                "day": day,
            },
        )
        return loaded.disclosure, candidates, {row["accountId"]: row for row in routes}

    disclosure, candidates, routes = await client.read(work)
    if not sees(disclosure, Disclosure.CONTACTS):
        plain = [_introduction(m, None, shown=False) for m in candidates]
        return paginate(
            plain,
            first=first,
            after=after,
            sort_key=f"introductions-by-id:{partner_id}",
            position=lambda i: (i.account_id,),
        )
    introductions = sorted(
        (_introduction(m, routes.get(m.account.id), shown=True) for m in candidates),
        key=_warmest_first,
    )
    return paginate(
        introductions,
        first=first,
        after=after,
        sort_key=f"introductions:{partner_id}",
        position=_warmest_first,
    )


def _introduction(
    match: RecordMatch, row: dict[str, Any] | None, *, shown: bool
) -> WarmIntroduction:
    route = None
    if row is not None:
        best = row["best"]
        route = IntroductionRoute(
            contact_id=best["contactId"],
            contact_name=best["contactName"],
            buyer_id=best["buyerId"],
            buyer_name=best["buyerName"],
            buyer_role=BuyingRole(best["role"]),
            strength=float(best["strength"] or 0.0),
        )
    return WarmIntroduction(
        account_id=match.account.id,
        account_name=match.account.name,
        our_status=match.account.our_status,
        partner_status=match.partner_status,
        warmth=None if route is None else route.strength,
        reachable_buyers=(0 if row is None else int(row["reachable"])) if shown else None,
        route=route,
    )


def _direct_route(row: dict[str, Any]) -> DirectRoute:
    return DirectRoute(
        from_id=row["fromId"],
        from_name=row["fromName"],
        buyer_id=row["buyerId"],
        buyer_name=row["buyerName"],
        strength=float(row["strength"] or 0.0),
    )


async def best_partner_for_account(
    client: GraphClient,
    workspace: str,
    account_id: str,
    *,
    as_of: date | None = None,
    viewer_partner_id: str | None = None,
) -> BestPartnerRoute:
    """Which partner gives the warmest direct route to the account's economic buyer, compared
    with our own. Routes are direct on purpose (longer ones are the path search's job): a
    partner's route is Partner <-EMPLOYED_AT- current contact -KNOWS- economic buyer (2 hops from
    the partner), ours is Seller -KNOWS- economic buyer (1 hop); warmth is that KNOWS strength.
    Every partner with a route is listed, warmest first (ties by partner id). The economic buyer
    holds the role and works at the account on ``as_of`` (default today), and partner contacts
    work at their partner then. Our callers only: it compares partners and names our sellers."""
    members_only(viewer_partner_id, "bestPartnerForAccount")
    parameters = {
        "workspace": workspace,
        "accountId": account_id,
        "role": BuyingRole.ECONOMIC_BUYER.value,
        "day": as_of or date.today(),
    }

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        account = await fetch_all(tx, _ECONOMIC_BUYERS, parameters)
        if not account:
            return account, [], []
        ours = await fetch_all(tx, _SELLER_ROUTE, parameters)
        theirs = await fetch_all(tx, _PARTNER_ROUTES, parameters)
        return account, ours, theirs

    account_rows, our_rows, partner_rows = await client.read(work)
    if not account_rows:
        raise NotFound.of("Account", account_id, argument="accountId")
    account = account_rows[0]
    our_route = _direct_route(our_rows[0]) if our_rows else None
    partners = tuple(
        PartnerRouteOption(row["partnerId"], row["partnerName"], _direct_route(row["best"]))
        for row in partner_rows
    )
    best = partners[0] if partners else None
    buyers = tuple(account["buyerIds"])
    gap = None
    if not buyers:
        gap = RouteGap.NO_ECONOMIC_BUYER
    elif our_route is None and best is None:
        gap = RouteGap.NO_ROUTE
    return BestPartnerRoute(
        account_id=account["id"],
        account_name=account["name"],
        economic_buyer_ids=buyers,
        our_route=our_route,
        partners=partners,
        best_partner=best,
        partner_is_warmer=best is not None
        and (our_route is None or best.route.strength > our_route.strength),
        gap=gap,
    )
