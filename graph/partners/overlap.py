"""Partner account mapping: which of a partner's shared records are our accounts, the overlap
matrix, the people only the partner knows there, warm introductions, the best partner route to an
economic buyer, accounts shared with several partners, and the program figures.

Which record is which account follows the rules of ``graph.partners.matching`` (normalized
domain, else normalized name; ambiguous and unmatched records listed, never guessed; duplicates
reported), and so does our side of the matrix (CUSTOMER / OPEN_OPPORTUNITY / PROSPECT_TARGET,
FORMER_CUSTOMER and LOST included as win-back candidates).

Partner contacts are the people currently employed at the ``:Partner`` (an ``EMPLOYED_AT``
without ``endDate``); people at an account likewise. ``KNOWS`` is read undirected.

Visibility: our own callers see everything. A partner-scoped caller (``viewer_partner_id``) may
only ask about its own partner (any other id is the same ``NotFound`` as a missing one) and sees
what the partner's sharing level allows: NONE nothing (``SharingForbidden``), COUNTS the matrix and
program figures, ACCOUNTS also the overlapping accounts with both statuses and the count of people
only they know there, CONTACTS also those people and the names on introduction routes. Partner
callers never see the matching report (it names our accounts outside the overlap), our accounts'
raw status, our sellers, nor another partner.

Every function takes ``(client, workspace, ...)`` and can be called directly (e.g. by the
benchmark); each runs a few statements in one read transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import GraphError, NotFound
from graph.core.model import (
    AccountStatus,
    BuyingRole,
    OpportunityState,
    PartnerAccountStatus,
    SharingLevel,
)
from graph.core.pagination import InvalidCursor, Page, decode_cursor, encode_cursor
from graph.core.temporal import employed_on, role_held_on
from graph.partners.matching import (
    MatchedRecord,
    MatchingReport,
    OurStatus,
    OverlapCell,
    RecordMatch,
    Resolution,
    fetch_shared_records,
    overlap_matrix,
    resolve_records,
)

T = TypeVar("T")


class SharingForbidden(GraphError):
    """The partner's sharing level does not let its callers see this."""

    code = "FORBIDDEN"


class InvalidOverlapArgument(GraphError):
    """An argument of an overlap query is out of range."""

    code = "INVALID_INPUT"


class Disclosure(StrEnum):
    """What one caller may see of a partner's overlap, from least to most."""

    COUNTS = "COUNTS"
    ACCOUNTS = "ACCOUNTS"
    CONTACTS = "CONTACTS"
    EVERYTHING = "EVERYTHING"


class RouteGap(StrEnum):
    """Why there is no route to an account's economic buyer."""

    NO_ECONOMIC_BUYER = "NO_ECONOMIC_BUYER"
    NO_ROUTE = "NO_ROUTE"


_DISCLOSURE_RANK = {level: rank for rank, level in enumerate(Disclosure)}
INTRODUCTION_ROLES: tuple[str, ...] = (BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER)
"""Role holders whom a warm introduction aims at."""

MAX_PARTNERS = 20
"""How many partners ``shared_by_all_partners`` takes at once."""


# --- values returned ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellFilter:
    """A cell, a row or a column of the matrix; None means "any"."""

    our_status: OurStatus | None = None
    partner_status: PartnerAccountStatus | None = None

    def admits(self, our_status: OurStatus, partner_status: PartnerAccountStatus) -> bool:
        """Whether an account with these statuses is in the filtered cells."""
        return (self.our_status is None or self.our_status is our_status) and (
            self.partner_status is None or self.partner_status is partner_status
        )


@dataclass(frozen=True)
class PartnerContactLink:
    """A partner contact who knows someone, and how well (the strongest KNOWS)."""

    contact_id: str
    contact_name: str
    strength: float


@dataclass(frozen=True)
class UncoveredPerson:
    """Someone at the account whom the partner's contacts know and none of our sellers does."""

    id: str
    name: str
    title: str | None
    known_by: tuple[PartnerContactLink, ...]


@dataclass(frozen=True)
class OverlapAccount:
    """An account both sides hold. ``account_status`` (our raw status) is None for partner
    callers; ``uncovered_people_count`` is None below ACCOUNTS; ``uncovered_people`` below
    CONTACTS."""

    account_id: str
    account_name: str
    domain: str | None
    account_status: AccountStatus | None
    our_status: OurStatus
    partner_status: PartnerAccountStatus
    records: tuple[MatchedRecord, ...]
    uncovered_people_count: int | None
    uncovered_people: tuple[UncoveredPerson, ...] | None


@dataclass(frozen=True)
class PartnerOverlap:
    """A partner's overlap with us: the full 3x3 matrix, the (filtered) accounts page, and for
    our own callers the matching report."""

    partner_id: str
    partner_name: str
    sharing_level: SharingLevel
    disclosure: Disclosure
    matrix: tuple[OverlapCell, ...]
    total_count: int
    accounts: Page[OverlapAccount] | None
    matching: MatchingReport | None


@dataclass(frozen=True)
class IntroductionRoute:
    """The warmest known link from a partner contact to a buyer of the account. Names and ids
    are None when the caller's sharing level hides people."""

    contact_id: str | None
    contact_name: str | None
    buyer_id: str | None
    buyer_name: str | None
    buyer_role: str
    strength: float


@dataclass(frozen=True)
class WarmIntroduction:
    """An account that is our prospect, target or open opportunity and the partner's customer,
    with the warmth of the partner's best route to its economic buyer or decision makers
    (None when its contacts know none of them)."""

    account_id: str
    account_name: str
    our_status: OurStatus
    partner_status: PartnerAccountStatus
    warmth: float | None
    reachable_buyers: int
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


@dataclass(frozen=True)
class PartnerStatusOf:
    """One partner's status for a shared account."""

    partner_id: str
    status: PartnerAccountStatus


@dataclass(frozen=True)
class SharedAccount:
    """An account shared by us and every partner asked about."""

    account_id: str
    account_name: str
    domain: str | None
    our_status: OurStatus
    partner_statuses: tuple[PartnerStatusOf, ...]


@dataclass(frozen=True)
class ProgramFigures:
    """Partner program figures over the overlap: the share that reached pipeline (any
    opportunity) and the share closed (a WON opportunity). Shares are None without overlap."""

    partner_id: str
    overlapping_accounts: int
    in_pipeline: int
    closed_won: int
    pipeline_share: float | None
    closed_share: float | None


# --- Cypher ---------------------------------------------------------------------------------

# A current role holder (b) of the account (a) on $day: the role (r) holds on the day and so does
# their employment at the account (someone who left, or whose role starts later, is no buyer).
_HOLDS_NOW: LiteralString = (
    role_held_on("r")
    + " AND EXISTS { MATCH (b)-[e:EMPLOYED_AT]->(a) WHERE "
    + employed_on("e")
    + " }"
)

_PARTNERS: LiteralString = """
UNWIND $partnerIds AS partnerId
MATCH (p:Partner {workspace: $workspace, id: partnerId})
RETURN p.id AS id, coalesce(p.name, p.id) AS name, p.sharingLevel AS sharingLevel
"""

# People at the page's accounts known by a current contact of the partner and by no seller.
_UNCOVERED_PEOPLE: LiteralString = (
    """
MATCH (:Partner {workspace: $workspace, id: $partnerId})<-[ce:EMPLOYED_AT]-(c:Person)
WHERE """
    + employed_on("ce")
    + """
MATCH (c)-[k:KNOWS]-(x:Person)-[e:EMPLOYED_AT]->(a:Account {workspace: $workspace})
WHERE a.id IN $accountIds AND x <> c AND """
    + employed_on("e")
    + """
  AND NOT EXISTS { MATCH (x)-[:KNOWS]-(:Seller) }
WITH a.id AS accountId, x, c, max(k.strength) AS strength
ORDER BY strength DESC, c.id
WITH accountId, x,
     collect({id: c.id, name: coalesce(c.name, c.id), strength: strength}) AS knownBy
RETURN accountId, x.id AS id, coalesce(x.name, x.id) AS name, x.title AS title, knownBy
ORDER BY accountId, id
"""
)

# The partner contacts' warmest link to each candidate account's current buyers.
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


# --- partners -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Partner:
    id: str
    name: str
    sharing_level: SharingLevel


# --- access ---------------------------------------------------------------------------------


def _not_found(partner_id: str) -> NotFound:
    # The same words whether the partner is missing or belongs to another caller.
    return NotFound(f"No partner {partner_id!r} in this workspace.")


def _check_partner_ids(partner_ids: Sequence[str], viewer_partner_id: str | None) -> None:
    if viewer_partner_id is None:
        return
    for partner_id in partner_ids:
        if partner_id != viewer_partner_id:
            raise _not_found(partner_id)


def _disclosure(partner: _Partner, viewer_partner_id: str | None, needed: Disclosure) -> Disclosure:
    """What the caller sees of this partner's overlap; ``SharingForbidden`` below ``needed``."""
    if viewer_partner_id is None:
        return Disclosure.EVERYTHING
    if partner.sharing_level is SharingLevel.NONE:
        raise SharingForbidden(
            f"Partner {partner.id!r} shares nothing (sharing level NONE); ask your partner "
            "manager to raise it."
        )
    granted = Disclosure(partner.sharing_level.value)
    if _DISCLOSURE_RANK[granted] < _DISCLOSURE_RANK[needed]:
        raise SharingForbidden(
            f"Partner {partner.id!r} shares {granted.value.lower()} only; this needs "
            f"{needed.value}."
        )
    return granted


def _sees(disclosure: Disclosure, needed: Disclosure) -> bool:
    return _DISCLOSURE_RANK[disclosure] >= _DISCLOSURE_RANK[needed]


@dataclass(frozen=True)
class _Loaded:
    partners: dict[str, _Partner]
    disclosure: Disclosure
    records: dict[str, list[dict[str, Any]]]


async def _load(
    tx: AsyncManagedTransaction,
    workspace: str,
    partner_ids: Sequence[str],
    viewer_partner_id: str | None,
    needed: Disclosure,
) -> _Loaded:
    """The partners (``NotFound`` for any missing), what the caller may see of them (checked
    before anything is read), then their shared records with candidates."""
    parameters = {"workspace": workspace, "partnerIds": list(partner_ids)}
    partners = {
        row["id"]: _Partner(
            row["id"], row["name"], SharingLevel(row.get("sharingLevel") or SharingLevel.ACCOUNTS)
        )
        for row in await fetch_all(tx, _PARTNERS, parameters)
    }
    for partner_id in partner_ids:
        if partner_id not in partners:
            raise _not_found(partner_id)
    # A partner caller can only name itself, so one disclosure covers every partner asked about.
    disclosures = [_disclosure(partners[p], viewer_partner_id, needed) for p in partner_ids]
    records = await fetch_shared_records(tx, workspace, partner_ids)
    return _Loaded(partners, min(disclosures, key=_DISCLOSURE_RANK.__getitem__), records)


# --- pagination -----------------------------------------------------------------------------


def _paginate(
    items: Sequence[T],
    *,
    first: int,
    after: str | None,
    sort_key: str,
    value_of: Callable[[T], float | None],
    id_of: Callable[[T], str],
    order: Callable[[float | None, str], tuple[Any, ...]],
) -> Page[T]:
    """A keyset page over a list already sorted by ``order(value_of(item), id_of(item))``."""
    if first < 0:
        raise InvalidOverlapArgument("'first' must not be negative.")
    start = 0
    if after:
        value, after_id = decode_cursor(after, sort_key)
        if value is not None and not isinstance(value, int | float):
            raise InvalidCursor("The 'after' cursor is malformed; pass an endCursor.")
        position = order(None if value is None else float(value), after_id)
        start = next(
            (i for i, item in enumerate(items) if order(value_of(item), id_of(item)) > position),
            len(items),
        )
    chosen = items[start : start + first]
    return Page(
        items=tuple(
            (encode_cursor(sort_key, value_of(item), id_of(item)), item) for item in chosen
        ),
        has_next_page=start + first < len(items),
        total_count=len(items),
    )


def _by_id(_value: float | None, item_id: str) -> tuple[Any, ...]:
    return (item_id,)


def _warmest_first(value: float | None, item_id: str) -> tuple[Any, ...]:
    return (value is None, -(value or 0.0), item_id)


# --- public functions -----------------------------------------------------------------------


async def partner_overlap(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    cell: CellFilter | None = None,
    first: int = 50,
    after: str | None = None,
    *,
    as_of: date | None = None,
    viewer_partner_id: str | None = None,
) -> PartnerOverlap:
    """The partner's overlap with our accounts: the full matrix (never filtered), one page of the
    overlapping accounts in ``cell`` ordered by account id, and for each the people only the
    partner's contacts know there, judged on ``as_of`` (default today). Three statements in one
    read transaction."""
    _check_partner_ids([partner_id], viewer_partner_id)
    cell = cell or CellFilter()
    day = as_of or date.today()

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[_Partner, Resolution, Disclosure, Page[RecordMatch] | None, list[dict[str, Any]]]:
        loaded = await _load(tx, workspace, [partner_id], viewer_partner_id, Disclosure.COUNTS)
        partner, disclosure = loaded.partners[partner_id], loaded.disclosure
        resolution = resolve_records(loaded.records[partner_id])
        if not _sees(disclosure, Disclosure.ACCOUNTS):
            return partner, resolution, disclosure, None, []
        page = _paginate(
            [m for m in resolution.matches if cell.admits(m.account.our_status, m.partner_status)],
            first=first,
            after=after,
            sort_key=f"overlap:{partner_id}",
            value_of=lambda m: None,
            id_of=lambda m: m.account.id,
            order=_by_id,
        )
        if not page.items:
            return partner, resolution, disclosure, page, []
        people = await fetch_all(
            tx,
            _UNCOVERED_PEOPLE,
            {
                "workspace": workspace,
                "partnerId": partner_id,
                "accountIds": [m.account.id for _, m in page.items],
                "day": day,
            },
        )
        return partner, resolution, disclosure, page, people

    partner, resolution, disclosure, page, people_rows = await client.read(work)
    accounts: Page[OverlapAccount] | None = None
    if page is not None:
        people = _uncovered_by_account(people_rows)
        names = _sees(disclosure, Disclosure.CONTACTS)
        ours = disclosure is Disclosure.EVERYTHING
        accounts = Page(
            items=tuple(
                (
                    cursor,
                    OverlapAccount(
                        account_id=m.account.id,
                        account_name=m.account.name,
                        domain=m.account.domain,
                        account_status=m.account.status if ours else None,
                        our_status=m.account.our_status,
                        partner_status=m.partner_status,
                        records=m.records,
                        uncovered_people_count=len(people.get(m.account.id, ())),
                        uncovered_people=tuple(people.get(m.account.id, ())) if names else None,
                    ),
                )
                for cursor, m in page.items
            ),
            has_next_page=page.has_next_page,
            total_count=page.total_count,
        )
    return PartnerOverlap(
        partner_id=partner.id,
        partner_name=partner.name,
        sharing_level=partner.sharing_level,
        disclosure=disclosure,
        matrix=overlap_matrix(resolution.matches),
        total_count=len(resolution.matches),
        accounts=accounts,
        matching=resolution.report if disclosure is Disclosure.EVERYTHING else None,
    )


def _uncovered_by_account(rows: Iterable[dict[str, Any]]) -> dict[str, list[UncoveredPerson]]:
    people: dict[str, list[UncoveredPerson]] = defaultdict(list)
    for row in rows:
        people[row["accountId"]].append(
            UncoveredPerson(
                id=row["id"],
                name=row["name"],
                title=row.get("title"),
                known_by=tuple(
                    PartnerContactLink(k["id"], k["name"], float(k["strength"] or 0.0))
                    for k in row["knownBy"]
                ),
            )
        )
    return people


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
    """Warm-introduction candidates: overlapping accounts that are our PROSPECT_TARGET or
    OPEN_OPPORTUNITY and the partner's CUSTOMER, ranked by warmth, the strongest KNOWS between a
    current partner contact and a current ECONOMIC_BUYER or DECISION_MAKER of the account
    (accounts without such a link last), then by account id. Needs ACCOUNTS for partner callers;
    names on the route need CONTACTS. Employments and roles are judged on ``as_of`` (default
    today): a buyer must hold the role and work at the account on that day."""
    _check_partner_ids([partner_id], viewer_partner_id)
    day = as_of or date.today()

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[Disclosure, list[RecordMatch], dict[str, dict[str, Any]]]:
        loaded = await _load(tx, workspace, [partner_id], viewer_partner_id, Disclosure.ACCOUNTS)
        candidates = [
            m
            for m in resolve_records(loaded.records[partner_id]).matches
            if m.partner_status is PartnerAccountStatus.CUSTOMER
            and m.account.our_status is not OurStatus.CUSTOMER
        ]
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
    names = _sees(disclosure, Disclosure.CONTACTS)
    introductions = sorted(
        (_introduction(m, routes.get(m.account.id), names) for m in candidates),
        key=lambda i: _warmest_first(i.warmth, i.account_id),
    )
    return _paginate(
        introductions,
        first=first,
        after=after,
        sort_key=f"introductions:{partner_id}",
        value_of=lambda i: i.warmth,
        id_of=lambda i: i.account_id,
        order=_warmest_first,
    )


def _introduction(match: RecordMatch, row: dict[str, Any] | None, names: bool) -> WarmIntroduction:
    route = None
    if row is not None:
        best = row["best"]
        route = IntroductionRoute(
            contact_id=best["contactId"] if names else None,
            contact_name=best["contactName"] if names else None,
            buyer_id=best["buyerId"] if names else None,
            buyer_name=best["buyerName"] if names else None,
            buyer_role=best["role"],
            strength=float(best["strength"] or 0.0),
        )
    return WarmIntroduction(
        account_id=match.account.id,
        account_name=match.account.name,
        our_status=match.account.our_status,
        partner_status=match.partner_status,
        warmth=None if route is None else route.strength,
        reachable_buyers=0 if row is None else int(row["reachable"]),
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
    holds the role and works at the account on ``as_of`` (default today), and so do partner
    contacts at their partner. Our callers only: it compares partners and names our sellers."""
    if viewer_partner_id is not None:
        raise SharingForbidden("Partner credentials cannot compare partners.")
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
        raise NotFound(f"No account {account_id!r} in this workspace.")
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


async def shared_by_all_partners(
    client: GraphClient,
    workspace: str,
    partner_ids: Sequence[str],
    first: int = 50,
    after: str | None = None,
    *,
    viewer_partner_id: str | None = None,
) -> Page[SharedAccount]:
    """Accounts that we and every given partner hold (each partner's overlap, intersected),
    with our status and each partner's, ordered by account id. For co-marketing and joint event
    lists: practitioners build a shared target list about 3x the size of the event, so ask for
    ``first = 3 * seats``. A partner caller may only name itself and needs ACCOUNTS."""
    wanted = list(dict.fromkeys(partner_ids))
    if not wanted or len(wanted) > MAX_PARTNERS:
        raise InvalidOverlapArgument(f"Give between 1 and {MAX_PARTNERS} partner ids.")
    _check_partner_ids(wanted, viewer_partner_id)

    async def work(tx: AsyncManagedTransaction) -> dict[str, list[dict[str, Any]]]:
        loaded = await _load(tx, workspace, wanted, viewer_partner_id, Disclosure.ACCOUNTS)
        return loaded.records

    records = await client.read(work)
    per_partner = {
        pid: {m.account.id: m for m in resolve_records(records[pid]).matches} for pid in wanted
    }
    common = set.intersection(*(set(matches) for matches in per_partner.values()))
    shared = [
        SharedAccount(
            account_id=account_id,
            account_name=per_partner[wanted[0]][account_id].account.name,
            domain=per_partner[wanted[0]][account_id].account.domain,
            our_status=per_partner[wanted[0]][account_id].account.our_status,
            partner_statuses=tuple(
                PartnerStatusOf(pid, per_partner[pid][account_id].partner_status) for pid in wanted
            ),
        )
        for account_id in sorted(common)
    ]
    return _paginate(
        shared,
        first=first,
        after=after,
        sort_key="shared:" + ",".join(wanted),
        value_of=lambda s: None,
        id_of=lambda s: s.account_id,
        order=_by_id,
    )


async def program_figures(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    *,
    viewer_partner_id: str | None = None,
) -> ProgramFigures:
    """Over the partner's overlap: how many accounts reached pipeline (have any opportunity)
    and how many closed (have a WON opportunity), and their shares of the overlap (the seed
    material's example: 30 shared accounts, 55% into pipeline, 48% closed). COUNTS suffices."""
    _check_partner_ids([partner_id], viewer_partner_id)

    async def work(tx: AsyncManagedTransaction) -> list[RecordMatch]:
        loaded = await _load(tx, workspace, [partner_id], viewer_partner_id, Disclosure.COUNTS)
        return list(resolve_records(loaded.records[partner_id]).matches)

    matches = await client.read(work)
    total = len(matches)
    pipeline = sum(1 for m in matches if m.account.opportunity_states)
    won = sum(1 for m in matches if OpportunityState.WON in m.account.opportunity_states)
    return ProgramFigures(
        partner_id=partner_id,
        overlapping_accounts=total,
        in_pipeline=pipeline,
        closed_won=won,
        pipeline_share=pipeline / total if total else None,
        closed_share=won / total if total else None,
    )
